"""Send what is owed, once: alerts_sent records every alert per destination before it is sent.

Per destination, an evaluation (1) records alerts raised for the first time, (2) takes what is
still owed (new ones, and earlier ones not yet delivered), oldest first, within the hour's
budget (WF_ETL_ALERTS_MAX_PER_HOUR; the rest wait as 'deferred'), (3) posts each with a few
retries and records the outcome. An alert 'sent' is never posted again; one not delivered is
tried again at the next evaluation until WF_ETL_ALERTS_MAX_ATTEMPTS, then marked 'failed'.
The row is committed before the POST, so a crash between the two can at worst re-post an alert
the receiver may already have (it carries the same Idempotency-Key), never skip one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from wf_etl.alerts.config import AlertSettings, Destination
from wf_etl.alerts.deliver import post
from wf_etl.alerts.rules import Alert, evaluate
from wf_etl.sql_files import read_sql


@dataclass(frozen=True)
class Outcome:
    destination: str
    alert: Alert
    status: str  # sent | pending | deferred | failed | would_send | would_defer
    attempts: int = 0
    status_code: int | None = None
    error: str | None = None


@dataclass
class AlertsReport:
    """What one evaluation raised and what became of each alert per destination."""

    now: datetime
    raised: list[Alert] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for outcome in self.outcomes:
            totals[outcome.status] = totals.get(outcome.status, 0) + 1
        return totals

    def lines(self) -> list[str]:
        """One line per outcome, for the CLI and the sensor's log (never a URL)."""
        out = []
        for o in self.outcomes:
            extra = f" ({o.error}, {o.attempts} attempts)" if o.error else ""
            out.append(
                f"{o.status:<11} {o.destination:<7} {o.alert.kind:<18} {o.alert.title}{extra}"
            )
        return out


def _scalar(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> Any:
    return con.execute(read_sql(f"alerts/state/{name}.sql"), params).fetchone()[0]


def _owed(con: duckdb.DuckDBPyConnection, destination: str) -> list[tuple[Alert, int]]:
    cursor = con.execute(
        read_sql("alerts/state/open_for_destination.sql"), {"destination": destination}
    )
    return [
        (Alert(key, kind, tenant, title, detail, occurred), attempts)
        for key, kind, tenant, title, detail, occurred, _, attempts in cursor.fetchall()
    ]


def _record(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> None:
    con.execute(read_sql(f"alerts/state/{name}.sql"), params)


def _new_alert_params(alert: Alert, destination: str, now: datetime) -> dict[str, Any]:
    return {
        "alert_key": alert.alert_key,
        "destination": destination,
        "kind": alert.kind,
        "tenant": alert.tenant,
        "title": alert.title,
        "detail": alert.detail,
        "occurred_at": alert.occurred_at,
        "now": now,
        "status": "pending",
    }


def _dispatch_to(
    con: duckdb.DuckDBPyConnection,
    destination: Destination,
    raised: list[Alert],
    settings: AlertSettings,
    now: datetime,
    sleep: Callable[[float], None],
) -> list[Outcome]:
    for alert in raised:
        _record(con, "record_new", _new_alert_params(alert, destination.name, now))
    budget = settings.max_per_hour - int(
        _scalar(con, "sent_last_hour", {"destination": destination.name, "now": now})
    )
    outcomes = []
    for alert, attempts_so_far in _owed(con, destination.name):
        base = {"alert_key": alert.alert_key, "destination": destination.name, "now": now}
        if budget <= 0:
            _record(con, "record_attempt", {**base, "status": "deferred", "attempts": 0,
                                            "status_code": None, "error": None})  # fmt: skip
            outcomes.append(Outcome(destination.name, alert, "deferred"))
            continue
        delivery = post(
            destination,
            alert,
            attempts=min(settings.attempts_per_evaluation, settings.max_attempts - attempts_so_far),
            timeout_s=settings.timeout_s,
            sleep=sleep,
        )
        if delivery.ok:
            status = "sent"
            budget -= 1
        elif attempts_so_far + delivery.attempts >= settings.max_attempts:
            status = "failed"
        else:
            status = "pending"
        _record(con, "record_attempt", {**base, "status": status, "attempts": delivery.attempts,
                                        "status_code": delivery.status_code,
                                        "error": delivery.error})  # fmt: skip
        outcomes.append(
            Outcome(destination.name, alert, status, delivery.attempts, delivery.status_code,
                    delivery.error)
        )  # fmt: skip
    return outcomes


def _dry_run_for(
    con: duckdb.DuckDBPyConnection,
    destination: Destination,
    raised: list[Alert],
    settings: AlertSettings,
    now: datetime,
) -> list[Outcome]:
    known = {
        key
        for (key,) in con.execute(
            read_sql("alerts/state/known_keys.sql"), {"destination": destination.name}
        ).fetchall()
    }
    owed = [a for a, _ in _owed(con, destination.name)]
    owed += [a for a in raised if a.alert_key not in known]
    budget = settings.max_per_hour - int(
        _scalar(con, "sent_last_hour", {"destination": destination.name, "now": now})
    )
    return [
        Outcome(destination.name, a, "would_send" if i < budget else "would_defer")
        for i, a in enumerate(owed)
    ]


def run_alerts(
    con: duckdb.DuckDBPyConnection,
    settings: AlertSettings,
    now: datetime,
    *,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> AlertsReport:
    """Evaluate the rules at `now` and deliver what is owed to every configured destination.

    With `dry_run`, nothing is posted and nothing written: the report says what would be.
    """
    report = AlertsReport(now=now, dry_run=dry_run)
    report.raised = evaluate(
        con, now, lookback_hours=settings.lookback_hours, failing_streak=settings.failing_streak
    )
    for destination in settings.destinations():
        if dry_run:
            report.outcomes += _dry_run_for(con, destination, report.raised, settings, now)
        else:
            report.outcomes += _dispatch_to(con, destination, report.raised, settings, now, sleep)
    return report
