"""The API drifts (numbers as strings, new fields, other offsets): syncs go on, raw keeps all.

A new field is surfaced later by a transform change and `wf-etl rebuild`, with no refetch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import SIM_NOW
from tests.reliability.conftest import canonical, rows, runs_in
from wf_etl.defs.launch import run_sync
from wf_etl.simulator import Simulator
from wf_etl.sql_files import sql_dir
from wf_etl.windows import Window

WINDOW = Window(SIM_NOW - timedelta(days=3), SIM_NOW)
MODEL = ("workflow_runs", "task_instances", "workflow_errors")

# The transform change a data engineer would make to surface `cost_center`: a column in the
# schema, and the model filling it from the raw payload.
NEW_COLUMN = "alter table workflow_runs add column if not exists cost_center varchar;\n"
FILL_COLUMN = """
update workflow_runs as w
set cost_center = r.payload ->> '$.cost_center'
from raw_workflow_runs as r
where r.id = w.id and w.id in (select id from model_batch);
"""


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def rebuild(db: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath:  # first, keeping what is there (a pinned clock's shim: tests/pinned_clock.py)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "wf_etl.cli", "rebuild", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=pythonpath or None,
    )


def wf_etl_with_changed_transform(tmp_path: Path) -> Path:
    """This checkout's wf_etl as a wheel would install it (SQL inside), plus the change."""
    root = tmp_path / "changed"
    package = Path(__file__).resolve().parents[2] / "wf_etl"
    shutil.copytree(package, root / "wf_etl", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(sql_dir(), root / "wf_etl" / "sql")
    (root / "wf_etl" / "sql" / "schema" / "900_workflow_runs_cost_center.sql").write_text(
        NEW_COLUMN
    )
    with (root / "wf_etl" / "sql" / "transform" / "model" / "30_workflow_runs.sql").open("a") as f:
        f.write(FILL_COLUMN)
    return root


def test_drifted_answers_load_like_the_originals_and_keep_their_new_fields(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    truth = runs_in(quick_sim, WINDOW)
    quick_sim.faults.set("schema_drift")  # every answer: all three kinds of drift
    outcome = run_sync(WINDOW, duckdb_path=str(db))
    assert outcome.success, outcome.error
    assert rows(db, "select count(*) from rejected_records") == [(0,)]

    # Typed columns hold what the undrifted API says: same numbers, same instants.
    runs = {
        r[0]: r[1:]
        for r in rows(db, "select id, state, created_at, warn_after_ms from workflow_runs")
    }
    assert runs == {
        rid: (canonical(r["state"]), instant(r["created_at"]), r.get("warn_after_ms"))
        for rid, r in truth.items()
    }
    tasks = dict(rows(db, "select id, timeout_ms from task_instances"))
    assert tasks == {
        t["id"]: t.get("timeout_ms") for r in truth.values() for t in r["task_instances"]
    }
    # The raw layer keeps the drifted record as sent, unknown fields included.
    raw = [json.loads(payload) for (payload,) in rows(db, "select payload from raw_workflow_runs")]
    raw_tasks = [t for record in raw for t in record["task_instances"]]
    assert all(r["cost_center"].startswith("cc-") and r["labels"]["priority"] for r in raw)
    assert all(r["created_at"].endswith("+05:30") for r in raw)
    assert all(t["attempt"] == 1 for t in raw_tasks)
    timeouts = [t["timeout_ms"] for t in raw_tasks if "timeout_ms" in t]
    assert timeouts and all(isinstance(t, str) for t in timeouts)

    # A rebuild from raw re-derives the same model without a single request to the API.
    before = {t: rows(db, f"select * from {t} order by all") for t in MODEL}
    quick_sim.clear_requests()
    result = rebuild(db)
    assert result.returncode == 0, result.stderr
    assert {t: rows(db, f"select * from {t} order by all") for t in MODEL} == before

    # After the transform change, a rebuild surfaces the new field, still with no request.
    result = rebuild(db, pythonpath=wf_etl_with_changed_transform(tmp_path))
    assert result.returncode == 0, result.stderr
    centers = dict(rows(db, "select id, cost_center from workflow_runs"))
    stored = dict(rows(db, "select id, payload ->> '$.cost_center' from raw_workflow_runs"))
    assert centers == stored and len(centers) == len(truth)
    assert quick_sim.requests == []
