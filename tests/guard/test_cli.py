"""`wf-etl guard` and `wf-etl stop` as an operator runs them: subprocesses against a simulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import API_ENV_VARS
from tests.guard.conftest import (
    STOP_POLICY,
    land_history,
    limits_by_type,
    over_limit,
    rows,
    stop_requests,
)
from wf_etl.guard import parse_policy
from wf_etl.simulator import Simulator

pytestmark = pytest.mark.clock  # `make test-clock` runs it again on pinned clocks

# The CLI runs on the wall clock, so which ordinary runs are in flight, and for how long, depends
# on the hour. One run stuck for days is over its limit at any hour: the p95 rule's when its type
# has the history, else this fallback's.
CLI_POLICY = (
    STOP_POLICY
    + """
[rules.stuck]
type = "*"
limit = "2d"
action = "stop"
"""
)

STUCK_FOR = timedelta(days=6)  # inside the policy's 7-day lookback


@pytest.fixture
def live_sim() -> Iterator[Simulator]:
    """On the wall clock, since the CLI measures runtimes against the real time."""
    with Simulator(tenants=("acme",), seed=11, days=14, runs_per_day=40) as simulator:
        yield simulator


@pytest.fixture
def stuck_id(live_sim: Simulator) -> str:
    return live_sim.add_run("acme", live_sim.now() - STUCK_FOR, outcome="runaway")


@pytest.fixture
def history(live_sim: Simulator, stuck_id: str, tmp_path: Path) -> list[dict[str, Any]]:
    """The records landed in the warehouse the CLI reads its p95 limits from."""
    return land_history(tmp_path / "warehouse.duckdb", live_sim)


@pytest.fixture
def cli_env(live_sim: Simulator, history: list, tmp_path: Path) -> dict[str, str]:
    policy = tmp_path / "policy.toml"
    policy.write_text(CLI_POLICY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in API_ENV_VARS and "GUARD" not in k}
    return {
        **env,
        "AMPERITY_BASE_URL": live_sim.base_url or "",
        "AMPERITY_TENANT": "acme",
        "AMPERITY_API_TOKEN": live_sim.token,
        "WF_ETL_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "WF_ETL_GUARD_POLICY": str(policy),
        "WF_ETL_GUARD_STOP_ENABLED": "true",
    }


def wf_etl(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wf_etl.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_guard_dry_run_lists_the_runaways_and_why(
    live_sim: Simulator, cli_env: dict, history: list, stuck_id: str
) -> None:
    policy = parse_policy(CLI_POLICY)
    lookback = timedelta(milliseconds=policy.lookback_ms)
    before, runs = live_sim.now(), live_sim.runs("acme")
    done = wf_etl(cli_env, "guard", "--dry-run")
    after, in_flight_after = live_sim.now(), live_sim.runs("acme")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "stopping enabled; dry run" in lines[0]
    listed = {line.split()[1]: line for line in lines[1:-1]}
    # The CLI decided at an instant between `before` and `after`: what is over its limit at
    # `before` and still in flight after must be listed; nothing that is not over by `after`.
    limits = limits_by_type(history, policy, before)
    still = {r["id"] for r in in_flight_after if "ended_at" not in r}
    surely = over_limit(runs, limits, before, since=after - lookback).keys() & still
    at_most = over_limit(runs, limits, after, since=before - lookback)
    assert stuck_id in surely
    assert surely <= listed.keys() <= at_most.keys(), done.stdout
    for run_id, line in listed.items():
        expected = at_most[run_id]
        assert f'rule "{expected.rule.name}"' in line and "> limit" in line, line
        basis = (
            ("[4x p95 (p95 ", f" over {expected.runs} runs)]") if expected.runs else ("[fixed 2d]",)
        )
        assert all(part in line for part in basis), line
        assert "would stop (not stopped: --dry-run)" in line
    n = len(listed)
    assert f"{n} over their limit: {n} would stop" in lines[-1]
    assert stop_requests(live_sim) == []
    recorded = rows(Path(cli_env["WF_ETL_DUCKDB_PATH"]))
    assert {r["run_id"] for r in recorded} == listed.keys()
    for row in recorded:
        assert (row["source"], row["outcome"], row["dry_run"]) == ("cli-guard", "would_stop", True)
        assert row["limit_ms"] == pytest.approx(at_most[row["run_id"]].limit_ms, abs=5)
        assert row["runtime_ms"] > row["limit_ms"]


def test_stop_with_yes_stops_records_and_prints_the_answer(
    live_sim: Simulator, cli_env: dict, stuck_id: str
) -> None:
    run_id = stuck_id
    done = wf_etl(cli_env, "stop", run_id, "--yes")

    assert done.returncode == 0, done.stderr
    (sent,) = stop_requests(live_sim)
    assert sent.run_id == run_id and sent.status == 200
    assert f"request_id {sent.request_id}" in done.stdout
    assert "wf-etl stop: stopped" in done.stdout and '"state": ' in done.stdout
    for label in ("name ", "type ", "state ", "runtime "):
        assert label in done.stdout
    (row,) = rows(Path(cli_env["WF_ETL_DUCKDB_PATH"]))
    assert (row["source"], row["rule"], row["outcome"]) == ("cli-stop", "manual", "stopped")
    assert (
        row["request_id"] == sent.request_id
        and row["runtime_ms"] > STUCK_FOR.total_seconds() * 1000
    )


def test_stop_answered_no_does_nothing(live_sim: Simulator, cli_env: dict, stuck_id: str) -> None:
    run_id = stuck_id
    done = wf_etl(cli_env, "stop", run_id, stdin="n\n")

    assert done.returncode == 1
    assert f"Stop run {run_id}? [y/N]" in done.stdout and "not stopped" in done.stdout
    assert stop_requests(live_sim) == []
    assert rows(Path(cli_env["WF_ETL_DUCKDB_PATH"])) == []


def test_a_bad_policy_is_one_line_and_exit_2(live_sim: Simulator, cli_env: dict) -> None:
    Path(cli_env["WF_ETL_GUARD_POLICY"]).write_text(
        STOP_POLICY.replace('action = "stop"', 'action = "kill"'), encoding="utf-8"
    )
    done = wf_etl(cli_env, "guard")

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert 'policy.toml line 6: rule "runaways" field action' in done.stderr
    assert live_sim.requests == []
