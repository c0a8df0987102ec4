"""DuckDB 1.x readers open the analysts' database and run every analytics view.

Each reader is installed from the package index into its own virtual environment (session
scoped; pip's cache makes a repeat install take a second or two): the oldest DuckDB release
wf_etl/analyst/compat.py promises, as the Python wheel a notebook carries, and the index's
duckdb-cli, the shell the README points analysts to (`make install` puts it in .venv/bin; it
is installed here only when absent). Every view is read to its last row and
must give as many rows as wf-etl's own DuckDB reads. Without a reachable index the test skips,
saying so, except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wf_etl.analyst.compat import OLDEST_READER, STORAGE_VERSION

DUCKDB_CLI = "1.5.6"  # as pinned in constraints.txt: the newest duckdb-cli on the index
# pytz: DuckDB's Python client needs it to hand TIMESTAMPTZ values to Python (pandas has it).
READERS = {
    "python": (f"duckdb=={OLDEST_READER}", "pytz==2026.6"),
    "cli": (f"duckdb-cli=={DUCKDB_CLI}",),
}

# Reads every view through an old Python wheel; prints {view: rows} or the error as JSON.
PYTHON_READER = """
import json, sys
import duckdb
try:
    con = duckdb.connect(sys.argv[1], read_only=True)
    views = [r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal").fetchall()]
    counts = {v: len(con.execute(f'select * from "{v}"').fetchall()) for v in views}
    print(json.dumps({"version": duckdb.__version__, "counts": counts}))
except duckdb.Error as exc:
    print(json.dumps({"version": duckdb.__version__, "error": str(exc)}))
"""


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    # pip runs the reader's interpreter too: keep this process's PYTHONPATH out of it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip


def _install(requirements: tuple[str, ...], venv: Path) -> Path:
    """A virtual environment holding only `requirements`; skips if the index is unreachable."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = _pip("--python", str(python), "install", "--quiet", *requirements)
    if installed.returncode != 0:
        package = requirements[0].split("==")[0]
        reachable = _pip("index", "versions", package).returncode == 0
        reason = f"cannot install {requirements[0]}: {installed.stderr.strip()[-600:]}"
        if reachable or os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(f"the package index is unreachable, so no old DuckDB reader; {reason}")
    return venv


@pytest.fixture(scope="session", params=sorted(READERS))
def reader(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    kind = request.param
    beside_python = Path(sys.executable).parent
    if kind == "cli" and (beside_python / "duckdb").is_file():
        return kind, beside_python.parent
    return kind, _install(READERS[kind], tmp_path_factory.mktemp(f"reader-{kind}"))


def _read_views(kind: str, venv: Path, db: Path, views: list[str]) -> tuple[str, dict | str]:
    """(reader version, {view: rows}) or (reader version, the reader's error)."""
    if kind == "python":
        out = subprocess.run(
            [str(venv / "bin" / "python"), "-I", "-c", PYTHON_READER, str(db)],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout  # fmt: skip
        answer = json.loads(out)
        return answer["version"], answer.get("counts") or answer["error"]
    cli = str(venv / "bin" / "duckdb")
    version = subprocess.run([cli, "-version"], capture_output=True, text=True).stdout.strip()
    # count(*) over a subquery still evaluates each view's every column and row.
    union = " union all ".join(
        f"select '{v}' as view, count(*) as n from (select * from \"{v}\")" for v in views
    )
    result = subprocess.run(
        [cli, "-readonly", "-json", str(db), "-c", union],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if result.returncode != 0 or not result.stdout.strip():
        return version, (result.stderr or result.stdout).strip()
    return version, {row["view"]: row["n"] for row in json.loads(result.stdout)}


def test_every_view_runs_on_an_old_reader(reader, demo_warehouse, view_counts):
    kind, venv = reader
    version, answer = _read_views(kind, venv, demo_warehouse, sorted(view_counts))
    if isinstance(answer, str):
        pytest.fail(
            f"DuckDB {version} ({READERS[kind][0]}) cannot read the analysts' database. It is "
            f"written in storage format {STORAGE_VERSION} for DuckDB {OLDEST_READER} and newer "
            f"(wf_etl/analyst/compat.py); a view or the file needs a newer reader: {answer}"
        )
    assert answer == view_counts, f"DuckDB {version} reads other row counts than DuckDB 2.0"
    assert len(view_counts) >= 10  # every view of sql/analytics, not an empty file
