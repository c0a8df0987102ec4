"""`wf-etl import` and `wf-etl rebuild` as a user runs them: subprocesses on a real file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import SIM_NOW
from wf_etl.simulator import Simulator

MODEL = ("workflow_runs", "task_instances", "workflow_errors")


def wf_etl(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wf_etl.cli", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {t: con.sql(f"select * from {t} order by all").fetchall() for t in MODEL}
        views = con.sql(
            "select table_name from information_schema.tables where table_type = 'VIEW'"
        ).fetchall()
        tables["views"] = sorted(views)
        tables["daily"] = con.sql(
            "select day, sum(runs), sum(failed_runs) from v_failure_attribution_daily "
            "group by day order by day"
        ).fetchall()
    return tables


def imported(tmp_path: Path, *, seed: int, days: int) -> Path:
    """A warehouse made by `wf-etl import` of a simulated tenant's runs; its analysts' path."""
    with Simulator(tenants=("acme",), seed=seed, days=days, runs_per_day=10, now=SIM_NOW) as sim:
        runs = sim.runs("acme")
    records = tmp_path / "runs.jsonl"
    records.write_text("".join(json.dumps(run) + "\n" for run in runs), encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    assert wf_etl("import", str(records), "--db", str(db), cwd=tmp_path).returncode == 0
    return db


def test_import_then_rebuild_leave_the_model_and_the_views_in_place(tmp_path: Path) -> None:
    with Simulator(tenants=("acme",), seed=3, days=2, runs_per_day=10, now=SIM_NOW) as sim:
        runs = sim.runs("acme")
    records = tmp_path / "runs.jsonl"
    lines = [json.dumps(run) for run in runs]
    lines.insert(3, '{"id": "wf-cut-short", "created_at": ')
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "wh.duckdb"

    imported = wf_etl("import", str(records), "--db", str(db), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert f"loaded {len(runs)} runs, rejected 1" in imported.stdout
    assert "line 4" in imported.stdout  # the rejection names where it was
    after_import = snapshot(db)
    assert len(after_import["workflow_runs"]) == len(runs)
    assert len(after_import["task_instances"]) == sum(len(r["task_instances"]) for r in runs)
    assert ("v_failure_attribution_daily",) in after_import["views"]
    failed = sum(r["state"].lower() == "failed" for r in runs)
    assert sum(day[2] for day in after_import["daily"]) == failed

    rebuilt = wf_etl("rebuild", "--db", str(db), cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"{len(runs)} runs" in rebuilt.stdout
    assert snapshot(db) == after_import


def test_a_command_out_of_its_duckdb_memory_limit_says_so_and_the_next_run_completes(
    tmp_path: Path,
) -> None:
    db = imported(tmp_path, seed=3, days=2)
    before = snapshot(db)

    starved = wf_etl(
        "rebuild", "--db", str(db), cwd=tmp_path, env={"WF_ETL_DUCKDB_MEMORY_LIMIT": "1MB"}
    )
    assert starved.returncode == 2, starved.stderr
    assert "DuckDB ran out of memory" in starved.stderr
    assert "WF_ETL_DUCKDB_MEMORY_LIMIT=1MB" in starved.stderr  # what to raise, and from what
    assert "Traceback" not in starved.stderr
    assert len(starved.stderr.strip().splitlines()) == 1

    rebuilt = wf_etl("rebuild", "--db", str(db), cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert snapshot(db) == before


def test_a_rebuild_rewrites_the_derived_lake_partitions_and_leaves_raw_as_it_was(
    tmp_path: Path,
) -> None:
    db = imported(tmp_path, seed=5, days=3)
    lake = tmp_path / "wh.lake"

    def files(table: str) -> dict[str, tuple[int, int]]:
        """Each Parquet file of the table, its inode and mtime: a rewrite renames a new file."""
        found = {}
        for path in lake.glob(f"{table}/**/*.parquet"):
            stat = path.stat()
            found[str(path.relative_to(lake))] = (stat.st_ino, stat.st_mtime_ns)
        assert found, f"no {table} files in the lake"
        return found

    before = {t: files(t) for t in ("raw_workflow_runs", *MODEL)}
    rebuilt = wf_etl("rebuild", "--db", str(db), cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    after = {t: files(t) for t in before}

    assert after["raw_workflow_runs"] == before["raw_workflow_runs"]  # the same files, untouched
    for table in MODEL:  # the same partitions, every file written anew
        assert after[table].keys() == before[table].keys()
        assert not set(after[table].items()) & set(before[table].items()), table
