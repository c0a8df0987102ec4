"""GET /audit-events: the tenant's audit log, windowed by happened_from/happened_to and paged.

The cursor names the last event returned (its time and id), so it stays valid while new events
appear at the end; it is opaque to clients and checked to belong to the tenant.
"""

from __future__ import annotations

import base64
import json
import weakref
from typing import TYPE_CHECKING, Any

from wf_etl.simulator.audit_events import AuditLog
from wf_etl.simulator.history import DAY_MS, TenantHistory
from wf_etl.simulator.responses import Response, error
from wf_etl.simulator.views import DEFAULT_LIMIT, MAX_LIMIT, BadRequest, parse_instant

if TYPE_CHECKING:
    from wf_etl.simulator.server import Simulator, TenantState

# Keyed by the history object (TenantState is a dataclass, so not hashable).
_LOGS: weakref.WeakKeyDictionary[TenantHistory, AuditLog] = weakref.WeakKeyDictionary()


def _encode(tenant: str, happened_ms: int, event_id: str) -> str:
    raw = json.dumps([tenant, happened_ms, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode(token: str, tenant: str) -> tuple[int, str]:
    try:
        padded = token + "=" * (-len(token) % 4)
        owner, happened_ms, event_id = json.loads(base64.urlsafe_b64decode(padded))
        if owner != tenant or not isinstance(happened_ms, int) or not isinstance(event_id, str):
            raise ValueError
    except (ValueError, TypeError):
        raise BadRequest("Invalid value for parameter 'next_token': unknown token") from None
    return happened_ms, event_id


def _limit(query: dict[str, str]) -> int:
    raw = query.get("limit", str(DEFAULT_LIMIT))
    try:
        limit = int(raw)
    except ValueError:
        raise BadRequest(f"Invalid value for parameter 'limit': {raw!r}") from None
    if limit < 1:
        raise BadRequest(f"Invalid value for parameter 'limit': {raw!r} (minimum 1)")
    return min(limit, MAX_LIMIT)


def _instant(query: dict[str, str], name: str, default: int) -> int:
    return parse_instant(query[name], name) if query.get(name) else default


def audit_log(state: TenantState) -> AuditLog:
    log = _LOGS.get(state.history)
    if log is None:
        log = _LOGS[state.history] = AuditLog(state.history)
    return log


def route_audit(sim: Simulator, tenant: str, query: dict[str, str]) -> Response:
    """One page of events that happened in [happened_from, happened_to) and by now."""
    try:
        limit = _limit(query)
        now = sim.clock.now_ms()
        st = sim.state[tenant]
        frm = _instant(query, "happened_from", st.history.origin_ms - DAY_MS)
        to = _instant(query, "happened_to", now + 1)
        with_total = query.get("with_total", "false").strip().lower() in ("true", "1")
        after = _decode(query["next_token"], tenant) if query.get("next_token") else None
    except BadRequest as exc:
        return error(400, str(exc))
    with st.lock:
        events = audit_log(st).events(frm, min(to, now + 1), dict(st.stops))
    remaining = [e for e in events if after is None or (e.happened_ms, e.event_id) > after]
    page = remaining[:limit]
    body: dict[str, Any] = {"data": [dict(e.record) for e in page]}
    if len(remaining) > limit:
        last = page[-1]
        body["next_token"] = _encode(tenant, last.happened_ms, last.event_id)
    if with_total:
        body["total"] = len(events)
    return Response(200, body)


def damage_audit(body: dict[str, Any], variant_index: int) -> None:
    """missing_fields on an audit page: one event loses its id or gets an unreadable time."""
    events = body.get("data") or []
    if not events:
        return
    target = events[variant_index % len(events)]
    if variant_index % 2 == 0:
        target.pop("event_id", None)
    else:
        target["happened_at"] = "not-a-time"
