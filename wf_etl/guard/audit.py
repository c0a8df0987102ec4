"""The guard_actions table: every decision the guard takes, written before anyone asks why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import duckdb

from wf_etl.guard.durations import format_duration
from wf_etl.warehouse.execution import execute_file

# Outcomes that mean a stop request reached the API and was accepted.
STOPPED = "stopped"
OUTCOMES = (
    "flagged",
    "would_stop",
    STOPPED,
    "already_ended",
    "already_stopping",
    "already_stopped_by_guard",
    "not_found",
    "error",
)


@dataclass(frozen=True)
class GuardAction:
    """One row of guard_actions."""

    decided_at: datetime
    batch_id: str
    source: str
    tenant: str
    run_id: str
    name: str | None
    type: str | None
    state: str | None
    rule: str | None
    runtime_ms: int | None
    limit_ms: int | None
    limit_basis: str | None
    action: str
    dry_run: bool
    outcome: str
    detail: str | None = None
    api_status: int | None = None
    request_id: str | None = None

    def describe(self) -> str:
        """One line for a terminal or a sensor log: what, why, and what happened."""
        limit = (
            f" > limit {format_duration(self.limit_ms)} [{self.limit_basis}]"
            if self.limit_ms is not None
            else ""
        )
        rule = f' rule "{self.rule}"' if self.rule else ""
        tail = f" ({self.detail})" if self.detail else ""
        rid = f" request_id={self.request_id}" if self.request_id else ""
        return (
            f"{self.tenant} {self.run_id} {self.name!r} ({self.type}) {self.state or '?'} "
            f"for {format_duration(self.runtime_ms)}{limit}{rule}: "
            f"{self.outcome.replace('_', ' ')}{tail}{rid}"
        )


def record(con: duckdb.DuckDBPyConnection, action: GuardAction) -> None:
    """Append one decision; each statement commits on its own, so a crash keeps earlier rows."""
    execute_file(con, "guard/insert_action.sql", asdict(action))


def is_repeat(con: duckdb.DuckDBPyConnection, action: GuardAction) -> bool:
    """Whether the run's latest row already says exactly this (rule, action, dry run, outcome).

    A runaway stays over its limit on every tick; writing the same decision every few minutes
    would bury the rows that matter. A changed decision (e.g. flag -> stopped) is written.
    """
    row = execute_file(
        con,
        "guard/latest_action_for_run.sql",
        {"tenant": action.tenant, "run_id": action.run_id},
    ).fetchone()
    if row is None:
        return False
    return tuple(row[:4]) == (action.rule, action.action, action.dry_run, action.outcome)


def stopped_by_guard(con: duckdb.DuckDBPyConnection, tenant: str, run_id: str) -> datetime | None:
    """When a stop of this run was accepted earlier, or None if it never was."""
    row = execute_file(
        con, "guard/stopped_by_guard.sql", {"tenant": tenant, "run_id": run_id}
    ).fetchone()
    return row[0] if row else None


def batch_actions(con: duckdb.DuckDBPyConnection, batch_id: str) -> list[dict[str, Any]]:
    """The rows one evaluation wrote, as dicts."""
    cursor = execute_file(con, "guard/batch_actions.sql", {"batch_id": batch_id})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def outcome_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Decisions per outcome over the whole table."""
    rows = execute_file(con, "guard/outcome_counts.sql").fetchall()
    return {outcome: int(n) for outcome, n, _ in rows}
