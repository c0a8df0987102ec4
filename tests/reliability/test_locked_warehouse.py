"""An analyst holding the warehouse open: a sync waits, says so, then gives up cleanly.

The analyst is another process with a read-only DuckDB connection, as `duckdb -readonly` or a
notebook would hold it; DuckDB then keeps every writer out until that connection closes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from tests.conftest import SIM_NOW
from tests.defs.test_cli_sync import wf_etl
from tests.reliability.conftest import rows
from wf_etl.defs.launch import run_sync
from wf_etl.simulator import Simulator
from wf_etl.warehouse import open_warehouse
from wf_etl.windows import Window

WINDOW = Window(SIM_NOW - timedelta(days=2), SIM_NOW)
ANALYST = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read-only")
print(con.execute("select count(*) from workflow_runs").fetchone()[0], flush=True)
sys.stdin.read()  # holds the file until the test closes our stdin
"""


@contextmanager
def analyst_reading(db: Path, mode: str = "read-only") -> Iterator[subprocess.Popen[str]]:
    """Another process with the file open (read-only, or "read-write" as a sync holds it),
    from when it has answered until exit."""
    proc = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(db), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline().strip().isdigit(), "the analyst could not read"
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def synced_warehouse(tmp_path: Path) -> tuple[Path, list[tuple]]:
    db = tmp_path / "wh.duckdb"
    assert run_sync(WINDOW, duckdb_path=str(db)).success
    return db, rows(db, "select * from workflow_runs order by id")


def test_a_sync_waits_for_an_analyst_then_fails_naming_the_file_and_what_to_do(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db, before = synced_warehouse(tmp_path)
    quick_sim.advance(6 * 3600)  # there would be something to write
    with analyst_reading(db) as analyst:
        result = wf_etl(
            "sync", "--from", WINDOW.start.isoformat(), "--db", str(db),
            env={"WF_ETL_LOCK_TIMEOUT_S": "1"},
        )  # fmt: skip
        pid = str(analyst.pid)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    waiting = [line for line in result.stderr.splitlines() if "waiting up to" in line]
    assert waiting and str(db) in waiting[0] and pid in waiting[0]
    verdict = result.stderr.strip().splitlines()[-1]
    assert verdict.startswith("wf-etl sync: failed: the warehouse")
    assert str(db) in verdict and pid in verdict
    assert "close that connection" in verdict and "read-only" in verdict
    # Nothing was written, and the file is whole: it opens for writing and checkpoints.
    with open_warehouse(str(db), lock_timeout_s=0) as con:
        con.execute("checkpoint")
    assert rows(db, "select * from workflow_runs order by id") == before


def test_a_waiting_command_goes_ahead_once_the_analyst_closes(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db, before = synced_warehouse(tmp_path)
    with analyst_reading(db):
        rebuild = subprocess.Popen(
            [sys.executable, "-m", "wf_etl.cli", "rebuild", "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "WF_ETL_LOCK_TIMEOUT_S": "300"},
        )
        assert rebuild.stderr is not None
        said = ""  # each readline blocks until the command says something (or exits)
        while "waiting up to" not in said and (line := rebuild.stderr.readline()):
            said = line
        assert "is locked by" in said and str(db) in said, said
    out, err = rebuild.communicate(timeout=120)
    assert rebuild.returncode == 0, err
    assert f"{len(before)} runs" in out
    assert rows(db, "select * from workflow_runs order by id") == before


def test_a_command_that_cannot_wait_says_so_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    with open_warehouse(str(db)):
        pass
    with analyst_reading(db):
        result = wf_etl("rebuild", "--db", str(db), env={"WF_ETL_LOCK_TIMEOUT_S": "0"})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(db) in result.stderr and "close that connection" in result.stderr


def test_a_report_waits_while_a_sync_writes_then_reads(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db, before = synced_warehouse(tmp_path)
    with analyst_reading(db, mode="read-write"):  # a writer keeps even readers out
        refused = wf_etl("report", "--db", str(db), env={"WF_ETL_LOCK_TIMEOUT_S": "0"})
        report = subprocess.Popen(
            [sys.executable, "-m", "wf_etl.cli", "report", "--db", str(db), "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "WF_ETL_LOCK_TIMEOUT_S": "300"},
        )
        assert report.stderr is not None
        said = report.stderr.readline()
        assert "is locked by" in said and "waiting up to" in said and str(db) in said, said
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert str(db) in refused.stderr and "close that connection" in refused.stderr
    out, err = report.communicate(timeout=120)
    assert report.returncode == 0, err
    assert f'"runs": {len(before)}' in out
