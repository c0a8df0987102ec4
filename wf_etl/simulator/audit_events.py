"""The tenant's audit log, derived from its run history so the two tell one story.

What a data team would see in a real tenant, in the proportions that make the analytics worth
having: some customer-attributed failures follow a change to the object the error names (a
credential, destination, courier or database) and some are fixed by a further change to it;
runs that end canceled or stopped were mostly stopped by a user (`workflow/cancel` on the run);
stop requests sent through the API appear as the API key's stop; and every day carries changes
and activity that explain nothing (a query created, a policy updated, a sandbox made).

Like the history, events are a pure function of the seed, the tenant and the run plans, laid
on the UTC calendar, so the same window always lists the same events in the same order.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

from wf_etl.simulator import catalog
from wf_etl.simulator.history import DAY_MS, RunPlan, TenantHistory, token
from wf_etl.simulator.timeline import STOP_DELAY_MS, iso

MINUTE_MS = 60_000
STOP_EVENT = ":amperity.workflow/cancel"
API_KEY = ("api-key|wf-etl-integration", "wf-etl integration key")
USER_AGENTS = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36",
)
# The object a customer-attributed error points at, and the change that breaks or fixes it:
# (event type, object id prefix, object name template).
CAUSE_OF_ERROR: dict[str, tuple[tuple[str, str, str], ...]] = {
    "amperity.workflow.task.stitch/table": ((":amperity.database/updated", "db", "{db} database"),),
    "amperity.workflow.task.courier/file-not-found": (
        (":amperity.plugin.courier/updated", "cr", "{table}-courier"),
    ),
    "amperity.workflow.task.spark-sql/analysis-exception": (
        (":amperity.database/updated", "db", "{db} database"),
    ),
    "amperity.workflow.task.database/validation": (
        (":amperity.database/updated", "db", "{db} database"),
    ),
    "amperity.workflow.task.campaign/destination-auth": (
        (":amperity.credential/updated", "cred", "{dest} credential"),
        (":amperity.plugin.destination/updated", "dest", "{dest} destination"),
    ),
}
# Daily activity unrelated to any failure: (event type, object prefix, name template, weight).
# Mostly activity that changes nothing; about one configuration change a day.
BACKGROUND: tuple[tuple[str, str, str, float], ...] = (
    (":amperity.query.exec/sampled", "qry", "Top customers", 3),
    (":amperity.orchestration/run", "orch", "Nightly exports", 3),
    (":amperity.alert.audience/updated", "aud", "Data team alerts", 1),
    (":amperity.query/created", "qry", "Segment draft {n}", 1),
    (":amperity.query/activated", "qry", "Daily KPIs", 0.5),
    (":amperity.plugin.destination/updated", "dest", "{dest} destination", 0.5),
    (":amperity.credential/created", "cred", "{dest} credential", 0.3),
    (":amperity.api-key/created", "key", "Reporting key {n}", 0.3),
    (":amperity.policy/updated", "pol", "PII access policy", 0.3),
    (":amperity.user/created", "usr", "New analyst {n}", 0.3),
    (":amperity.tenant/created", "sb", "{tenant}-sb sandbox", 0.2),
)
BACKGROUND_PER_DAY = 4


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One event; `record` is the API's JSON object for it."""

    happened_ms: int
    event_id: str
    record: dict[str, Any]


def _ip(handle: str) -> str:
    digest = hashlib.sha256(handle.encode()).digest()
    return f"10.{digest[0]}.{digest[1]}.{digest[2] % 254 + 1}"


def _event(
    rng: random.Random,
    tenant: str,
    at_ms: int,
    event_type: str,
    object_id: str,
    object_name: str,
    principal: tuple[str, str] | None = None,
    sandbox: bool = False,
) -> AuditEvent:
    """An event by `principal` (id, name), or by a person of the tenant drawn from rng."""
    if principal is None:
        person, handle = rng.choice(catalog.HUMANS)
        email = f"{handle}@{tenant}.com"
        pid, pname, agent = f"google-apps|{email}", person, rng.choice(USER_AGENTS)
    else:
        pid, pname = principal
        handle, email, agent = "integration", f"integrations@{tenant}.com", "python-requests"
    event_id = f"ae-{token(rng, 10)}"
    record = {
        "event_id": event_id,
        "event_type": event_type,
        "tenant": f"{tenant}-sb" if sandbox else tenant,
        "tenant_family": tenant,
        "happened_at": iso(at_ms),
        "principal_id": pid,
        "principal_name": pname,
        "principal_email": email,
        "object_id": object_id,
        "object_name": object_name,
        "origin_ip": _ip(handle),
        "user_agent": agent,
        "session_id": token(rng, 32),
    }
    return AuditEvent(at_ms, event_id, record)


