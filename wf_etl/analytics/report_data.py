"""Gather the report's numbers from a warehouse opened read-only, scoped by dates and tenant.

The report never writes to the warehouse: it attaches the file READ_ONLY to an in-memory
database, defines the model tables' names there as views filtered to the scope
(sql/report/scope), and creates the analytics views on top, in memory. So the report works on
any warehouse with the model tables, even one whose views are missing or from an older
version, and always answers with the views of the code that prints it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from wf_etl.analytics.views import apply_views, headline, query_rows
from wf_etl.settings import Settings, is_local_path
from wf_etl.sql_files import sql_files
from wf_etl.warehouse.connect import WarehouseLockedError, wait_while_locked

MODEL_TABLES = ("workflow_runs", "task_instances", "workflow_errors")


class ReportError(Exception):
    """The report cannot be made; the message says what to do."""


@dataclass(frozen=True)
class ReportScope:
    """Runs created in [date_from, date_to) of one tenant; None leaves that bound open."""

    date_from: datetime | None = None
    date_to: datetime | None = None
    tenant: str | None = None

    def describe(self) -> str:
        start = self.date_from.isoformat() if self.date_from else "the first run"
        end = self.date_to.isoformat() if self.date_to else "the last run"
        who = f"tenant {self.tenant}" if self.tenant else "all tenants"
        return f"{who}, runs created from {start} to {end}"


def _attach_read_only(con: duckdb.DuckDBPyConnection, path: str) -> None:
    if is_local_path(path) and not Path(path).is_file():
        raise ReportError(
            f"no warehouse at {path}; run `wf-etl sync` (or `wf-etl demo`) first, "
            "or point --db / WF_ETL_DUCKDB_PATH at it"
        )
    quoted = path.replace("'", "''")
    try:
        # A sync holds the file for seconds at a time: wait for it as every other verb does.
        wait_while_locked(
            lambda: con.execute(f"attach '{quoted}' as wh (read_only)"),
            path,
            lock_timeout_s=Settings.from_env().lock_timeout_s,
        )
    except WarehouseLockedError as exc:
        raise ReportError(str(exc)) from None
    except duckdb.IOException as exc:
        raise ReportError(f"cannot open the warehouse {path}: {exc}") from exc
    except duckdb.Error as exc:
        raise ReportError(f"{path} is not a DuckDB warehouse: {exc}") from exc


def _check_tables(con: duckdb.DuckDBPyConnection, path: str) -> None:
    present = {
        row[0]
        for row in con.execute(
            # the analysts' database holds the model tables as views over the lake
            "select table_name from duckdb_tables() where database_name = 'wh' "
            "union all select view_name from duckdb_views() where database_name = 'wh'"
        ).fetchall()
    }
    missing = [name for name in MODEL_TABLES if name not in present]
    if missing:
        raise ReportError(
            f"{path} has no {', '.join(missing)} table; run `wf-etl sync` to load the warehouse"
        )
    (runs,) = con.execute("select count(*) from wh.main.workflow_runs").fetchone()
    if runs == 0:
        raise ReportError(f"{path} holds no workflow runs yet; run `wf-etl sync` first")


@contextmanager
def open_report(path: str, scope: ReportScope) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory connection where the model tables and analytics views show the scope."""
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        _attach_read_only(con, path)
        _check_tables(con, path)
        con.execute("set variable report_from = cast($1 as timestamptz)", [scope.date_from])
        con.execute("set variable report_to = cast($1 as timestamptz)", [scope.date_to])
        con.execute("set variable report_tenant = cast($1 as varchar)", [scope.tenant])
        for scope_file in sql_files("report/scope"):
            con.execute(scope_file.read_text(encoding="utf-8"))
        apply_views(con)
        (runs,) = con.execute("select count(*) from workflow_runs").fetchone()
        if runs == 0:
            raise ReportError(f"no runs in {path} for {scope.describe()}")
        yield con
    finally:
        con.close()


def _plain(value: Any) -> Any:
    """A value JSON can hold: ISO text for instants and days, float for decimals."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in query_rows(con, name)]


def gather(con: duckdb.DuckDBPyConnection, scope: ReportScope, db_path: str) -> dict[str, Any]:
    """Every section of the report as plain data; the renderers only format it."""
    summary = _rows(con, "scope_summary")[0]
    numbers = {k: _plain(v) for k, v in headline(con).items() if k != "top_error_types"}
    return {
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "warehouse": db_path,
        "scope": {
            "from": _plain(scope.date_from),
            "to": _plain(scope.date_to),
            "tenant": scope.tenant,
            "tenants": summary["tenants"],
            "first_created_at": summary["first_created_at"],
            "last_created_at": summary["last_created_at"],
        },
        "headline": numbers,
        "daily": _rows(con, "daily_attribution"),
        "error_families": _rows(con, "error_families_top"),
        "error_types": _rows(con, "error_types_top"),
        "failing_tasks": _rows(con, "task_reliability_top"),
        "root_cause_tasks": _rows(con, "root_cause_tasks"),
        "runtime_by_type": _rows(con, "runtime_by_type"),
        "recovery": _rows(con, "recovery_by_name"),
        "platform_retry": _rows(con, "platform_retry")[0],
        "config_change": _rows(con, "config_change"),
    }


def build_report(path: str, scope: ReportScope) -> dict[str, Any]:
    """The report's data for the warehouse at path, opened read-only."""
    with open_report(path, scope) as con:
        return gather(con, scope, path)
