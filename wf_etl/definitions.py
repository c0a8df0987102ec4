"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

from collections.abc import Mapping

import dagster as dg

from wf_etl.amperity.config import tenants_from_env
from wf_etl.defs.analytics import build_analytics_assets
from wf_etl.defs.assets import FETCH_KEY, build_assets
from wf_etl.defs.checks import build_checks
from wf_etl.defs.guard import build_guard_defs
from wf_etl.defs.partitions import tenant_day_partitions
from wf_etl.defs.resources import resources_from_env
from wf_etl.defs.schedules import build_latest_partitions_schedule
from wf_etl.settings import Settings

SYNC_JOB, FETCH_JOB, LOAD_JOB = "sync_job", "fetch_job", "load_job"
EXECUTORS = {"in_process": dg.in_process_executor, "multiprocess": dg.multiprocess_executor}


def build_defs(
    *,
    partitions_start: str | None = None,
    duckdb_path: str | None = None,
    env: Mapping[str, str] | None = None,
) -> dg.Definitions:
    """Definitions for a partitions start date; the CLI widens it for windows before the default."""
    settings = Settings.from_env(env)
    tenants = tenants_from_env(env)
    partitions = tenant_day_partitions(partitions_start or settings.partitions_start, tenants)
    assets = [*build_assets(partitions), *build_analytics_assets()]
    sync_job = dg.define_asset_job(
        SYNC_JOB,
        selection=dg.AssetSelection.assets(*assets),
        description="List, fetch and land runs, then rebuild the model and views.",
    )
    # The same assets split where machines split: fetch anywhere (object storage only), load
    # where the working database lives (docs/deploy.md).
    fetch_job = dg.define_asset_job(
        FETCH_JOB,
        selection=dg.AssetSelection.assets(FETCH_KEY),
        description="List and fetch runs into the landing zone; opens no database.",
    )
    load_job = dg.define_asset_job(
        LOAD_JOB,
        selection=dg.AssetSelection.assets(*assets) - dg.AssetSelection.assets(FETCH_KEY),
        description="Load the landing zone into the working database, then model, lake, views.",
    )
    core = dg.Definitions(
        assets=assets,
        asset_checks=build_checks(),
        jobs=[sync_job, fetch_job, load_job],
        schedules=[build_latest_partitions_schedule(sync_job, tenants)],
        resources=resources_from_env(env, duckdb_path=duckdb_path),
        # Parallelism is across runs (one per tenant, each its own process, limited by the run
        # queue); inside a run the steps follow each other: fetch, load, model, views. The
        # multiprocess executor (WF_ETL_EXECUTOR=multiprocess) gives each step its own process,
        # as the k8s and celery executors give each its own pod or worker.
        executor=EXECUTORS[settings.executor],
    )
    return dg.Definitions.merge(core, build_guard_defs(env))


defs = build_defs()