def _names(rng: random.Random, tenant: str) -> dict[str, Any]:
    return {
        "db": rng.choice(catalog.DATABASES),
        "table": rng.choice(catalog.TABLES),
        "dest": rng.choice(catalog.DESTINATIONS),
        "tenant": tenant,
        "n": rng.randint(2, 99),
    }


def run_events(plan: RunPlan) -> list[AuditEvent]:
    """The events a run's story implies: the change before a customer failure (and sometimes
    the fix after it), or the user's stop of a run that ends canceled or stopped."""
    rng = random.Random(plan.seed ^ 0xA0D17)
    events: list[AuditEvent] = []
    end = plan.planned_end_ms
    if plan.outcome in ("canceled", "stopped") and end is not None and rng.random() < 0.8:
        at = max(plan.created_ms + 1_000, end - STOP_DELAY_MS)
        events.append(_event(rng, plan.tenant, at, STOP_EVENT, plan.id, plan.name))
    error = plan.error if plan.outcome == "failed" and plan.attribution == "customer" else None
    causes = CAUSE_OF_ERROR.get(error["type"], ()) if error else ()
    if causes and end is not None:
        event_type, prefix, template = rng.choice(causes)
        names = _names(rng, plan.tenant)
        object_id = f"{prefix}-{hashlib.sha256(template.format(**names).encode()).hexdigest()[:9]}"
        object_name = template.format(**names)
        if rng.random() < 0.4:  # the change that broke it
            at = plan.created_ms - rng.randint(5, 120) * MINUTE_MS
            events.append(_event(rng, plan.tenant, at, event_type, object_id, object_name))
        if rng.random() < 0.35:  # the fix, after the failure was seen
            at = end + rng.randint(5, 90) * MINUTE_MS
            events.append(_event(rng, plan.tenant, at, event_type, object_id, object_name))
    return events


def day_events(seed: int, tenant: str, day_start_ms: int) -> list[AuditEvent]:
    """The day's unrelated activity, seeded by tenant and date like the day's runs."""
    rng = random.Random(f"{seed}|{tenant}|audit|{day_start_ms // DAY_MS}")
    weights = [w for *_, w in BACKGROUND]
    events = []
    for _ in range(rng.randint(BACKGROUND_PER_DAY // 2, BACKGROUND_PER_DAY * 3 // 2)):
        event_type, prefix, template, _ = rng.choices(BACKGROUND, weights=weights)[0]
        at = day_start_ms + int(rng.random() * DAY_MS)
        name = template.format(**_names(rng, tenant))
        object_id = f"{prefix}-{hashlib.sha256(name.encode()).hexdigest()[:9]}"
        sandbox = event_type.startswith(":amperity.query/") and rng.random() < 0.2
        events.append(_event(rng, tenant, at, event_type, object_id, name, sandbox=sandbox))
    return events


def api_stop_event(plan: RunPlan, stop_ms: int) -> AuditEvent:
    """A stop request sent through the API (the runaway guard, `wf-etl stop`): the key's event."""
    rng = random.Random(f"{plan.seed}|api-stop|{stop_ms}")
    return _event(rng, plan.tenant, stop_ms, STOP_EVENT, plan.id, plan.name, principal=API_KEY)


class AuditLog:
    """A tenant's events in [from, to), computed from the history and cached per run and day."""

    def __init__(self, history: TenantHistory) -> None:
        self.history = history
        self._by_run: dict[str, list[AuditEvent]] = {}
        self._by_day: dict[int, list[AuditEvent]] = {}

    def events(self, from_ms: int, to_ms: int, stops: dict[str, int]) -> list[AuditEvent]:
        """Sorted by (happened_at, event_id). Runs up to a day either side can place events in
        the window (a change hours before a run, a fix after it ends)."""
        history = self.history
        lo = history.index_at_or_after(from_ms - DAY_MS)
        hi = history.index_at_or_after(to_ms + DAY_MS)
        found: list[AuditEvent] = []
        for plan in history.runs[lo:hi]:
            cached = self._by_run.get(plan.id)
            if cached is None:
                cached = self._by_run[plan.id] = run_events(plan)
            found.extend(cached)
            if plan.id in stops:
                found.append(api_stop_event(plan, stops[plan.id]))
        first_day = max(from_ms, history.origin_ms) // DAY_MS
        for day in range(first_day, (to_ms - 1) // DAY_MS + 1):
            cached = self._by_day.get(day)
            if cached is None:
                cached = self._by_day[day] = day_events(history.seed, history.tenant, day * DAY_MS)
            found.extend(cached)
        chosen = {e.event_id: e for e in found if from_ms <= e.happened_ms < to_ms}
        return sorted(chosen.values(), key=lambda e: (e.happened_ms, e.event_id))
