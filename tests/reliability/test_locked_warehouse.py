"""Analysts and the writer never block each other; two writers still take turns.

The analyst is another process holding the analysts' database (`WF_ETL_DUCKDB_PATH`)
read-only, as `duckdb -readonly`, a notebook or a BI tool does, for as long as it likes. The
writer works on its own working file and publishes to the lake, so a sync neither waits for
the analyst nor breaks its session. A second writer on the working file waits, says so, and
gives up cleanly after WF_ETL_LOCK_TIMEOUT_S.
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
from wf_etl.settings import StorageLayout
from wf_etl.simulator import Simulator
from wf_etl.warehouse import open_warehouse
from wf_etl.windows import Window

WINDOW = Window(SIM_NOW - timedelta(days=2), SIM_NOW)
EARLY = Window(SIM_NOW - timedelta(days=2), SIM_NOW - timedelta(days=1))
# An analyst's session: answers each line of SQL it is sent with one line, until stdin closes.
ANALYST = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read-only")
print("ready", flush=True)
for sql in sys.stdin:
    print(con.execute(sql).fetchone()[0], flush=True)
"""


class Session:
    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc

    def ask(self, sql: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(sql + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()


@contextmanager
def holding(db: Path | str, mode: str = "read-only") -> Iterator[Session]:
    """Another process with the file open (read-only, or "read-write" as a writer holds it)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(db), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "ready", "the session could not open the file"
        yield Session(proc)
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def working(db: Path) -> str:
    return StorageLayout.beside(str(db)).working_path


def test_an_analyst_session_held_through_a_sync_never_blocks_it_and_sees_the_new_runs(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(EARLY, duckdb_path=str(db)).success
    (early,) = rows(db, "select count(*) from workflow_runs")[0]
    with holding(db) as analyst:
        assert analyst.ask("select count(*) from workflow_runs") == str(early)
        result = wf_etl(
            "sync", "--from", WINDOW.start.isoformat(), "--to", WINDOW.end.isoformat(),
            "--db", str(db), env={"WF_ETL_LOCK_TIMEOUT_S": "0"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "waiting up to" not in result.stderr
        # The same session, still open, reads what the sync published.
        (whole,) = rows(db, "select count(*) from workflow_runs")[0]
        assert whole > early
        assert analyst.ask("select count(*) from workflow_runs") == str(whole)
        assert analyst.ask("select count(*) from v_failure_attribution_daily") != "0"


def test_a_report_reads_while_a_writer_holds_the_working_file(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(WINDOW, duckdb_path=str(db)).success
    (runs,) = rows(db, "select count(*) from workflow_runs")[0]
    with holding(working(db), mode="read-write"):
        report = wf_etl("report", "--db", str(db), "--format", "json", env={})
    assert report.returncode == 0, report.stderr
    assert f'"runs": {runs}' in report.stdout


def test_a_second_writer_waits_then_fails_naming_the_file_and_what_to_do(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(WINDOW, duckdb_path=str(db)).success
    before = rows(db, "select * from workflow_runs order by id")
    quick_sim.advance(6 * 3600)  # there would be something to write
    with holding(working(db), mode="read-write") as writer:
        result = wf_etl(
            "sync", "--from", WINDOW.start.isoformat(), "--db", str(db),
            env={"WF_ETL_LOCK_TIMEOUT_S": "1"},
        )  # fmt: skip
        pid = str(writer.proc.pid)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    waiting = [line for line in result.stderr.splitlines() if "waiting up to" in line]
    assert waiting and working(db) in waiting[0] and pid in waiting[0]
    verdict = result.stderr.strip().splitlines()[-1]
    assert verdict.startswith("wf-etl sync: failed:") and "the warehouse" in verdict
    assert working(db) in verdict and pid in verdict and "close that connection" in verdict
    # Nothing was lost: the fetched batches wait in the landing zone for the next load.
    assert rows(db, "select * from workflow_runs order by id") == before
    with open_warehouse(working(db), lock_timeout_s=0) as con:
        con.execute("checkpoint")
    assert wf_etl("rebuild", "--db", str(db), env={}).returncode == 0


def test_a_waiting_command_goes_ahead_once_the_other_writer_closes(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    assert run_sync(WINDOW, duckdb_path=str(db)).success
    before = rows(db, "select * from workflow_runs order by id")
    with holding(working(db), mode="read-write"):
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
        assert "is locked by" in said and working(db) in said, said
    out, err = rebuild.communicate(timeout=120)
    assert rebuild.returncode == 0, err
    assert f"{len(before)} runs" in out
    assert rows(db, "select * from workflow_runs order by id") == before


def test_a_command_that_cannot_wait_says_so_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    with open_warehouse(working(db)):
        pass
    with holding(working(db), mode="read-write"):
        result = wf_etl("rebuild", "--db", str(db), env={"WF_ETL_LOCK_TIMEOUT_S": "0"})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert working(db) in result.stderr and "close that connection" in result.stderr
