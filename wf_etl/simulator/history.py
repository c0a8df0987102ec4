"""A tenant's seeded run history: every run is a predetermined plan, generated one day at a time.

Runs are headers (who, what, when, how it ends); their tasks are derived lazily from a per-run
seed (see timeline.py), so 14 days at thousands of runs a day stays quick to build. The same seed,
tenant and start time always give the same history, whatever order it is read in.

The history is laid on the UTC calendar: day blocks start at midnight and are seeded by their
date, and the pinned runs by the hour the simulator starts in. So two simulators with the same
seed, started minutes or days apart, agree on every run of the days they share (a demo run twice
syncs the same runs, not a second history), and differ only in the pinned runs of another hour.
"""

from __future__ import annotations

import bisect
import functools
import math
import random
import string
import time
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, NamedTuple

from wf_etl.simulator import catalog
from wf_etl.simulator.catalog import WorkflowType

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
ALNUM = string.ascii_letters + string.digits
# Relative run volume by UTC hour: a night batch window plus a business-hours hump.
AUTOMATED = ("amperity|scheduler", "Automated workflow", None)
HOURLY_SHAPE = (5, 6, 8, 9, 9, 8, 6, 4, 3, 3, 3, 3, 3, 4, 5, 6, 6, 5, 4, 3, 3, 3, 3, 4)


class Details(NamedTuple):
    principal: tuple[str, str, str | None]  # id, name, email
    launched_version: str
    current_version: str
    error: dict[str, Any] | None


@dataclass(slots=True)
class RunPlan:
    """How one run goes, from creation to its predetermined end (None: a runaway).

    The header holds what listing and filtering need; the rest (principal, versions, error
    text) is derived from `seed` on first use, which keeps a large history quick to build.
    """

    id: str
    tenant: str
    name: str
    wtype: WorkflowType
    created_ms: int
    duration_ms: int | None
    outcome: str  # succeeded | failed | canceled | stopped | runaway
    title_case: bool  # states spelled "In progress"/"Succeeded" rather than "in_progress"
    config_changed: bool
    attribution: str | None  # of a failure: customer | platform
    n_tasks: int
    fail_index: int  # the task that fails or is stopped; -1 when none
    fail_ms: int | None  # "running with failures" from here until the run ends
    seed: int
    cached: Details | None = None

    @property
    def planned_end_ms(self) -> int | None:
        return None if self.duration_ms is None else self.created_ms + self.duration_ms

    @property
    def details(self) -> Details:
        if self.cached is None:
            self.cached = _details(self)
        return self.cached

    @property
    def error(self) -> dict[str, Any] | None:
        return self.details.error


def _details(plan: RunPlan) -> Details:
    rng = random.Random(plan.seed ^ 0x5EED)
    if rng.random() < 0.8 and "Manual" not in plan.name:
        principal: tuple[str, str, str | None] = AUTOMATED
    else:
        person, handle = rng.choice(catalog.HUMANS)
        email = f"{handle}@{plan.tenant}.com"
        principal = (f"google-apps|{email}", person, email)
    launched = _version(rng, plan.created_ms - rng.randint(0, 20) * DAY_MS)
    current = _version(rng, plan.created_ms) if plan.config_changed else launched
    error: dict[str, Any] | None = None
    if plan.outcome in ("canceled", "stopped"):
        error = {"attribution": "customer", "type": catalog.CANCEL_TYPE}
        error["message"] = catalog.CANCEL_MESSAGE
    elif plan.outcome == "failed":
        error = _error(rng, plan.attribution or "customer", plan.tenant)
    return Details(principal, launched, current, error)


def _version(rng: random.Random, at_ms: int) -> str:
    return f"etv-{ymd(at_ms)}-{rng.randint(10000, 99999)}-{token(rng, 6)}"


def _error(rng: random.Random, attribution: str, tenant: str) -> dict[str, Any]:
    families = [f for f in catalog.ERRORS if f.attribution == attribution]
    family = rng.choices(families, weights=[f.weight for f in families])[0]
    error: dict[str, Any] = {
        "attribution": family.attribution,
        "type": family.type,
        "message": fill(family.template, rng, tenant),
    }
    shape = rng.random()
    if shape < 0.35:
        error["data"] = {"task_attempt": rng.randint(1, 3), "table": rng.choice(catalog.TABLES)}
    elif shape < 0.7:
        error["data"] = None
    return error


