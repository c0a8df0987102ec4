"""The Dagster assets, materialised for real against the simulator into a temporary DuckDB."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import SIM_NOW, point_env_at
from wf_etl.definitions import build_defs
from wf_etl.defs.launch import run_sync
from wf_etl.simulator import Simulator
from wf_etl.windows import Window

WINDOW = Window(SIM_NOW - timedelta(days=4), SIM_NOW)
TERMINAL = {"succeeded", "failed", "canceled", "cancelled", "stopped", "skipped"}


def canonical(state: str) -> str:
    return state.strip().lower().replace(" ", "_").replace("-", "_")


def table(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def verbose_gets(sim: Simulator) -> list[str]:
    return [r.run_id for r in sim.requests if r.endpoint == "get" and r.status == 200]


def test_definitions_load(clean_env: pytest.MonkeyPatch) -> None:
    defs = build_defs()
    repo = defs.get_repository_def()
    assert {"raw_workflow_runs", "workflow_runs", "task_instances", "workflow_errors"} <= {
        key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()
    }
    assert defs.resolve_schedule_def("hourly_latest_partitions")
    assert len(list(repo.asset_checks_defs_by_key)) >= 6


def test_first_sync_loads_every_run_and_task_in_the_window(sim: Simulator, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    outcome = run_sync(WINDOW, duckdb_path=str(db))
    assert outcome.success, outcome.error

    expected = [r for r in sim.runs("acme") if WINDOW.start <= _ts(r["created_at"]) < WINDOW.end]
    assert len(expected) > 20
    runs = dict(table(db, "select id, state from workflow_runs"))
    assert runs == {r["id"]: canonical(r["state"]) for r in expected}
    tasks = table(db, "select count(*), count(distinct id) from task_instances")[0]
    assert tasks[0] == tasks[1] == sum(len(r.get("task_instances") or []) for r in expected)
    failed_with_error = sum(
        1 for r in expected if canonical(r["state"]) == "failed" and r.get("error")
    )
    assert (
        table(db, "select count(*) from workflow_errors where scope = 'workflow'")[0][0]
        >= failed_with_error
    )
    assert all(c.passed for c in outcome.checks if c.severity == "ERROR")


def test_second_sync_updates_moved_runs_and_does_not_refetch_terminal_ones(
    sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(WINDOW, duckdb_path=str(db)).success
    in_flight = {rid for (rid,) in table(db, "select id from workflow_runs where not is_terminal")}
    assert in_flight, "the simulator's history should have runs in flight at 'now'"
    tasks_before = table(db, "select count(*) from task_instances")[0][0]

    sim.advance(6 * 3600)
    sim.clear_requests()
    later = Window(WINDOW.start, WINDOW.end + timedelta(hours=6))
    assert run_sync(later, duckdb_path=str(db)).success

    fetched = verbose_gets(sim)
    new_runs = {r["id"] for r in sim.runs("acme") if _ts(r["created_at"]) >= WINDOW.end}
    assert set(fetched) <= in_flight | new_runs, "a terminal run was fetched again"
    assert in_flight <= set(fetched)
    states = dict(table(db, "select id, state from workflow_runs"))
    truth = {r["id"]: canonical(r["state"]) for r in sim.runs("acme")}
    assert all(states[rid] == truth[rid] for rid in in_flight)
    assert table(db, "select count(*) - count(distinct id) from workflow_runs")[0][0] == 0
    assert table(db, "select count(*) - count(distinct id) from task_instances")[0][0] == 0
    assert table(db, "select count(*) from task_instances")[0][0] > tasks_before


def test_bad_answers_are_rejected_while_the_rest_load(sim: Simulator, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    in_window = [
        r["id"] for r in sim.runs("acme") if WINDOW.start <= _ts(r["created_at"]) < WINDOW.end
    ]
    bad = {"truncated": in_window[0], "not_json": in_window[1], "missing_fields": in_window[2]}
    for kind, run_id in bad.items():
        sim.faults.set(kind, run_ids=[run_id], endpoints=("get",))
    outcome = run_sync(WINDOW, duckdb_path=str(db))
    assert outcome.success, outcome.error
    loaded = {rid for (rid,) in table(db, "select id from workflow_runs")}
    assert loaded == set(in_window) - set(bad.values())
    rejected = dict(
        table(db, "select workflow_id, reason from rejected_records where resolved_at is null")
    )
    assert set(rejected) == set(bad.values())
    assert all(run_id in reason for run_id, reason in rejected.items())

    sim.faults.clear()
    assert run_sync(WINDOW, duckdb_path=str(db)).success
    assert {rid for (rid,) in table(db, "select id from workflow_runs")} == set(in_window)
    assert table(db, "select count(*) from rejected_records where resolved_at is null")[0][0] == 0


def test_a_failing_tenant_leaves_the_previous_tables_intact(
    sim: Simulator, clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(WINDOW, duckdb_path=str(db)).success
    before = table(db, "select * from workflow_runs order by id")
    sim.advance(6 * 3600)
    clean_env.setenv("WF_ETL_MAX_ATTEMPTS", "2")  # fail fast: the retries have tests of their own
    sim.faults.set("http_500", endpoints=("list",))
    outcome = run_sync(Window(WINDOW.start, WINDOW.end + timedelta(hours=6)), duckdb_path=str(db))
    assert not outcome.success
    assert "acme" in (outcome.error or "")
    assert table(db, "select * from workflow_runs order by id") == before


@pytest.mark.clock
def test_run_created_at_the_last_millisecond_of_a_day_lands_in_that_days_partition(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    edge = datetime(2026, 6, 8, 23, 59, 59, 999000, tzinfo=UTC)
    with Simulator(tenants=("acme",), seed=5, days=4, runs_per_day=6, now=SIM_NOW) as sim:
        point_env_at(clean_env, sim)
        run_id = sim.add_run("acme", created_at=edge)
        defs = build_defs(partitions_start="2026-06-01", duckdb_path=str(tmp_path / "a.duckdb"))
        job = defs.resolve_job_def("sync_job")
        assert job.execute_in_process(partition_key="2026-06-08|acme").success
        assert (run_id,) in table(tmp_path / "a.duckdb", "select id from workflow_runs")
        defs = build_defs(partitions_start="2026-06-01", duckdb_path=str(tmp_path / "b.duckdb"))
        assert (
            defs.resolve_job_def("sync_job")
            .execute_in_process(partition_key="2026-06-09|acme")
            .success
        )
        assert (run_id,) not in table(tmp_path / "b.duckdb", "select id from workflow_runs")
        created = table(
            tmp_path / "a.duckdb", f"select created_at from workflow_runs where id = '{run_id}'"
        )
        assert created[0][0].astimezone(UTC) == edge


def test_two_tenants_are_synced_apart_each_within_its_rate_budget(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with Simulator(tenants=("acme", "globex"), seed=3, days=2, runs_per_day=15, now=SIM_NOW) as sim:
        point_env_at(clean_env, sim, "acme,globex")
        db = tmp_path / "wh.duckdb"
        window = Window(SIM_NOW - timedelta(days=2), SIM_NOW)
        assert run_sync(window, duckdb_path=str(db)).success
        for tenant in ("acme", "globex"):
            expected = {
                r["id"]
                for r in sim.runs(tenant)
                if window.start <= _ts(r["created_at"]) < window.end
            }
            got = {
                rid
                for (rid,) in table(db, f"select id from workflow_runs where tenant = '{tenant}'")
            }
            assert got == expected
        assert max(sim.stats["max_requests_per_window"].values()) <= 10


def test_one_tenant_failing_does_not_roll_back_the_other(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with Simulator(tenants=("acme",), seed=3, days=2, runs_per_day=10, now=SIM_NOW) as sim:
        point_env_at(clean_env, sim, "acme,initech")  # initech is unknown to the server: 403
        db = tmp_path / "wh.duckdb"
        outcome = run_sync(Window(SIM_NOW - timedelta(days=2), SIM_NOW), duckdb_path=str(db))
        assert not outcome.success and "initech" in (outcome.error or "")
        assert table(db, "select count(*) from raw_workflow_runs where tenant = 'acme'")[0][0] > 0


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.clock
def test_schedule_requests_yesterday_and_today_for_every_tenant_in_its_own_run(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("AMPERITY_TENANT", "acme,globex")
    defs = build_defs()
    schedule = defs.resolve_schedule_def("hourly_latest_partitions")
    when = datetime(2026, 6, 10, 9, 7, tzinfo=UTC)
    with dg.build_schedule_context(scheduled_execution_time=when) as context:
        requests = schedule.evaluate_tick(context).run_requests
    ranges = {
        r.tags["wf_etl/tenant"]: (
            r.tags["dagster/asset_partition_range_start"],
            r.tags["dagster/asset_partition_range_end"],
        )
        for r in requests
    }
    assert ranges == {
        "acme": ("2026-06-09|acme", "2026-06-10|acme"),
        "globex": ("2026-06-09|globex", "2026-06-10|globex"),
    }
