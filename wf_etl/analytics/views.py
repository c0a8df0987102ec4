"""The analytics views (sql/analytics) and the headline numbers Dagster records as metadata."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import duckdb

from wf_etl.sql_files import read_sql, sql_files
from wf_etl.warehouse.execution import transaction

_CREATED_VIEW = re.compile(r"create\s+or\s+replace\s+view\s+(\w+)", re.IGNORECASE)


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create (or replace) every analytics view and macro; return the view names.

    Files apply in name order, which is dependency order: macros first (00_), then views, each
    one after the views it reads (e.g. 50_v_time_to_recovery before 51_..._by_name).
    Views are cheap to recreate, so this runs after every model refresh.
    """
    names: list[str] = []
    with transaction(con):  # one commit: a hundred COMMENT ON statements apart take a second
        for path in sql_files("analytics"):
            sql = path.read_text(encoding="utf-8")
            con.execute(sql)
            names.extend(_CREATED_VIEW.findall(sql))
        # Replacing a view drops its comments: the data dictionary goes back on every time.
        for path in sql_files("dictionary/views"):
            con.execute(path.read_text(encoding="utf-8"))
    return names


def pin_as_of(con: duckdb.DuckDBPyConnection, instant: datetime) -> None:
    """Make the time-relative views of this session read the data as of `instant`
    (sql/analytics/01_analysis_as_of.sql): a temporary macro, so nothing is stored."""
    stamp = instant.isoformat()  # from a datetime: digits, '-', ':', '+', 'T' only
    con.execute(f"create or replace temp macro analysis_as_of() as timestamptz '{stamp}'")


def _as_day(value: date | datetime | str | None) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(value[:10])


def query_rows(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Rows of one sql/report query as dicts keyed by column name."""
    cursor = con.execute(read_sql(f"report/{name}.sql"), params or {})
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def markdown_table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """A GitHub-flavoured Markdown table; Dagster renders it in the asset's metadata."""
    if not rows:
        return "_no failures_"
    columns = columns or list(rows[0])

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def headline(
    con: duckdb.DuckDBPyConnection,
    tenant: str | None = None,
    date_from: date | datetime | str | None = None,
    date_to: date | datetime | str | None = None,
    top: int = 5,
) -> dict[str, Any]:
    """The numbers a reader checks first, for a tenant and UTC days [date_from, date_to).

    Needs the views (apply_views). Rates are None, not 0, when nothing finished: "no data" and
    "no failures" must not look alike on a dashboard.
    """
    params = {"tenant": tenant, "date_from": _as_day(date_from), "date_to": _as_day(date_to)}
    numbers = query_rows(con, "headline", params)[0]
    top_types = query_rows(con, "headline_error_types", {**params, "top": top})
    return {**numbers, "top_error_types": markdown_table(top_types)}