@functools.lru_cache(maxsize=4096)
def _day_string(day: int) -> str:
    return time.strftime("%Y%m%d", time.gmtime(day * 86_400))


def ymd(ms: int) -> str:
    return _day_string(ms // DAY_MS)


def second_of_day(ms: int) -> int:
    return (ms % DAY_MS) // 1000


def token(rng: random.Random, n: int) -> str:
    """n random alphanumerics from one draw (the id suffixes)."""
    value = rng.getrandbits(6 * n)
    return "".join(ALNUM[(value >> (6 * i)) % 62] for i in range(n))


def fill(template: str, rng: random.Random, tenant: str) -> str:
    """Fill placeholders with tenant objects, so one error family differs only in names."""
    return template.format(
        table=rng.choice(catalog.TABLES),
        db=rng.choice(catalog.DATABASES),
        query=rng.choice(("Top customers", "Churn cohort", "Daily KPIs")),
        schema=rng.choice(("loyalty", "pos", "web")),
        treatment=rng.choice(catalog.TREATMENTS),
        dest=rng.choice(catalog.DESTINATIONS),
        col=rng.choice(catalog.COLUMNS),
        tenant=tenant,
        n=rng.randint(2, 9999),
        m=rng.randint(2, 99),
    )


class TenantHistory:
    """All runs of one tenant from midnight UTC `days` before the start day onwards, sorted by
    (created, id)."""

    def __init__(self, tenant: str, seed: int, start_ms: int, days: int, runs_per_day: int):
        self.tenant = tenant
        self.seed = seed
        self.origin_ms = (start_ms // DAY_MS - days) * DAY_MS
        self.anchor_ms = start_ms // HOUR_MS * HOUR_MS  # where the pinned runs are placed
        self.start_ms = start_ms
        self.days = days
        self.runs_per_day = runs_per_day
        rng = random.Random(f"{seed}|{tenant}|catalog")
        self.workflows = [
            (wt, name, rng.uniform(0.5, 1.5) * wt.weight / len(wt.names))
            for wt in catalog.WORKFLOW_TYPES
            for name in wt.names
        ]
        self._cum = list(accumulate(w for _, _, w in self.workflows))
        self.runs: list[RunPlan] = []
        self._created: list[int] = []
        self.by_id: dict[str, RunPlan] = {}
        self._blocks = 0
        self._add(self._pinned())
        self.extend_to(start_ms + DAY_MS)

    def extend_to(self, until_ms: int) -> None:
        """Generate whole days until `until_ms` is covered, so advancing the clock finds runs."""
        added: list[RunPlan] = []
        while self.origin_ms + self._blocks * DAY_MS < until_ms:
            added.extend(self._block(self._blocks))
            self._blocks += 1
        if added:  # every request calls this: re-sorting 100,000 runs each time costs seconds
            self._add(added)

    def _add(self, plans: list[RunPlan]) -> None:
        for plan in plans:
            while plan.id in self.by_id:  # vanishingly rare; keep ids unique deterministically
                plan.id += "x"
            self.by_id[plan.id] = plan
        self.runs.extend(plans)
        self.runs.sort(key=lambda p: (p.created_ms, p.id))
        self._created = [p.created_ms for p in self.runs]

    def add_run(self, created_ms: int, outcome: str = "succeeded") -> RunPlan:
        """One extra run at an exact instant, for tests of edges (e.g. 23:59:59.999)."""
        rng = random.Random(f"{self.seed}|{self.tenant}|extra{created_ms}|{len(self.runs)}")
        wt, name, _ = rng.choice(self.workflows)
        plan = self._plan(rng, wt, name, created_ms, outcome=outcome)
        self._add([plan])
        return plan

    def visible_count(self, now_ms: int) -> int:
        return bisect.bisect_right(self._created, now_ms)

    def index_at_or_after(self, created_ms: int) -> int:
        return bisect.bisect_left(self._created, created_ms)

    def _block(self, i: int) -> list[RunPlan]:
        start = self.origin_ms + i * DAY_MS
        rng = random.Random(f"{self.seed}|{self.tenant}|{_day_string(start // DAY_MS)}")
        hours = [HOURLY_SHAPE[((start // HOUR_MS) + h) % 24] for h in range(24)]
        cum_hours = list(accumulate(hours))
        mean = self.runs_per_day
        count = max(0, round(rng.gauss(mean, math.sqrt(mean))))
        plans: list[RunPlan] = []
        hour_total, wf_total = cum_hours[-1], self._cum[-1]
        pick = bisect.bisect_right
        for _ in range(count):
            hour = pick(cum_hours, rng.random() * hour_total)
            created = start + hour * HOUR_MS + int(rng.random() * HOUR_MS)
            wt, name, _ = self.workflows[pick(self._cum, rng.random() * wf_total)]
            plan = self._plan(rng, wt, name, created)
            plans.append(plan)
            if plan.attribution == "platform" and rng.random() < 0.7:
                rerun_at = created + (plan.duration_ms or 0) + rng.randint(300_000, 2_700_000)
                plans.append(self._plan(rng, wt, name, rerun_at, outcome="succeeded"))
        return plans

    def _pinned(self) -> list[RunPlan]:
        """Runs the tests can count on: two runaways (stuck for hours, what the runaway guard
        must find and stop) and three ordinary runs in progress at the top of the start hour."""
        if self.days < 1:
            return []
        rng = random.Random(f"{self.seed}|{self.tenant}|pinned|{self.anchor_ms}")
        quick = [w for w in self.workflows if w[0].median_s <= 1800]
        latest = min(20 * HOUR_MS, self.days * DAY_MS - HOUR_MS)
        plans = []
        for _ in range(2):
            wt, name, _ = rng.choice(quick)
            created = self.anchor_ms - rng.randint(3 * HOUR_MS, max(3 * HOUR_MS, latest))
            plans.append(self._plan(rng, wt, name, created, outcome="runaway"))
        for outcome in ("succeeded", "succeeded", "failed"):
            wt, name, _ = rng.choice(self.workflows)
            plan = self._plan(rng, wt, name, self.anchor_ms, outcome=outcome)
            assert plan.duration_ms is not None
            ahead = int(plan.duration_ms * rng.uniform(0.2, 0.7))  # still to go at start
            plan.created_ms = self.anchor_ms - plan.duration_ms + ahead
            suffix = plan.id.rsplit("-", 1)[1]
            plan.id = f"wf-{ymd(plan.created_ms)}-{second_of_day(plan.created_ms):05d}-{suffix}"
            plan.fail_ms = None
            plans.append(plan)
        return plans

    def _plan(
        self,
        rng: random.Random,
        wt: WorkflowType,
        name: str,
        created: int,
        outcome: str | None = None,
    ) -> RunPlan:
        rand = rng.random
        duration = max(4_000, int(wt.median_s * 1000 * rng.lognormvariate(0, wt.sigma)))
        config_changed = rand() < 0.05
        if outcome is None:
            p_fail = 0.35 if config_changed else 0.11
            u = rand()
            if u < p_fail:
                outcome = "failed"
            elif u < p_fail + 0.025:
                outcome = "canceled"
            elif u < p_fail + 0.04:
                outcome = "stopped"
            else:
                outcome = "succeeded"
        n_tasks = max(1, min(20, int(rng.triangular(1, 21, 5))))
        fail_index, fail_ms, attribution = -1, None, None
        if outcome != "succeeded":
            fail_index = int(rand() * n_tasks)
        if outcome == "failed":
            attribution = "customer" if rand() < 0.6 else "platform"
            if n_tasks - fail_index >= 2 and rand() < 0.3:
                fail_ms = created + int(duration * (0.3 + 0.5 * rand()))
        suffix = token(rng, 5 if rand() < 0.5 else 6)
        return RunPlan(
            id=f"wf-{ymd(created)}-{(created % DAY_MS) // 1000:05d}-{suffix}",
            tenant=self.tenant,
            name=name,
            wtype=wt,
            created_ms=created,
            duration_ms=None if outcome == "runaway" else duration,
            outcome=outcome,
            title_case=rand() < 0.15,
            config_changed=config_changed,
            attribution=attribution,
            n_tasks=n_tasks,
            fail_index=fail_index,
            fail_ms=fail_ms,
            seed=rng.getrandbits(48),
        )
