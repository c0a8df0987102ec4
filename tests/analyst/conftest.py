"""The demo warehouse, made fast: the simulator's `make demo` history (seed 42, 14 days) as
verbose records, imported into a working database by the one writer (wf_etl.loader.writing),
which on leaving publishes the lake and the analysts' database exactly as a sync does. The
tests open the analysts' database, as analysts do. No HTTP here: the 10 requests/s of a real
sync would cost a minute."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SIM_NOW
from wf_etl import cli
from wf_etl.loader import writing
from wf_etl.settings import Settings
from wf_etl.simulator import Simulator
from wf_etl.warehouse import import_jsonl

REPO = Path(__file__).resolve().parents[2]
WF_ETL = [sys.executable, "-m", "wf_etl.cli"]


def build_demo_warehouse(path: Path) -> Path:
    with Simulator(tenants=("acme",), seed=42, days=14, now=SIM_NOW) as sim:
        records = sim.runs("acme")
    jsonl = path.with_suffix(".jsonl")
    jsonl.write_text("".join(json.dumps(record) + "\n" for record in records), "utf-8")
    with writing(Settings().layout(str(path))) as con:
        import_jsonl(con, jsonl)
    return path


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's analysts' database (views over its lake), closed; the working database and
    the lake sit beside it."""
    return build_demo_warehouse(tmp_path_factory.mktemp("demo") / "wf_etl.duckdb")


@pytest.fixture(scope="session")
def view_counts(demo_warehouse: Path) -> dict[str, int]:
    """Rows of every analytics view, as wf-etl's own DuckDB reads them."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        names = [
            row[0]
            for row in con.execute(
                "select view_name from duckdb_views() where not internal order by 1"
            ).fetchall()
        ]
        return {name: con.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}


def wf_etl_sql(
    *args: str, db: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`wf-etl sql ARGS --db DB` as a subprocess, as a script would run it."""
    return subprocess.run(
        [*WF_ETL, "sql", *args, "--db", str(db)],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def sql_in_process(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """`wf-etl sql ARGS --db DB` through cli.main in this process: (exit code, stdout, stderr)."""

    def run(*args: str, db: Path, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = cli.main(["sql", *args, "--db", str(db)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def hold_for_writing() -> Iterator:
    """Start a process that opens a file read-write (as a writer does) and holds it until a line
    arrives on its stdin."""
    writers: list[subprocess.Popen[str]] = []

    def start(path: Path) -> subprocess.Popen[str]:
        code = (
            f"import duckdb, sys; c = duckdb.connect({str(path)!r}); print('holding', "
            "flush=True); sys.stdin.readline(); c.close(); print('released', flush=True)"
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        writers.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        return proc

    yield start
    for proc in writers:
        proc.kill()
        proc.wait()


def lines(text: str) -> Sequence[str]:
    return [line for line in text.splitlines() if line.strip()]
