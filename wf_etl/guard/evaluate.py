"""Which in-flight runs are over their limit, under which rule: decisions, no side effects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from wf_etl.amperity import AmperityClient, canonical_state
from wf_etl.guard.durations import format_duration
from wf_etl.guard.limits import TypeHistory, resolve_limit
from wf_etl.guard.policy import Policy, Rule
from wf_etl.guard.stopper import TERMINAL
from wf_etl.windows import parse_instant

# Listing asks for runs created up to a little after "now": the API's clock may run ahead.
CLOCK_SKEW = timedelta(minutes=5)
PAGE_SIZE = 1000


@dataclass(frozen=True)
class InFlightRun:
    """A run the API lists in a non-terminal state (overview fields only)."""

    tenant: str
    run_id: str
    name: str | None
    type: str | None
    state: str
    created_at: datetime

    def runtime_ms(self, now: datetime) -> int:
        return max(0, int((now - self.created_at).total_seconds() * 1000))


@dataclass(frozen=True)
class Decision:
    """The verdict on one in-flight run. `rule` is None when no rule could set a limit."""

    run: InFlightRun
    runtime_ms: int
    rule: Rule | None
    limit_ms: int | None
    basis: str | None
    notes: tuple[str, ...] = ()  # rules that matched but stepped aside, and why

    @property
    def over_limit(self) -> bool:
        return self.limit_ms is not None and self.runtime_ms > self.limit_ms

    def describe(self) -> str:
        run = self.run
        head = (
            f"{run.tenant} {run.run_id} {run.name!r} ({run.type}) {run.state} "
            f"for {format_duration(self.runtime_ms)}"
        )
        if self.rule is None:
            why = "; ".join(self.notes) or "no rule matches"
            return f"{head}: not checked ({why})"
        verdict = "OVER" if self.over_limit else "within"
        return (
            f"{head}: {verdict} limit {format_duration(self.limit_ms)} [{self.basis}] "
            f'rule "{self.rule.name}" ({self.rule.action})'
        )


def list_in_flight(
    client: AmperityClient, tenant: str, now: datetime, lookback_ms: int
) -> list[InFlightRun]:
    """Runs created within the lookback that the API shows in a non-terminal state.

    Listing by creation time (not by state) keeps this to one or two pages and catches
    states the API may add later: anything not known to be terminal counts as in flight.
    """
    since = now - timedelta(milliseconds=lookback_ms)
    runs = []
    for item in client.list_runs(since, now + CLOCK_SKEW, page_size=PAGE_SIZE):
        state = canonical_state(item.get("state"))
        run_id, created = item.get("id"), item.get("created_at")
        if state in TERMINAL or not isinstance(run_id, str) or not isinstance(created, str):
            continue
        try:
            created_at = parse_instant(created, name="created_at")
        except ValueError:
            continue  # a record the sync rejects too; nothing to measure a runtime from
        runs.append(
            InFlightRun(tenant, run_id, item.get("name"), item.get("type"), state, created_at)
        )
    return runs


def decide(
    run: InFlightRun,
    policy: Policy,
    history: dict[str, TypeHistory],
    now: datetime,
    warn_after: Callable[[InFlightRun], int | None],
) -> Decision:
    """Apply the first matching rule that can compute a limit for this run.

    `warn_after` is only called when a warn_after rule matches, since it costs a verbose read
    of the run (the listing does not carry warn_after_ms).
    """
    runtime = run.runtime_ms(now)
    notes: list[str] = []
    warn_cache: list[int | None] = []
    for rule in policy.rules:
        if not rule.matches(run.tenant, run.name, run.type):
            continue
        warn_ms = None
        if rule.limit.kind == "warn_after":
            if not warn_cache:
                warn_cache.append(warn_after(run))
            warn_ms = warn_cache[0]
        resolved = resolve_limit(rule, run.type, history, warn_ms)
        if resolved.limit_ms is None:
            notes.append(f'rule "{rule.name}": {resolved.unavailable}')
            continue
        return Decision(run, runtime, rule, resolved.limit_ms, resolved.basis, tuple(notes))
    return Decision(run, runtime, None, None, None, tuple(notes))
