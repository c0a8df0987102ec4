"""`wf-etl guard` and `wf-etl stop` as an operator runs them: subprocesses against a simulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import API_ENV_VARS
from tests.guard.conftest import STOP_POLICY, land_history, rows, runaway_ids, stop_requests
from wf_etl.simulator import Simulator


@pytest.fixture
def live_sim() -> Iterator[Simulator]:
    """On the wall clock, since the CLI measures runtimes against the real time."""
    with Simulator(tenants=("acme",), seed=11, days=14, runs_per_day=40) as simulator:
        yield simulator


@pytest.fixture
def cli_env(live_sim: Simulator, tmp_path: Path) -> dict[str, str]:
    db = tmp_path / "warehouse.duckdb"
    land_history(db, live_sim)
    policy = tmp_path / "policy.toml"
    policy.write_text(STOP_POLICY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in API_ENV_VARS and "GUARD" not in k}
    return {
        **env,
        "AMPERITY_BASE_URL": live_sim.base_url or "",
        "AMPERITY_TENANT": "acme",
        "AMPERITY_API_TOKEN": live_sim.token,
        "WF_ETL_DUCKDB_PATH": str(db),
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


def test_guard_dry_run_lists_the_runaways_and_why(live_sim: Simulator, cli_env: dict) -> None:
    done = wf_etl(cli_env, "guard", "--dry-run")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "stopping enabled; dry run" in lines[0]
    for run_id in runaway_ids(live_sim):
        (line,) = [x for x in lines if run_id in x]
        assert 'rule "runaways"' in line and "> limit" in line and "4x p95 (p95 " in line
        assert "would stop (not stopped: --dry-run)" in line
    assert "2 over their limit: 2 would stop" in lines[-1]
    assert stop_requests(live_sim) == []
    db = Path(cli_env["WF_ETL_DUCKDB_PATH"])
    assert {(r["source"], r["outcome"], r["dry_run"]) for r in rows(db)} == {
        ("cli-guard", "would_stop", True)
    }


def test_stop_with_yes_stops_records_and_prints_the_answer(
    live_sim: Simulator, cli_env: dict
) -> None:
    run_id = sorted(runaway_ids(live_sim))[0]
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
    assert row["request_id"] == sent.request_id and row["runtime_ms"] > 3 * 3_600_000


def test_stop_answered_no_does_nothing(live_sim: Simulator, cli_env: dict) -> None:
    run_id = sorted(runaway_ids(live_sim))[0]
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
