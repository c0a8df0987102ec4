"""A multi-day sync against an API that fails often: nothing lost, nothing twice, all healed."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import SIM_NOW, point_env_at
from tests.reliability.conftest import rows, runs_in, show_figures
from wf_etl.defs.launch import SyncOutcome, run_sync
from wf_etl.simulator import LoggedRequest, Simulator
from wf_etl.windows import Window

# The mix: 10% 5xx, 5% 429, 2% truncated bodies, and random latency on every answer.
FAULTS = {"http_5xx": 0.10, "http_429": 0.05, "truncated": 0.02}
DAYS = 3
WINDOW = Window(SIM_NOW - timedelta(days=DAYS), SIM_NOW)


def tenant_figures(outcome: SyncOutcome) -> dict[str, int]:
    return outcome.metadata["landed_run_batches"]["tenants"]["acme"]


def final_answers(requests: list[LoggedRequest]) -> dict[str, LoggedRequest]:
    """Each run's last verbose answer: the one its fetch ended with (retries come before it)."""
    last: dict[str, LoggedRequest] = {}
    for request in sorted(requests, key=lambda r: r.at):
        if request.endpoint == "get" and request.run_id:
            last[request.run_id] = request
    return last


@pytest.mark.slow
def test_sync_under_faults_loads_every_valid_run_once_and_heals_every_rejection(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = tmp_path / "wh.duckdb"
    # The simulator's rate limit is lifted so the test does not wait on it; with the faults
    # drawn in arrival order from the seeded source, how many of each fire is reproducible.
    with Simulator(
        tenants=("acme",),
        seed=4,
        days=DAYS + 1,
        runs_per_day=40,
        latency_ms=(0, 40),
        rate_limit_per_s=1000,
        now=SIM_NOW,
    ) as sim:
        point_env_at(clean_env, sim)
        clean_env.setenv("WF_ETL_MAX_REQUESTS_PER_SECOND", "200")
        truth = runs_in(sim, WINDOW)
        for kind, rate in FAULTS.items():
            sim.faults.set(kind, rate=rate)

        first = run_sync(WINDOW, duckdb_path=str(db))
        assert first.success, first.error
        answers = sim.requests
        final = final_answers(answers)
        corrupted = {rid for rid, r in final.items() if r.status == 200 and "truncated" in r.faults}
        gave_up = {rid for rid, r in final.items() if r.status != 200}
        statuses = [r.status for r in answers]
        unreadable_pages = sum(
            1 for r in answers if r.endpoint == "list" and r.status == 200 and r.faults
        )
        got = tenant_figures(first)
        # Loading runs apart from fetching (the loader lands batches as they arrive), so what
        # was rejected is read from the warehouse, not from the fetch's figures.
        (rejected,) = rows(db, "select count(*) from rejected_records")[0]
        show_figures(
            "fault-injection sync",
            {
                "runs": len(truth),
                "requests": got["requests"],
                "retries": got["retries"],
                "http_429": got["http_429"],
                "http_5xx": got["http_5xx"],
                "truncated": len(corrupted),
                "gave_up": len(gave_up),
                "rejected": rejected,
            },
            request,
        )

        # Every run in the window was asked for; each one is loaded or rejected, never both.
        assert set(final) == set(truth)
        loaded = [rid for (rid,) in rows(db, "select id from workflow_runs")]
        assert len(loaded) == len(set(loaded)), "a run was loaded twice"
        assert set(loaded) == set(truth) - corrupted - gave_up
        open_rejections = rows(
            db, "select workflow_id, reason from rejected_records where resolved_at is null"
        )
        assert sorted(rid for rid, _ in open_rejections) == sorted(corrupted | gave_up)
        assert all(rid in reason for rid, reason in open_rejections)
        # What was loaded is what the API said, task for task.
        for rid, payload in rows(db, "select id, payload from raw_workflow_runs"):
            assert json.loads(payload) == truth[rid]
        (tasks, distinct_tasks) = rows(
            db, "select count(*), count(distinct id) from task_instances"
        )[0]
        assert tasks == distinct_tasks == sum(len(truth[rid]["task_instances"]) for rid in loaded)

        # The client's own counts agree with what the server saw.
        assert got["requests"] == len(answers)
        assert got["http_429"] == statuses.count(429) > 0
        assert got["http_5xx"] == sum(1 for s in statuses if s >= 500) > 0
        assert got["retries"] == got["http_429"] + got["http_5xx"] + unreadable_pages - len(gave_up)
        assert rejected == len(corrupted | gave_up) > 0

        # The faults stop; the next sync asks again for exactly the rejected and the live runs.
        sim.faults.clear()
        sim.clear_requests()
        in_flight = {
            rid for (rid,) in rows(db, "select id from raw_workflow_runs where not is_terminal")
        }
        second = run_sync(WINDOW, duckdb_path=str(db))
        assert second.success, second.error
        refetched = {r.run_id for r in sim.requests if r.endpoint == "get"}
        assert corrupted | gave_up <= refetched <= corrupted | gave_up | in_flight
        (healed,) = rows(db, "select count(*) from rejected_records where resolved_at is not null")[
            0
        ]
        show_figures(
            "sync after the faults stop",
            {"healed": healed, "heal_requests": len(refetched)},
            request,
        )

    assert {rid for (rid,) in rows(db, "select id from workflow_runs")} == set(truth)
    assert rows(db, "select count(*) from rejected_records where resolved_at is null") == [(0,)]
    assert healed == rejected


def test_a_rejection_heals_even_when_its_day_is_no_longer_synced(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    first_day = Window(SIM_NOW - timedelta(days=3), SIM_NOW - timedelta(days=2))
    last_day = Window(SIM_NOW - timedelta(days=1), SIM_NOW)
    day_one = list(runs_in(quick_sim, first_day))
    broken, gone = day_one[:2], day_one[2]
    quick_sim.faults.set("truncated", run_ids=broken, endpoints=("get",))
    quick_sim.faults.set("http_404", run_ids=[gone], endpoints=("get",))
    assert run_sync(first_day, duckdb_path=str(db)).success
    rejected = {rid for (rid,) in rows(db, "select workflow_id from rejected_records")}
    assert rejected == {*broken, gone}

    quick_sim.faults.clear()
    quick_sim.clear_requests()
    assert run_sync(last_day, duckdb_path=str(db)).success
    asked = {r.run_id for r in quick_sim.requests if r.endpoint == "get"}
    assert set(broken) <= asked and gone not in asked  # a run answered 404 is not asked again
    assert set(day_one) - {gone} <= {rid for (rid,) in rows(db, "select id from workflow_runs")}
    still_open = rows(db, "select workflow_id from rejected_records where resolved_at is null")
    assert still_open == [(gone,)]
