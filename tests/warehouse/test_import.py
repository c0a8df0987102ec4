"""Importing a JSON Lines file: good lines land and model, bad lines are rejected by number."""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.warehouse.builders import rows, run, task
from wf_etl.warehouse import ModelResult, apply_schema, import_jsonl


def test_import_lands_good_lines_and_rejects_bad_ones_with_their_line_number(con, tmp_path):
    lines = [
        json.dumps(run("wf-1", tasks=[task("t-1"), task("t-2")])),
        "{truncated",
        "",  # blank: not a record
        json.dumps(run("wf-2", tenant=None)),  # tenant from the argument
        json.dumps(run("wf-3", id=None)),
        json.dumps(run("wf-4", tenant="globex", state="Failed", error={"type": "a/b"})),
        "not json at all",
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    landed, modelled = import_jsonl(con, path, tenant="acme", batch_lines=2)

    assert (landed.landed, landed.rejected) == (3, 3)
    assert modelled == ModelResult(runs=3, tasks=4, errors=1)
    assert rows(con, "select id, tenant from raw_workflow_runs order by id") == [
        ("wf-1", "acme"),
        ("wf-2", "acme"),
        ("wf-4", "globex"),
    ]
    reasons = [r for (r,) in rows(con, "select reason from rejected_records order by reason")]
    assert [r.split(",")[0].split(":")[0] for r in reasons] == ["line 2", "line 5", "line 7"]
    assert "not valid JSON: '{truncated'" in reasons[0]
    assert "id is missing" in reasons[1]
    assert rows(con, "select distinct source from rejected_records") == [("import:export.jsonl",)]


def test_importing_a_file_twice_leaves_one_row_per_run_and_task(con, tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text(json.dumps(run("wf-1", tasks=[task("t-1")])) + "\n", encoding="utf-8")
    import_jsonl(con, path)
    import_jsonl(con, path)
    assert rows(con, "select count(*) from workflow_runs") == [(1,)]
    assert rows(con, "select count(*) from task_instances") == [(1,)]


@pytest.mark.parametrize("batch_lines", [1, 2, 3, 4, 10])
def test_a_run_listed_twice_keeps_its_later_line_wherever_the_batches_split_the_file(
    tmp_path, batch_lines
):
    """Within a batch the later line always won; across batches, with one stamp for the whole
    import, the earlier one did (the later was not strictly newer). Lines are stamped in file
    order now, so where a batch ends changes nothing."""
    lines = [
        run("wf-1", state="running", ended_at=None, tasks=[task("t-1")]),
        run("wf-2"),
        run("wf-1", state="Failed", error={"type": "a/b"}, tasks=[task("t-1"), task("t-2")]),
        run("wf-3"),
    ]
    path = tmp_path / "runs.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    apply_schema(con)

    import_jsonl(con, path, batch_lines=batch_lines)

    assert rows(con, "select id, state, task_count from workflow_runs order by id") == [
        ("wf-1", "failed", 2),
        ("wf-2", "succeeded", 1),
        ("wf-3", "succeeded", 1),
    ]
    assert rows(con, "select workflow_id, type from workflow_errors") == [("wf-1", "a/b")]
    assert rows(con, "select id, payload->>'state' from raw_workflow_runs where id = 'wf-1'") == [
        ("wf-1", "Failed")
    ]
