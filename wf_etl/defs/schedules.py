"""The hourly schedule: keep every tenant's today and yesterday current, one run per tenant."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, timedelta

import dagster as dg
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from wf_etl.defs.partitions import partition_key

TENANT_TAG = "wf_etl/tenant"


def partition_range_tags(tenant: str, first_day: str, last_day: str) -> dict[str, str]:
    """Tags that make one run cover a range of one tenant's days, as a single-run backfill
    does; the tenant tag lets the run queue limit runs per tenant (one rate budget each)."""
    return {
        ASSET_PARTITION_RANGE_START_TAG: partition_key(tenant, first_day),
        ASSET_PARTITION_RANGE_END_TAG: partition_key(tenant, last_day),
        TENANT_TAG: tenant,
    }


def build_latest_partitions_schedule(
    job: dg.UnresolvedAssetJobDefinition, tenants: Iterable[str]
) -> dg.ScheduleDefinition:
    tenants = list(tenants)

    @dg.schedule(
        name="hourly_latest_partitions",
        cron_schedule="7 * * * *",
        job=job,
        execution_timezone="UTC",
        description="Hourly, per tenant: yesterday's and today's runs, plus any still in flight.",
    )
    def hourly_latest_partitions(context: dg.ScheduleEvaluationContext):
        today = context.scheduled_execution_time.astimezone(UTC).date()
        yesterday = today - timedelta(days=1)
        if not tenants:
            return dg.SkipReason("AMPERITY_TENANT names no tenant")
        return [
            dg.RunRequest(
                run_key=f"latest-{tenant}-{context.scheduled_execution_time.isoformat()}",
                tags=partition_range_tags(tenant, yesterday.isoformat(), today.isoformat()),
            )
            for tenant in tenants
        ]

    return hourly_latest_partitions
