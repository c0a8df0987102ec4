"""What is worth an alert right now: one SQL file per kind in sql/alerts, over the views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from wf_etl.analytics import apply_views
from wf_etl.analytics.views import pin_as_of
from wf_etl.sql_files import read_sql

KINDS = ("new_error_family", "platform_incident", "failing_streak", "runaway", "runtime_regression")


@dataclass(frozen=True)
class Alert:
    """One thing to tell the team; `alert_key` names it, so it is sent once."""

    alert_key: str
    kind: str
    tenant: str | None
    title: str
    detail: str | None
    occurred_at: datetime | None


def evaluate(
    con: duckdb.DuckDBPyConnection, now: datetime, *, lookback_hours: int, failing_streak: int
) -> list[Alert]:
    """Every alert the warehouse supports at `now`, oldest first. Re-creates the views (cheap)
    so the rules read the current definitions, and pins the views' as_of to `now`."""
    apply_views(con)
    pin_as_of(con, now)
    params: dict[str, Any] = {"now": now, "lookback_hours": lookback_hours}
    alerts: list[Alert] = []
    for kind in KINDS:
        sql = read_sql(f"alerts/{kind}.sql")
        wanted = {k: v for k, v in {**params, "streak": failing_streak}.items() if f"${k}" in sql}
        cursor = con.execute(sql, wanted)
        columns = [c[0] for c in cursor.description]
        alerts += [Alert(**dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]
    return sorted(alerts, key=lambda a: (a.occurred_at is None, a.occurred_at, a.alert_key))
