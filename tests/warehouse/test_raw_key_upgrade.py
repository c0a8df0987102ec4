"""A warehouse made when raw_workflow_runs declared its primary key is moved, once, to the table
as the schema has it now: every row kept, the key still held by the writer."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.warehouse.builders import fetched, later, rows, snapshot
from tests.warehouse.builders import run as run_record
from wf_etl.warehouse import apply_schema, land_raw, refresh_model

KEYED_RAW = """
create table raw_workflow_runs (
    id          varchar     not null primary key,
    tenant      varchar     not null,
    created_at  timestamptz,
    state       varchar,
    is_terminal boolean     not null default false,
    fetched_at  timestamptz not null,
    payload     json        not null using compression zstd
)
"""


def declared_keys(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return rows(
        con,
        "select table_name, constraint_type from duckdb_constraints() "
        "where table_name = 'raw_workflow_runs' and constraint_type = 'PRIMARY KEY'",
    )


def test_a_keyed_raw_table_is_moved_with_every_row(tmp_path: Path) -> None:
    # a warehouse of before: the keyed table, holding rows landed by today's writer
    keyed = duckdb.connect(str(tmp_path / "keyed.duckdb"))
    keyed.execute(KEYED_RAW)
    unkeyed = duckdb.connect(str(tmp_path / "fresh.duckdb"))
    apply_schema(unkeyed)
    records = [fetched(run_record(f"wf-{n}"), at=later(n)) for n in range(3)]
    land_raw(unkeyed, records)
    unkeyed.close()
    keyed.execute("attach '" + str(tmp_path / "fresh.duckdb") + "' as fresh (read_only)")
    keyed.execute("insert into raw_workflow_runs select * from fresh.raw_workflow_runs")
    keyed.execute("detach fresh")
    assert len(declared_keys(keyed)) == 1
    before = rows(keyed, "select * from raw_workflow_runs order by id")

    apply_schema(keyed)

    assert declared_keys(keyed) == []
    assert rows(keyed, "select * from raw_workflow_runs order by id") == before
    # the writer still keeps one row per run: a newer answer replaces, a replay does nothing
    refresh_model(keyed)
    land_raw(keyed, [fetched(run_record("wf-1", state="Failed"), at=later(60))])
    land_raw(keyed, [fetched(run_record("wf-1"), at=later(1))])
    assert rows(keyed, "select id, state from raw_workflow_runs order by id") == [
        ("wf-0", before[0][3]),
        ("wf-1", "failed"),
        ("wf-2", before[2][3]),
    ]
    model = snapshot(keyed)
    assert sorted(r[0] for r in model["workflow_runs"]) == ["wf-0", "wf-1", "wf-2"]
    apply_schema(keyed)  # once moved, nothing more happens
    assert rows(keyed, "select count(*) from raw_workflow_runs") == [(3,)]
