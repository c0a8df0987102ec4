"""`wf-etl sync` as a user runs it: a subprocess against the simulator, a real DuckDB file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import SIM_NOW
from wf_etl.simulator import Simulator

FROM = (SIM_NOW - timedelta(days=3)).date().isoformat()
TO = SIM_NOW.isoformat()
TABLES = ("raw_workflow_runs", "workflow_runs", "task_instances", "workflow_errors")


def wf_etl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wf_etl.cli", *args],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, **(env or {})},
    )


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, minus fetched_at (a refetch of a live run legitimately moves it)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: con.execute(f"select * exclude (fetched_at) from {t} order by all").fetchall()
            if t in ("raw_workflow_runs", "workflow_runs")
            else con.execute(f"select * from {t} order by all").fetchall()
            for t in TABLES
        }


def test_sync_twice_leaves_identical_tables_and_refetches_no_terminal_run(
    sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    home = tmp_path / "dagster_home"
    home.mkdir()
    first = wf_etl(
        "sync", "--from", FROM, "--to", TO, "--db", str(db), env={"DAGSTER_HOME": str(home)}
    )
    assert first.returncode == 0, first.stderr
    assert "listed" in first.stdout and "Summary" in first.stdout
    before = snapshot(db)
    with duckdb.connect(str(db), read_only=True) as con:
        terminal = {
            rid
            for (rid,) in con.execute("select id from workflow_runs where is_terminal").fetchall()
        }

    sim.clear_requests()
    second = wf_etl(
        "sync", "--from", FROM, "--to", TO, "--db", str(db), env={"DAGSTER_HOME": str(home)}
    )
    assert second.returncode == 0, second.stderr
    refetched = {r.run_id for r in sim.requests if r.endpoint == "get"}
    assert not refetched & terminal
    assert snapshot(db) == before

    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={"wf_etl/source": "cli"}))
    assert len(runs) == 2 and all(r.is_success for r in runs)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-30"], "--from '2026-02-30' is not a date"),
        (["--from", "2026-06-09", "--to", "2026-06-01"], "must be after"),
    ],
)
def test_sync_refuses_bad_dates_in_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = wf_etl(
        "sync", *args, "--db", str(tmp_path / "x.duckdb"), env={"AMPERITY_TENANT": "acme"}
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sync_without_a_tenant_says_what_to_set(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result = wf_etl("sync", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2 and "AMPERITY_TENANT" in result.stderr


def test_sync_with_a_wrong_token_fails_with_an_actionable_message(
    sim: Simulator, tmp_path: Path
) -> None:
    result = wf_etl(
        "sync",
        "--from",
        FROM,
        "--to",
        TO,
        "--db",
        str(tmp_path / "x.duckdb"),
        env={"AMPERITY_API_TOKEN": "not-the-token"},
    )
    assert result.returncode == 1
    assert "401" in result.stderr or "token" in result.stderr.lower()
    assert "not-the-token" not in result.stdout + result.stderr
