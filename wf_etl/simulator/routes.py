"""The three workflow endpoints (list, get, stop) over a tenant's state, once auth has passed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from wf_etl.simulator.faults import DRIFT_VARIANTS, MISSING_VARIANTS, FaultRule
from wf_etl.simulator.history import DAY_MS
from wf_etl.simulator.responses import Response, error
from wf_etl.simulator.timeline import TERMINAL
from wf_etl.simulator.views import BadRequest, ListQuery, cursor_token, list_page, overview

if TYPE_CHECKING:
    from wf_etl.simulator.server import Simulator


def route_workflow(
    sim: Simulator, tenant: str, endpoint: str, run_id: str | None, query: dict[str, str]
) -> Response:
    try:
        if endpoint == "list":
            return _list(sim, tenant, query)
        if run_id is None:
            return error(404, "Not found")
        if endpoint == "get":
            return _get(sim, tenant, run_id, query)
        return _stop(sim, tenant, run_id)
    except BadRequest as exc:
        return error(400, str(exc))


def _list(sim: Simulator, tenant: str, query: dict[str, str]) -> Response:
    q = ListQuery.parse(query)
    st = sim.state[tenant]
    now = sim.clock.now_ms()
    with st.lock:
        st.history.extend_to(now + DAY_MS)
        start = 0
        if q.next_token is not None:
            cursor = sim.cursor(q.next_token)
            if cursor is None or cursor[0] != tenant or cursor[1] not in st.history.by_id:
                return error(400, "Invalid value for parameter 'next_token': unknown token")
            last = st.history.by_id[cursor[1]]
            start = st.history.index_at_or_after(last.created_ms)
            while st.history.runs[start].id != last.id:
                start += 1
            start += 1
        items, last_plan, total = list_page(
            st.history, q, now, start, lambda plan: st.state_of(plan, now)
        )
    body: dict[str, Any] = {"data": items}
    if last_plan is not None:
        token = cursor_token(sim.seed, tenant, last_plan)
        sim.remember_cursor(token, tenant, last_plan.id)
        body["next_token"] = token
    if total is not None:
        body["total"] = total
    return Response(200, body)


def _find(sim: Simulator, tenant: str, run_id: str) -> Any:
    st = sim.state[tenant]
    st.history.extend_to(sim.clock.now_ms() + DAY_MS)  # a long-running wall-clock server
    plan = st.history.by_id.get(run_id)
    if plan is None or plan.created_ms > sim.clock.now_ms():
        return None
    return plan


def _get(sim: Simulator, tenant: str, run_id: str, query: dict[str, str]) -> Response:
    view = query.get("view", "overview")
    if view not in ("overview", "verbose"):
        raise BadRequest(f"Invalid value for parameter 'view': {view!r} (overview or verbose)")
    st = sim.state[tenant]
    now = sim.clock.now_ms()
    with st.lock:
        plan = _find(sim, tenant, run_id)
        if plan is None:
            return error(404, f"Workflow run '{run_id}' not found")
        if view == "verbose":
            return Response(200, st.verbose(plan, now))
        return Response(200, overview(plan, st.state_of(plan, now)))


def _stop(sim: Simulator, tenant: str, run_id: str) -> Response:
    """Stop a running run. A run already finished answers 400 (it is not running)."""
    st = sim.state[tenant]
    now = sim.clock.now_ms()
    with st.lock:
        plan = _find(sim, tenant, run_id)
        if plan is None:
            return error(404, f"Workflow run '{run_id}' not found")
        rs = st.state_of(plan, now)
        if rs.state in TERMINAL:
            return error(400, f"Workflow run '{run_id}' is not running (state: {rs.state})")
        if rs.state != "stopping":
            st.stops[plan.id] = now
        return Response(200, overview(plan, st.state_of(plan, now)))


def damage(sim: Simulator, body: dict[str, Any], rule: FaultRule, endpoint: str) -> None:
    """Break records the way a misbehaving API would: missing or malformed fields."""
    if endpoint == "list":
        items = body.get("data", [])
        targets = [r for r in items if rule.run_ids is None or r.get("id") in rule.run_ids]
        if rule.run_ids is None and targets:
            targets = [sim.faults.choose(tuple(targets))]
    else:
        targets = [body]
    for record in targets:
        options = MISSING_VARIANTS if "task_instances" in record else MISSING_VARIANTS[:3]
        variant = rule.variant or sim.faults.choose(options)
        if variant == "drop_id":
            record.pop("id", None)
        elif variant == "drop_created_at":
            record.pop("created_at", None)
        elif variant == "bad_created_at":
            record["created_at"] = sim.faults.choose(("2024-13-45T99:61:00Z", "yesterday", ""))
        elif variant == "task_instances_not_list":
            record["task_instances"] = {"unexpected": "object"}


DRIFT_OFFSET = timezone(timedelta(hours=5, minutes=30))
TIMESTAMP_FIELDS = ("created_at", "ended_at", "state_changed_at")


def drift(body: dict[str, Any], rule: FaultRule, endpoint: str) -> None:
    """Change records the way a newer API version might, without changing what they say.

    numbers_as_strings: warn_after_ms and every task's timeout_ms arrive as numeric strings;
    new_fields: a top-level `cost_center`, a nested `labels` object and a task-level `attempt`;
    offset_timestamps: every timestamp names the same instant at +05:30 instead of Z.
    """
    records = body.get("data", []) if endpoint == "list" else [body]
    variants = (rule.variant,) if rule.variant else DRIFT_VARIANTS
    for record in records:
        tasks = record.get("task_instances")
        tasks = [t for t in tasks if isinstance(t, dict)] if isinstance(tasks, list) else []
        if "numbers_as_strings" in variants:
            for item, key in [(record, "warn_after_ms"), *((t, "timeout_ms") for t in tasks)]:
                if isinstance(item.get(key), int):
                    item[key] = str(item[key])
        if "new_fields" in variants:
            record["cost_center"] = f"cc-{sum(map(ord, str(record.get('id')))) % 900 + 100}"
            record["labels"] = {"team": "data-platform", "priority": {"level": 2}}
            for task in tasks:
                task["attempt"] = 1
        if "offset_timestamps" in variants:
            for item in [record, *tasks]:
                for key in TIMESTAMP_FIELDS:
                    if isinstance(item.get(key), str) and item[key].endswith("Z"):
                        instant = datetime.fromisoformat(item[key].replace("Z", "+00:00"))
                        item[key] = instant.astimezone(DRIFT_OFFSET).isoformat(
                            timespec="milliseconds"
                        )
