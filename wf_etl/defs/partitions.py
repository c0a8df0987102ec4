"""Partitions: tenant x day. A day is a run's created_at date in UTC, today included.

The tenant dimension is static, read from AMPERITY_TENANT when the code location loads:
adding a tenant is an environment change and a reload, never a code change, and every
tenant-day has its own status in the UI. (A dynamic dimension would also need a sensor or a
CLI to register tenants; the variable is already the one place tenants are named.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import dagster as dg

DAY, TENANT = "day", "tenant"


def daily_partitions(start_date: str) -> dg.DailyPartitionsDefinition:
    # end_offset=1: today's partition exists already, so the hourly schedule can keep it fresh.
    return dg.DailyPartitionsDefinition(start_date=start_date, timezone="UTC", end_offset=1)


def tenant_day_partitions(start_date: str, tenants: Iterable[str]) -> dg.MultiPartitionsDefinition:
    return dg.MultiPartitionsDefinition(
        {
            DAY: daily_partitions(start_date),
            TENANT: dg.StaticPartitionsDefinition(list(dict.fromkeys(tenants))),
        }
    )


def partition_key(tenant: str, day: date | str) -> str:
    """The key of one tenant-day, as Dagster spells it (dimensions in name order)."""
    return str(dg.MultiPartitionKey({DAY: str(day), TENANT: tenant}))


def days_by_tenant(keys: Iterable[str]) -> dict[str, list[date]]:
    """The days a run's partition keys cover, per tenant, in order."""
    found: dict[str, set[date]] = defaultdict(set)
    for key in keys:
        day, tenant = str(key).split("|", 1)
        found[tenant].add(date.fromisoformat(day))
    return {tenant: sorted(days) for tenant, days in sorted(found.items())}
