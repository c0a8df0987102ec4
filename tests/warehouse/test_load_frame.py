"""load_frame: land and model a batch in one transaction, from one parse of each record."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.builders import later, rows, run, snapshot, task
from wf_etl.warehouse import (
    ModelResult,
    apply_schema,
    import_jsonl,
    incoming_frame,
    land_frame,
    load_frame,
    rebuild_model,
    refresh_model,
)
from wf_etl.warehouse import model as model_module


def batches() -> list[list[tuple[dict | str, int]]]:
    """Records with their fetch minute: new runs, a newer and an older version, bad lines, a task
    id listed twice across runs, errors on runs and tasks."""
    failed = run(
        "wf-2",
        state="Failed",
        error={"attribution": "Customer", "type": "a/b", "message": "m", "data": {"k": 1}},
        tasks=[task("t-2a"), task("t-2b", state="failed", error={"type": "x/y"})],
    )
    return [
        [(run("wf-1", tasks=[task("t-1a"), task("t-1b")]), 0), (failed, 0), ("{cut", 0)],
        [
            (run("wf-1", state="failed", tasks=[task("t-1a")]), 5),  # newer: replaces
            (run("wf-2", state="running", ended_at=None), 1),  # in between: newer than 0
            (run("wf-2", state="Failed", tasks=[task("t-2a")]), 3),  # newest in the batch
            (run("wf-3", tasks=[task("t-1b"), task("t-3a")]), 0),  # t-1b moves here
        ],
        [(run("wf-1", state="running"), 2), (run("wf-4", tenant="../x"), 0)],  # older; bad
    ]


def frame(batch: list[tuple[dict | str, int]]):
    bodies = [json.dumps(b) if isinstance(b, dict) else b for b, _ in batch]
    return incoming_frame(bodies, [later(m) for _, m in batch], sources="api")


def fresh(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    apply_schema(con)
    return con


def test_load_frame_gives_what_land_frame_and_refresh_model_give(tmp_path):
    loaded, landed = fresh(tmp_path / "load.duckdb"), fresh(tmp_path / "land.duckdb")
    for batch in batches():
        load_result, model_result = load_frame(loaded, frame(batch))
        land_result = land_frame(landed, frame(batch))
        assert load_result == land_result
        assert model_result == refresh_model(landed)
    assert snapshot(loaded) == snapshot(landed)
    assert rows(loaded, "select id, state from workflow_runs order by id") == [
        ("wf-1", "failed"),
        ("wf-2", "failed"),
        ("wf-3", "succeeded"),
    ]
    assert refresh_model(loaded).runs == 0  # nothing left behind for a refresh


def test_a_failing_load_leaves_raw_and_model_as_they_were(tmp_path, monkeypatch):
    con = fresh(tmp_path / "wh.duckdb")
    load_frame(con, frame(batches()[0]))
    before = snapshot(con), rows(con, "select * from rejected_records")
    real = model_module.row_count

    def fail_on_errors(connection, relative):
        if relative.endswith("50_workflow_errors.sql"):  # raw and two model tables written
            raise RuntimeError("forced failure")
        return real(connection, relative)

    monkeypatch.setattr(model_module, "row_count", fail_on_errors)
    with pytest.raises(RuntimeError):
        load_frame(con, frame(batches()[1]))
    assert (snapshot(con), rows(con, "select * from rejected_records")) == before


def test_an_import_models_what_a_rebuild_from_raw_gives(con, tmp_path):
    """The import judges batches ahead on a second connection; the model must still be what
    the stored payloads give: a task id listed by two runs, a run listed twice, errors."""
    records = [
        run("wf-1", tasks=[task("t-1a"), task("t-dup")]),
        run("wf-3", tasks=[task("t-dup"), task("t-3a")]),
        "{cut",
        run("wf-2", state="running", ended_at=None, tasks=[task("t-2a")]),
        run("wf-2", state="Failed", error={"type": "a/b"}, tasks=[task("t-2a"), task("t-2b")]),
        run("wf-5", tenant="../x"),
    ]
    path = tmp_path / "runs.jsonl"
    lines = [json.dumps(r) if isinstance(r, dict) else r for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    landed, modelled = import_jsonl(con, path, batch_lines=3)

    assert (landed.landed, landed.rejected, landed.skipped) == (3, 2, 1)
    assert modelled == ModelResult(runs=3, tasks=5, errors=1)
    imported = snapshot(con)
    rebuild_model(con)
    assert snapshot(con) == imported
    assert rows(con, "select id, workflow_id from task_instances order by id") == [
        ("t-1a", "wf-1"),
        ("t-2a", "wf-2"),
        ("t-2b", "wf-2"),
        ("t-3a", "wf-3"),
        ("t-dup", "wf-1"),
    ]
