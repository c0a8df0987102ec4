"""One pass of the guard over every tenant: list, decide, act where allowed, record.

The sensor and `wf-etl guard` both call `sweep`, so the Dagster path and the CLI cannot
disagree about what gets stopped.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb

from wf_etl.amperity import AmperityClient, AmperityError, ClientConfig
from wf_etl.guard.audit import GuardAction, is_repeat, record, stopped_by_guard
from wf_etl.guard.evaluate import Decision, InFlightRun, decide, list_in_flight
from wf_etl.guard.limits import p95_by_type
from wf_etl.guard.policy import Policy
from wf_etl.guard.stopper import StopResult, stop_safely

log = logging.getLogger("wf_etl.guard")


@dataclass
class SweepReport:
    """Everything one pass saw and did, for the CLI's output and the sensor's log/metadata."""

    batch_id: str
    decided_at: datetime
    policy: Policy
    stop_enabled: bool
    dry_run: bool
    decisions: list[Decision] = field(default_factory=list)
    actions: list[GuardAction] = field(default_factory=list)
    recorded: int = 0
    failures: list[str] = field(default_factory=list)  # tenant-level errors

    @property
    def stopping(self) -> bool:
        """Whether a stop request may be sent: both switches on and not a dry run."""
        return self.stop_enabled and not self.dry_run

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for action in self.actions:
            out[action.outcome] = out.get(action.outcome, 0) + 1
        return out


def sweep(
    con: duckdb.DuckDBPyConnection,
    configs: Mapping[str, ClientConfig],
    policy: Policy,
    *,
    now: datetime,
    stop_enabled: bool,
    dry_run: bool,
    source: str,
    snapshot: Mapping[str, list[InFlightRun]] | None = None,
    on_line: Callable[[str], None] | None = None,
) -> SweepReport:
    """Evaluate every tenant in `configs`; one tenant's API failure does not spare the others.

    `snapshot` replaces the listing with runs listed earlier (the listing-to-stop race in tests).
    """
    report = SweepReport(uuid.uuid4().hex, now, policy, stop_enabled, dry_run)
    say = on_line or log.info
    for tenant, config in configs.items():
        try:
            with AmperityClient(config) as client:
                _sweep_tenant(con, client, tenant, report, source, snapshot, say)
        except AmperityError as exc:
            report.failures.append(f"{tenant}: {exc}")
            say(f"{tenant}: could not evaluate: {exc}")
    return report


def _sweep_tenant(
    con: duckdb.DuckDBPyConnection,
    client: AmperityClient,
    tenant: str,
    report: SweepReport,
    source: str,
    snapshot: Mapping[str, list[InFlightRun]] | None,
    say: Callable[[str], None],
) -> None:
    now, policy = report.decided_at, report.policy
    if snapshot is not None:
        runs = snapshot.get(tenant, [])
    else:
        runs = list_in_flight(client, tenant, now, policy.lookback_ms)
    history = p95_by_type(con, tenant, now - timedelta(milliseconds=policy.history_ms))

    def warn_after(run: InFlightRun) -> int | None:
        value = client.get_run(run.run_id, view="verbose").get("warn_after_ms")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    for run in runs:
        try:
            decision = decide(run, policy, history, now, warn_after)
        except AmperityError as exc:
            say(f"{tenant} {run.run_id}: could not read warn_after_ms: {exc}")
            continue
        report.decisions.append(decision)
        if not decision.over_limit:
            say(decision.describe())
            continue
        action = _act(con, client, decision, report, source)
        report.actions.append(action)
        if is_repeat(con, action):
            say(action.describe() + " [already recorded]")
            continue
        record(con, action)
        report.recorded += 1
        say(action.describe())


def _act(
    con: duckdb.DuckDBPyConnection,
    client: AmperityClient,
    decision: Decision,
    report: SweepReport,
    source: str,
) -> GuardAction:
    """Turn an over-limit decision into its outcome, calling the API only when allowed."""
    run, rule = decision.run, decision.rule
    assert rule is not None  # over_limit implies a rule set the limit
    if rule.action == "flag":
        result = StopResult("flagged", run.state, "over the limit; the rule only flags")
    elif not report.stopping:
        why = "--dry-run" if report.dry_run else "WF_ETL_GUARD_STOP_ENABLED is off"
        result = StopResult("would_stop", run.state, f"not stopped: {why}")
    else:
        stopped_at = stopped_by_guard(con, run.tenant, run.run_id)
        result = stop_safely(client, run.run_id, stopped_at=stopped_at)
    return GuardAction(
        decided_at=report.decided_at,
        batch_id=report.batch_id,
        source=source,
        tenant=run.tenant,
        run_id=run.run_id,
        name=run.name,
        type=run.type,
        state=result.state or run.state,
        rule=rule.name,
        runtime_ms=decision.runtime_ms,
        limit_ms=decision.limit_ms,
        limit_basis=decision.basis,
        action=rule.action,
        dry_run=not report.stopping,
        outcome=result.outcome,
        detail=result.detail,
        api_status=result.api_status,
        request_id=result.request_id,
    )
