"""`.tables`' catalogue: every model table and analytics view, described; DuckDB comments win."""

from __future__ import annotations

import re
import shutil

import duckdb

from wf_etl.analyst.catalogue import catalogue, columns
from wf_etl.analyst.compat import STORAGE_VERSION, file_storage_version
from wf_etl.sql_files import sql_files


def names_in(folder: str) -> set[str]:
    return {m.group(1) for p in sql_files(folder) if (m := re.match(r"^\d+_(\w+)\.sql$", p.name))}


def test_every_model_table_and_view_is_listed_with_a_description(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        entries = {entry.name: entry for entry in catalogue(con, "wf_etl")}
    views = {name for name in names_in("analytics") if name.startswith("v_")}
    for name in views:
        entry = entries[name]
        assert (entry.kind, entry.group) == ("view", "analytics")
        # The view file's question, in one line, as Dagster shows it for the asset.
        assert entry.description.endswith("?") and "Question:" not in entry.description
        assert "\n" not in entry.description and "--" not in entry.description
    for name in ("raw_workflow_runs", "workflow_runs", "task_instances", "workflow_errors"):
        assert (entries[name].kind, entries[name].group) == ("view", "model")  # over the lake
        assert entries[name].description.startswith(("One row", "Landing zone"))
    groups = [entry.group for entry in entries.values()]
    assert groups == sorted(groups, key=["model", "analytics", "other"].index)


def test_duckdb_comments_take_precedence(demo_warehouse, tmp_path):
    db = tmp_path / "commented.duckdb"
    shutil.copy(demo_warehouse, db)
    with duckdb.connect(str(db)) as con:
        con.execute("comment on view v_error_types is 'Error types of failed runs.'")
        con.execute("comment on column workflow_runs.runtime_ms is 'ended_at - created_at'")
    with duckdb.connect(str(db), read_only=True) as con:
        by_name = {entry.name: entry for entry in catalogue(con, "commented")}
        cols = {column.name: column for column in columns(con, "commented", "WORKFLOW_RUNS")}
        assert columns(con, "commented", "no_such_table") == []
    assert by_name["v_error_types"].description == "Error types of failed runs."
    assert cols["runtime_ms"].description == "ended_at - created_at"
    assert cols["runtime_ms"].data_type == "BIGINT"


def test_the_published_analysts_database_is_in_the_promised_storage_version(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        assert file_storage_version(con, "wf_etl") == f"{STORAGE_VERSION}+"
