"""Small, realistic verbose run records, written by hand for the warehouse tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from wf_etl.warehouse import FetchedRecord

T0 = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
MODEL_TABLES = ("raw_workflow_runs", "workflow_runs", "task_instances", "workflow_errors")


def task(task_id: str, **fields: Any) -> dict[str, Any]:
    """A succeeded task instance; keyword arguments override or add fields (None drops one)."""
    record = {
        "id": task_id,
        "label": f"Updating {task_id}",
        "state": "Succeeded",
        "execution_type": "spark-sql",
        "run_id": f"run-{task_id}",
        "task_definition_id": "td-1",
        "task_definition_type": "bridge.sync",
        "timeout_ms": 600000,
        "created_at": "2024-06-03T10:00:01.000Z",
        "ended_at": "2024-06-03T10:00:02.000Z",
        "state_changed_at": "2024-06-03T10:00:02.000Z",
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


def run(run_id: str, tasks: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    """A succeeded verbose run of tenant acme; keyword arguments override (None drops a field)."""
    record = {
        "id": run_id,
        "tenant": "acme",
        "name": "Send audiences to Braze",
        "type": "campaign.send",
        "state": "succeeded",
        "created_at": "2024-06-03T10:00:00.000Z",
        "ended_at": "2024-06-03T10:05:00.000Z",
        "principal_name": "Automated workflow",
        "principal_id": "amperity|scheduler",
        "launched_version": "etv-20240210-12345-6AbCDE",
        "current_version": "etv-20240210-12345-6AbCDE",
        "task_instances": tasks if tasks is not None else [task(f"wft-{run_id}-1")],
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


def fetched(
    body: dict[str, Any] | str | None,
    run_id: str | None = None,
    at: datetime = T0,
    error: str | None = None,
) -> FetchedRecord:
    """A FetchedRecord as the API layer hands it over; a dict body is serialised to JSON."""
    if isinstance(body, dict):
        run_id = run_id or body.get("id")
        body = json.dumps(body)
    return FetchedRecord(tenant="acme", fetched_at=at, body=body, run_id=run_id, error=error)


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the raw and model tables, sorted, to compare states of the warehouse."""
    return {table: sorted(rows(con, f"select * from {table}"), key=repr) for table in MODEL_TABLES}
