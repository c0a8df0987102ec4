"""The production instance: several processes share one PostgreSQL for runs, events and
schedules. A multi-tenant backfill runs through it with the multiprocess executor, one run per
tenant, and every tenant-day's materialisation is in PostgreSQL."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import SIM_NOW, point_env_at
from tests.deploy.conftest import Postgres
from tests.reliability.conftest import rows
from wf_etl.defs.assets import WAREHOUSE_POOL
from wf_etl.defs.schedules import partition_range_tags
from wf_etl.simulator import Simulator

REPO = Path(__file__).resolve().parents[2]
TENANTS = ("acme", "globex")
DAYS = [(SIM_NOW - timedelta(days=d)).date().isoformat() for d in (1, 0)]


def sync_job_from_env() -> dg.JobDefinition:
    """The code location's sync job, as every step process rebuilds it from the environment."""
    from wf_etl.definitions import SYNC_JOB, build_defs

    return build_defs(partitions_start=DAYS[0]).resolve_job_def(SYNC_JOB)


def backfill(tenant: str) -> tuple[bool, str]:
    """One tenant's run, launched from its own process as a run launcher would."""
    with (
        dg.DagsterInstance.get() as instance,
        dg.execute_job(
            dg.reconstructable(sync_job_from_env),
            instance=instance,
            tags=partition_range_tags(tenant, DAYS[0], DAYS[-1]),
        ) as result,
    ):
        return result.success, result.run_id


@pytest.mark.slow
def test_a_multi_tenant_backfill_runs_through_a_postgres_instance_in_step_processes(
    postgres: Postgres, clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO / "examples" / "dagster.production.yaml", home / "dagster.yaml")
    db = tmp_path / "wh.duckdb"
    for var, value in {
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_HOST": postgres.host,
        "DAGSTER_PG_PORT": str(postgres.port),
        "DAGSTER_PG_USERNAME": postgres.user,
        "DAGSTER_PG_PASSWORD": "",
        "DAGSTER_PG_DB": postgres.db,
        "WF_ETL_DUCKDB_PATH": str(db),
        "WF_ETL_EXECUTOR": "multiprocess",
        "WF_ETL_LOCK_TIMEOUT_S": "120",
    }.items():
        clean_env.setenv(var, value)
    with Simulator(
        tenants=TENANTS, seed=6, days=3, runs_per_day=8, rate_limit_per_s=1000, now=SIM_NOW
    ) as sim:
        point_env_at(clean_env, sim)
        clean_env.setenv("WF_ETL_MAX_REQUESTS_PER_SECOND", "100")
        # the deploy step docs/deploy.md gives for a new instance: the pool's row made first
        subprocess.run(
            [str(Path(sys.executable).with_name("dagster")), "instance", "concurrency", "set",
             WAREHOUSE_POOL, "1"],
            check=True, capture_output=True,
        )  # fmt: skip
        with dg.DagsterInstance.get() as instance:
            assert "Postgres" in type(instance.run_storage).__name__
            assert instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL).slot_count == 1

            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=len(TENANTS), mp_context=spawn) as pool:
                outcomes = dict(zip(TENANTS, pool.map(backfill, TENANTS), strict=True))
            assert all(ok for ok, _ in outcomes.values()), outcomes

            # Runs and events are in PostgreSQL; each step ran in its own process.
            for tenant, (_, run_id) in outcomes.items():
                run = instance.get_run_by_id(run_id)
                assert run is not None and run.tags["wf_etl/tenant"] == tenant
                pids = {
                    e.dagster_event.pid
                    for e in instance.all_logs(run_id)
                    if e.is_dagster_event and e.dagster_event.is_step_start
                }
                assert len(pids) >= 3, pids
            done = instance.get_materialized_partitions(dg.AssetKey("landed_run_batches"))
            assert done == {f"{day}|{tenant}" for day in DAYS for tenant in TENANTS}

        for tenant in TENANTS:
            expected = {r["id"] for r in sim.runs(tenant) if r["created_at"][:10] >= DAYS[0]}
            got = {
                i for (i,) in rows(db, f"select id from workflow_runs where tenant = '{tenant}'")
            }
            assert got == expected
