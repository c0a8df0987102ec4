"""Bring the model tables (workflow_runs, task_instances, workflow_errors) in line with raw.

Refresh and rebuild differ only in which runs they pick (model_batch); the transforms that
follow are the same files, so a rebuild gives exactly what refreshes gave.
"""

from __future__ import annotations

import duckdb

from wf_etl.warehouse.execution import execute_file, row_count, transaction
from wf_etl.warehouse.records import ModelResult

STAGE_FILES = (
    "transform/model/10_model_runs_stage.sql",
    "transform/model/20_model_tasks_stage.sql",
)
TABLE_FILES = (
    "transform/model/30_workflow_runs.sql",
    "transform/model/40_task_instances.sql",
    "transform/model/50_workflow_errors.sql",
)
TEMP_TABLES = ("model_batch", "model_runs_stage", "model_tasks_stage")


def refresh_model(con: duckdb.DuckDBPyConnection) -> ModelResult:
    """One transaction over the runs whose raw row is newer than the model's (self-healing)."""
    return _derive(con, "transform/model/01_batch_refresh.sql")


def rebuild_model(con: duckdb.DuckDBPyConnection) -> ModelResult:
    """One transaction re-deriving every run from raw, e.g. after a transform changed."""
    return _derive(con, "transform/model/02_batch_rebuild.sql")


def _derive(con: duckdb.DuckDBPyConnection, batch_file: str) -> ModelResult:
    with transaction(con):
        execute_file(con, batch_file)
        for stage in STAGE_FILES:
            execute_file(con, stage)
        runs, tasks, errors = (row_count(con, f) for f in TABLE_FILES)
        for table in TEMP_TABLES:
            con.execute(f"drop table {table}")
    return ModelResult(runs=runs, tasks=tasks, errors=errors)
