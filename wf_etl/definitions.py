"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

from collections.abc import Mapping

import dagster as dg

from wf_etl.defs.alerts import build_alerts_defs
from wf_etl.defs.analytics import build_analytics_assets
from wf_etl.defs.assets import build_assets
from wf_etl.defs.audit import build_audit_assets
from wf_etl.defs.checks import build_checks
from wf_etl.defs.guard import build_guard_defs
from wf_etl.defs.partitions import daily_partitions
from wf_etl.defs.resources import resources_from_env
from wf_etl.defs.schedules import build_latest_partitions_schedule
from wf_etl.settings import Settings

SYNC_JOB = "sync_job"


def build_defs(
    *,
    partitions_start: str | None = None,
    duckdb_path: str | None = None,
    env: Mapping[str, str] | None = None,
) -> dg.Definitions:
    """Definitions for a partitions start date; the CLI widens it for windows before the default."""
    settings = Settings.from_env(env)
    partitions = daily_partitions(partitions_start or settings.partitions_start)
    assets = [*build_assets(partitions), *build_audit_assets(partitions), *build_analytics_assets()]
    sync_job = dg.define_asset_job(
        SYNC_JOB,
        selection=dg.AssetSelection.assets(*assets),
        description="List, fetch and land runs and audit events, then rebuild the model and views.",
    )
    core = dg.Definitions(
        assets=assets,
        asset_checks=build_checks(),
        jobs=[sync_job],
        schedules=[build_latest_partitions_schedule(sync_job)],
        resources=resources_from_env(env, duckdb_path=duckdb_path),
        # DuckDB allows one writing process per file, so a run's steps share one process.
        executor=dg.in_process_executor,
    )
    return dg.Definitions.merge(core, build_guard_defs(env), build_alerts_defs(env))


defs = build_defs()
