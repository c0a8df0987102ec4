"""A rule's limit in milliseconds for one run: fixed, from the run's warn_after_ms, or from the
type's p95 runtime in the warehouse's history (sql/guard/p95_by_type.sql)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from wf_etl.guard.durations import format_duration
from wf_etl.guard.policy import Rule
from wf_etl.warehouse.execution import execute_file


@dataclass(frozen=True)
class TypeHistory:
    """How many succeeded runs of a type the warehouse holds, and their p95 runtime."""

    runs: int
    p95_ms: float | None


@dataclass(frozen=True)
class ResolvedLimit:
    """The limit for one run under one rule, or why the rule cannot say (`unavailable`)."""

    limit_ms: int | None
    basis: str  # how it was computed, for people: "3x p95 (p95 37m over 104 runs)"
    unavailable: str | None = None


def p95_by_type(
    con: duckdb.DuckDBPyConnection, tenant: str, since: datetime
) -> dict[str, TypeHistory]:
    """Each workflow type's history in one tenant; types without succeeded runs are absent."""
    rows = execute_file(con, "guard/p95_by_type.sql", {"tenant": tenant, "since": since}).fetchall()
    return {wtype: TypeHistory(int(runs), p95) for wtype, runs, p95 in rows}


def resolve_limit(
    rule: Rule,
    wtype: str | None,
    history: dict[str, TypeHistory],
    warn_after_ms: int | None,
) -> ResolvedLimit:
    """Apply `rule`'s limit to a run of type `wtype`.

    Too little history makes a p95 meaningless (one slow run would set the bar), so below
    `min_runs` the rule steps aside rather than guess; the caller tries the next rule.
    """
    limit = rule.limit
    if limit.kind == "absolute":
        return ResolvedLimit(int(limit.value), f"fixed {format_duration(limit.value)}")
    if limit.kind == "warn_after":
        if not warn_after_ms:
            return ResolvedLimit(None, str(limit), "the run has no warn_after_ms")
        ms = int(limit.value * warn_after_ms)
        return ResolvedLimit(ms, f"{limit} (warn_after {format_duration(warn_after_ms)})")
    known = history.get(wtype or "")
    runs = known.runs if known else 0
    if known is None or known.p95_ms is None or runs < rule.min_runs:
        return ResolvedLimit(
            None, str(limit), f"not enough history ({runs} < {rule.min_runs} succeeded runs)"
        )
    ms = int(limit.value * known.p95_ms)
    return ResolvedLimit(ms, f"{limit} (p95 {format_duration(known.p95_ms)} over {runs} runs)")
