"""Bring the model tables (workflow_runs, task_instances, workflow_errors) in line with raw.

Refresh and rebuild differ only in which runs they pick (model_batch); the transforms that
follow are the same files, so a rebuild gives exactly what refreshes gave. A load (land.py's
load_frame) picks the runs it just landed and hands the model their already parsed records
through the same files, so no record is parsed twice.
"""

from __future__ import annotations

import duckdb

from wf_etl.warehouse.execution import execute_file, row_count, transaction
from wf_etl.warehouse.records import ModelResult

PARSE_FILES = ("transform/parse/run_record.sql", "transform/parse/task_times.sql")
STAGE_FILES = (
    "transform/model/10_model_runs_stage.sql",
    "transform/model/20_model_tasks_stage.sql",
)
# Payload text parsed per statement when the model is derived from raw (_parse_in_slices).
MODEL_SLICE_BYTES = 32 * 2**20
TABLE_FILES = (
    "transform/model/30_workflow_runs.sql",
    "transform/model/40_task_instances.sql",
    "transform/model/50_workflow_errors.sql",
)


def refresh_model(con: duckdb.DuckDBPyConnection) -> ModelResult:
    """One transaction over the runs whose raw row is newer than the model's (self-healing);
    none when a fingerprint of both sides says the model is current, the common case."""
    if execute_file(con, "transform/model/00_model_matches_raw.sql").fetchall()[0][0]:
        return ModelResult(runs=0, tasks=0, errors=0)
    return _derive(con, "transform/model/01_batch_refresh.sql")


def rebuild_model(con: duckdb.DuckDBPyConnection) -> ModelResult:
    """One transaction re-deriving every run from raw, e.g. after a transform change."""
    return _derive(con, "transform/model/02_batch_rebuild.sql")


def create_parse_macro(con: duckdb.DuckDBPyConnection) -> None:
    """parse_run_record and task_times, the one record structure landing and the model share
    (temp macros)."""
    for path in PARSE_FILES:
        execute_file(con, path)


def model_from_source(con: duckdb.DuckDBPyConnection, source_kind: str) -> ModelResult:
    """Replace the model rows of model_batch from model_source (a parsed record per run).

    Runs inside the caller's transaction. `source_kind` ('table' or 'view') is how
    model_source was created; it is dropped as soon as the stages hold what they need, so a
    large batch does not keep its parsed records and its typed rows in memory at once.
    """
    for stage in STAGE_FILES:
        execute_file(con, stage)
    con.execute(f"drop {source_kind} model_source")
    runs, tasks, errors = (row_count(con, f) for f in TABLE_FILES)
    for table in ("model_batch", "model_runs_stage", "model_tasks_stage"):
        con.execute(f"drop table {table}")
    return ModelResult(runs=runs, tasks=tasks, errors=errors)


def _derive(con: duckdb.DuckDBPyConnection, batch_file: str) -> ModelResult:
    with transaction(con):
        create_parse_macro(con)
        execute_file(con, batch_file)
        if not con.execute("select count(*) from model_batch").fetchall()[0][0]:
            # nothing lags, the common case after a load: nothing to measure, parse or stage
            con.execute("drop table model_batch")
            return ModelResult(runs=0, tasks=0, errors=0)
        _parse_in_slices(con)
        return model_from_source(con, "table")


def _parse_in_slices(con: duckdb.DuckDBPyConnection) -> None:
    """model_source from the raw payloads of model_batch, in slices when the records are wide.

    Parsing JSON holds the documents of a whole vector of rows at once: in one statement, a
    rebuild of 30,000 runs of 28 KB (60 tasks each, bench/load.py --wide) ran out of its
    600 MB. Sliced, it fits; typical records stay one statement, after a read of the
    payloads' lengths.
    """
    execute_file(con, "transform/model/04_model_slices.sql", {"slice_bytes": MODEL_SLICE_BYTES})
    execute_file(con, "transform/model/05_model_source.sql")
    slices = con.execute("select first_rowid, last_rowid, dense from model_slices").fetchall()
    con.execute("drop table model_slices")
    for first, last, dense in slices:
        execute_file(
            con,
            "transform/model/06_model_source_slice.sql",
            {"first_rowid": first, "last_rowid": last, "dense": dense},
        )
