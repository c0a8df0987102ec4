"""The API's answers for runs: overview and verbose records, list pages, filters and cursors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wf_etl.simulator.history import ALNUM, RunPlan, TenantHistory
from wf_etl.simulator.timeline import (
    RunState,
    TaskPlan,
    canonical,
    iso,
    spell,
    task_records,
)

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


class BadRequest(Exception):
    """A request the client must fix; answered with 400 and this message."""


def overview(plan: RunPlan, rs: RunState) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": plan.id,
        "name": plan.name,
        "type": plan.wtype.type,
        "state": spell(rs.state, plan.title_case),
        "tenant": plan.tenant,
        "created_at": iso(plan.created_ms),
    }
    if rs.ended_ms is not None:
        record["ended_at"] = iso(rs.ended_ms)
    return record


def verbose(
    plan: RunPlan, rs: RunState, tasks: list[TaskPlan], now_ms: int, stop_ms: int | None
) -> dict[str, Any]:
    record = overview(plan, rs)
    details = plan.details
    pid, pname, pemail = details.principal
    record["principal_id"] = pid
    record["principal_name"] = pname
    if pemail is not None:
        record["principal_email"] = pemail
    record["launched_version"] = details.launched_version
    ended = rs.ended_ms is not None
    record["current_version"] = details.current_version if ended else details.launched_version
    if plan.wtype.writes_sql:  # warns at twice the type's typical runtime
        record["warn_after_ms"] = int(plan.wtype.median_s * 2000)
    record["task_instances"] = task_records(plan, tasks, now_ms, stop_ms)
    if rs.error is not None:
        record["error"] = dict(rs.error)
    return record


def parse_instant(value: str, name: str) -> int:
    """ISO-8601 in UTC, possibly partial (YYYY, YYYY-MM, YYYY-MM-DD, ...), to epoch ms."""
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            moment = datetime(int(text), 1, 1, tzinfo=UTC)
        elif len(text) == 7 and text[4] == "-":
            moment = datetime(int(text[:4]), int(text[5:]), 1, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text.replace(" ", "T"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise BadRequest(
            f"Invalid value for parameter '{name}': {value!r} is not an ISO-8601 timestamp"
        ) from None
    return int(moment.timestamp() * 1000)


@dataclass(frozen=True)
class ListQuery:
    limit: int
    next_token: str | None
    with_total: bool
    created_from: int | None
    created_to: int | None
    ended_from: int | None
    ended_to: int | None
    state: str | None
    type: str | None

    @classmethod
    def parse(cls, query: dict[str, str]) -> ListQuery:
        raw_limit = query.get("limit", str(DEFAULT_LIMIT))
        try:
            limit = int(raw_limit)
        except ValueError:
            raise BadRequest(f"Invalid value for parameter 'limit': {raw_limit!r}") from None
        if limit < 1:
            raise BadRequest(f"Invalid value for parameter 'limit': {raw_limit!r} (minimum 1)")
        raw_total = query.get("with_total", "false").strip().lower()
        if raw_total not in ("true", "false", "1", "0"):
            raise BadRequest(f"Invalid value for parameter 'with_total': {raw_total!r}")
        token = query.get("next_token")
        if token is not None and not token:
            raise BadRequest("Invalid value for parameter 'next_token': empty")

        def instant(name: str) -> int | None:
            return parse_instant(query[name], name) if query.get(name) else None

        return cls(
            limit=min(limit, MAX_LIMIT),
            next_token=token,
            with_total=raw_total in ("true", "1"),
            created_from=instant("created_from"),
            created_to=instant("created_to"),
            ended_from=instant("ended_from"),
            ended_to=instant("ended_to"),
            state=canonical(query["state"]) if query.get("state") else None,
            type=query.get("type") or None,
        )


def cursor_token(seed: int, tenant: str, plan: RunPlan) -> str:
    """Opaque, deterministic (same seed, same tokens) and meaningless without this server."""
    digest = hashlib.sha256(f"{seed}|{tenant}|{plan.id}".encode()).digest()
    return "".join(ALNUM[b % len(ALNUM)] for b in digest[:15])


def list_page(
    history: TenantHistory,
    query: ListQuery,
    now_ms: int,
    start: int,
    state_of: Any,
) -> tuple[list[dict[str, Any]], RunPlan | None, int | None]:
    """One page from index `start`: the items, the last run on the page if more follow, total.

    Runs are ordered by (created_at, id) and only those created by now are visible, so a cursor
    (the last run returned) stays valid while new runs appear at the end.
    """
    visible = history.visible_count(now_ms)
    first = start
    if query.created_from is not None:
        first = max(first, history.index_at_or_after(query.created_from))
    stop = visible
    if query.created_to is not None:
        stop = min(stop, history.index_at_or_after(query.created_to))

    def keep(plan: RunPlan) -> RunState | None:
        if query.type is not None and plan.wtype.type != query.type:
            return None
        rs: RunState = state_of(plan)
        if query.state is not None and rs.state != query.state:
            return None
        if query.ended_from is not None or query.ended_to is not None:
            if rs.ended_ms is None:
                return None
            if query.ended_from is not None and rs.ended_ms < query.ended_from:
                return None
            if query.ended_to is not None and rs.ended_ms >= query.ended_to:
                return None
        return rs

    items: list[dict[str, Any]] = []
    last: RunPlan | None = None
    more = False
    i = first
    while i < stop:
        plan = history.runs[i]
        rs = keep(plan)
        if rs is not None:
            if len(items) == query.limit:
                more = True
                break
            items.append(overview(plan, rs))
            last = plan
        i += 1
    total = None
    if query.with_total:
        base = max(0, history.index_at_or_after(query.created_from or 0))
        total = sum(1 for p in history.runs[base:stop] if keep(p) is not None)
    return items, (last if more else None), total
