"""Daily partitions on a run's created_at, in UTC, today included."""

from __future__ import annotations

import dagster as dg


def daily_partitions(start_date: str) -> dg.DailyPartitionsDefinition:
    # end_offset=1: today's partition exists already, so the hourly schedule can keep it fresh.
    return dg.DailyPartitionsDefinition(start_date=start_date, timezone="UTC", end_offset=1)
