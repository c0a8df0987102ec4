"""The interactive `wf-etl sql` in a real pseudo-terminal, typed at as an analyst would."""

from __future__ import annotations

import os
import shutil
import sys
import time

import duckdb
import pexpect
import pytest

from tests.analyst.conftest import REPO
from wf_etl.analyst.compat import OLDEST_READER

UP = "\x1b[A"


@pytest.fixture
def spawn(tmp_path):
    children: list[pexpect.spawn] = []

    def start(db) -> pexpect.spawn:
        env = {
            # the terminal's own size, not COLUMNS/LINES a test runner exported (xdist's workers
            # export 80x24)
            **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
            "TERM": "xterm-256color",
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "PROMPT_TOOLKIT_NO_CPR": "1",  # no cursor-position queries to answer
        }
        child = pexpect.spawn(
            sys.executable, ["-m", "wf_etl.cli", "sql", "--db", str(db)],
            cwd=REPO, env=env, encoding="utf-8", timeout=20, dimensions=(40, 160),
        )  # fmt: skip
        children.append(child)
        child.expect(f"DuckDB {OLDEST_READER} and newer open it")
        child.expect_exact("wf_etl>")
        return child

    yield start
    for child in children:
        child.close(force=True)


def test_prompt_runs_multiline_statements_lists_tables_refuses_writes_and_keeps_history(
    demo_warehouse, tmp_path, spawn
):
    db = tmp_path / "wf_etl.duckdb"
    shutil.copy(demo_warehouse, db)
    with duckdb.connect(str(db), read_only=True) as con:
        failed = con.execute("select count(*) from workflow_runs where state = 'failed'").fetchone()

    child = spawn(db)
    child.send(".tables\r")
    child.expect("v_failure_attribution_daily +view +analytics +How many runs failed each UTC day")
    child.expect_exact("wf_etl>")

    child.send("select count(*) as failed_runs\r")  # no ';' yet: Enter continues the statement
    child.expect_exact("...>")
    child.send("from workflow_runs where state = 'failed';\r")
    child.expect(rf"\b{failed[0]}\b")
    child.expect("1 row")
    child.expect_exact("wf_etl>")

    # Between statements nothing holds the file: a sync can open it for writing right now.
    duckdb.connect(str(db)).close()

    child.send("drop view v_error_types;\r")
    child.expect("read-only: wf-etl sql never changes the analysts' database")
    child.expect_exact("wf_etl>")
    child.send("select sum(i) from range(1000000000000) as t(i);\r")  # hours of work
    child.expect_exact("\x1b[?2004l")  # the prompt let go of the terminal: the statement runs
    time.sleep(1.0)  # for the terminal to be back in its usual mode, where ^C means SIGINT
    child.sendintr()  # Ctrl-C interrupts the statement and keeps the session
    child.expect("interrupted")
    child.expect_exact("wf_etl>")
    child.send("select 6 * 7 as answer;\r")
    child.expect(r"\b42\b")
    child.expect_exact("wf_etl>")
    child.send(".quit\r")
    child.expect(pexpect.EOF)
    assert "from workflow_runs where state = 'failed';" in (
        tmp_path / "state" / "wf-etl" / "sql_history"
    ).read_text("utf-8")

    again = spawn(db)  # a new session recalls the last one's statements with the Up arrow
    again.send(UP + UP + "\r")  # ".quit", then the last statement: run it again
    again.expect(r"\b42\b")
    again.expect_exact("wf_etl>")
    again.send("\x04")  # Ctrl-D leaves
    again.expect(pexpect.EOF)
