"""The hourly schedule: keep today's and yesterday's partitions current in one run."""

from __future__ import annotations

from datetime import UTC, timedelta

import dagster as dg
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)


def partition_range_tags(first_day: str, last_day: str) -> dict[str, str]:
    """Tags that make one run cover a range of daily partitions, as a single-run backfill does."""
    return {ASSET_PARTITION_RANGE_START_TAG: first_day, ASSET_PARTITION_RANGE_END_TAG: last_day}


def build_latest_partitions_schedule(job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="hourly_latest_partitions",
        cron_schedule="7 * * * *",
        job=job,
        execution_timezone="UTC",
        description="Hourly: yesterday's and today's runs, plus any still in flight from before.",
    )
    def hourly_latest_partitions(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        today = context.scheduled_execution_time.astimezone(UTC).date()
        yesterday = today - timedelta(days=1)
        return dg.RunRequest(
            run_key=f"latest-{context.scheduled_execution_time.isoformat()}",
            tags=partition_range_tags(yesterday.isoformat(), today.isoformat()),
        )

    return hourly_latest_partitions
