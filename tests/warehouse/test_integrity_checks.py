"""The integrity checks find what they are about: ids twice, tasks without a run.

A check that only ever passes proves nothing, so each one is run here on a warehouse loaded
through the real landing and model, then broken the way its SQL is meant to catch (rows
written past the model, as a bug or a hand edit would), and must count and name exactly
those rows.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.warehouse.builders import fetched, run, task
from wf_etl.sql_files import read_sql
from wf_etl.warehouse import FetchedRecord, apply_schema, land_raw, refresh_model


def record(i: int) -> FetchedRecord:
    """Run i of tenant acme with three tasks, ids in the API's shape."""
    tasks = [task(f"wft-{i:05d}-{j}") for j in range(3)]
    return fetched(run(f"wf-20260601-{i:05d}", tasks=tasks))


@pytest.fixture
def con(tmp_path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_schema(con)
    land_raw(con, [record(i) for i in range(200)])
    refresh_model(con)
    yield con
    con.close()


def check(con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, list[str]]:
    failures, sample = con.execute(read_sql(f"checks/{name}.sql")).fetchone()
    return failures, list(sample or [])


def test_a_loaded_warehouse_passes(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("workflow_runs_unique_ids", "task_instances_unique_ids"):
        assert check(con, name) == (0, []), name
    assert check(con, "task_instances_workflow_exists") == (0, [])


def test_a_task_id_twice_is_counted_once_and_named(con: duckdb.DuckDBPyConnection) -> None:
    # the same task id under another run, twice over, and a second id once more
    for source in ("wft-00007-1", "wft-00007-1", "wft-00150-0"):
        con.execute(
            "insert into task_instances select * replace ('wf-20260601-00003' as workflow_id) "
            "from task_instances where id = $id limit 1",
            {"id": source},
        )
    assert check(con, "task_instances_unique_ids") == (2, ["wft-00007-1", "wft-00150-0"])
    assert check(con, "workflow_runs_unique_ids") == (0, [])


def test_a_run_id_twice_is_counted_and_named(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "insert into workflow_runs select * from workflow_runs where id = 'wf-20260601-00042'"
    )
    assert check(con, "workflow_runs_unique_ids") == (1, ["wf-20260601-00042"])


def test_a_task_whose_run_is_gone_is_named(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from workflow_runs where id = 'wf-20260601-00011'")
    failures, sample = check(con, "task_instances_workflow_exists")
    assert failures == 3
    assert sample == [f"wft-00011-{j} -> wf-20260601-00011" for j in range(3)]
