"""A sync killed with SIGKILL half-way through a write leaves the warehouse as it was before.

The command runs as `wf-etl ...` in a subprocess. A few lines wrapped around the real CLI
pause it inside the warehouse transaction, right after the SQL that writes rows (and before
the commit); the test then kills it with SIGKILL, as the OOM killer or a lost machine would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import SIM_NOW
from tests.defs.test_cli_sync import wf_etl
from tests.reliability.conftest import canonical, rows, runs_in
from wf_etl.defs.checks import CHECKS, evaluate
from wf_etl.defs.launch import run_sync
from wf_etl.defs.resources import WarehouseResource
from wf_etl.settings import StorageLayout
from wf_etl.simulator import Simulator
from wf_etl.windows import Window

BEFORE = Window(SIM_NOW - timedelta(days=3), SIM_NOW - timedelta(days=1))
WHOLE = Window(SIM_NOW - timedelta(days=3), SIM_NOW)
MODEL = ("workflow_runs", "task_instances", "workflow_errors")
INTEGRITY_CHECKS = [name for name, _, severity, _ in CHECKS if severity.value == "ERROR"]
ALL_TABLES = ("raw_workflow_runs", "rejected_records", *MODEL)

# The real CLI, with one pause: once a SQL file containing CRASH_AFTER_SQL has run, reading the
# next file of the same transaction leaves a marker and sleeps until the test kills the process.
PAUSED_CLI = """
import os, sys, time
import wf_etl.warehouse.execution as execution
from wf_etl import cli

read_sql, armed = execution.read_sql, [False]

def read_or_pause(relative):
    if armed[0]:
        with open(os.environ["CRASH_MARKER"], "w") as marker:
            marker.write(relative)
        time.sleep(600)
    text = read_sql(relative)
    armed[0] = os.environ["CRASH_AFTER_SQL"] in text
    return text

execution.read_sql = read_or_pause
sys.exit(cli.main())
"""


def snapshot(db: Path, tables: tuple[str, ...]) -> dict[str, list[tuple]]:
    return {t: sorted(rows(db, f"select * from {t}"), key=repr) for t in tables}


def check_results(db: Path) -> dict[str, tuple[int, list[str]]]:
    working = StorageLayout.beside(str(db)).working_path  # the checks run where the writer writes
    warehouse = WarehouseResource(database=working, lock_timeout_s=0)
    return {name: evaluate(warehouse, name, _params(name)) for name, *_ in CHECKS}


def _params(name: str) -> dict[str, object] | None:
    return {"stuck_after_hours": 24.0} if name == "runs_stuck_in_flight" else None


def kill_inside_transaction(tmp_path: Path, after_sql: str, *args: str) -> str:
    """Run `wf-etl ARGS`, SIGKILL it once it pauses; returns the SQL file it paused before."""
    marker = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "CRASH_MARKER": str(marker), "CRASH_AFTER_SQL": after_sql},
    )
    try:
        for _ in range(1200):  # a bounded wait for the pause, not a timing assertion
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), f"it never reached the crash point:\n{proc.communicate()[0]}"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    return marker.read_text()


@pytest.mark.slow
def test_a_sync_killed_while_landing_leaves_the_previous_state_and_the_next_sync_completes(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(BEFORE, duckdb_path=str(db)).success
    before, checks_before = snapshot(db, ALL_TABLES), check_results(db)
    assert all(checks_before[name][0] == 0 for name in INTEGRITY_CHECKS)

    paused_at = kill_inside_transaction(
        tmp_path, "insert into raw_workflow_runs",
        "sync", "--from", WHOLE.start.isoformat(), "--to", WHOLE.end.isoformat(), "--db", str(db),
    )  # fmt: skip
    assert paused_at.startswith("transform/land/")  # raw upserted, nothing committed yet

    # The file opens (DuckDB replays or discards its write-ahead log) and holds what it held;
    # every asset check says what it said before.
    assert snapshot(db, ALL_TABLES) == before
    assert check_results(db) == checks_before

    outcome = run_sync(WHOLE, duckdb_path=str(db))
    assert outcome.success, outcome.error
    truth = {rid: canonical(r["state"]) for rid, r in runs_in(quick_sim, WHOLE).items()}
    assert len(truth) > len(before["workflow_runs"])  # the killed sync had runs to write
    assert dict(rows(db, "select id, state from workflow_runs")) == truth
    assert all(c.passed for c in outcome.checks if c.severity == "ERROR")


def test_a_rebuild_killed_while_modelling_leaves_the_model_and_the_next_one_completes(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(WHOLE, duckdb_path=str(db)).success
    before = snapshot(db, MODEL)

    paused_at = kill_inside_transaction(
        tmp_path, "insert into workflow_runs", "rebuild", "--db", str(db)
    )
    assert paused_at.startswith("transform/model/")  # runs re-inserted, nothing committed yet

    assert snapshot(db, MODEL) == before
    assert all(check_results(db)[name][0] == 0 for name in INTEGRITY_CHECKS)
    result = wf_etl("rebuild", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert snapshot(db, MODEL) == before


def test_a_rebuild_killed_before_its_publish_leaves_the_derived_lake_to_be_rewritten(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    working = Path(StorageLayout.beside(str(db)).working_path)
    assert run_sync(WHOLE, duckdb_path=str(db)).success
    recorded = "select table_name, tenant, day from lake_partitions order by all"
    published = rows(working, recorded)
    derived = {"workflow_runs", "task_instances", "workflow_errors", "audit_events"}
    assert {table for table, *_ in published} >= derived - {"audit_events"}

    # paused after the model's commit, before the audit model and the publish
    paused_at = kill_inside_transaction(
        tmp_path, "insert into workflow_errors (", "rebuild", "--db", str(db)
    )
    assert paused_at.startswith("transform/audit/"), paused_at

    # The model was derived anew and the lake not yet written: its derived partitions are no
    # longer recorded as current, so the next publish rewrites them; raw's stay recorded.
    left = rows(working, recorded)
    assert [p for p in left if p[0] not in derived] == [p for p in published if p[0] not in derived]
    assert [p for p in left if p[0] in derived] == []
    result = wf_etl("rebuild", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert rows(working, recorded) == published
