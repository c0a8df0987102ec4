"""The runaway guard in Dagster: a sensor that evaluates the policy, and the audit asset it reports.

Design: the sensor itself evaluates, acts and writes guard_actions, then reports what it wrote
as a materialisation of the `guard_actions` asset (SensorResult.asset_events). No run is
launched: a stop must not wait in a run queue behind a backfill, a second process would only
contend for the DuckDB file the sensor just closed, and a tick with nothing new stays a skip
with its reason, not an empty run every five minutes. Each decision goes to the tick's log.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import dagster as dg
import duckdb

from wf_etl.amperity import AmperityError
from wf_etl.defs.resources import AmperityResource, PipelineSettings
from wf_etl.guard.audit import batch_actions, outcome_counts
from wf_etl.guard.durations import format_duration
from wf_etl.guard.policy import PolicyError, load_policy
from wf_etl.guard.sweep import SweepReport, sweep
from wf_etl.loader import writing
from wf_etl.settings import Settings, StorageLayout
from wf_etl.warehouse import WarehouseError

SENSOR_NAME = "runaway_guard"
GUARD_ACTIONS = dg.AssetKey("guard_actions")
DEFAULT_INTERVAL_S = 300
TABLE_COLUMNS = ("tenant", "run_id", "name", "rule", "runtime", "limit", "outcome", "request_id")


class GuardSettings(dg.ConfigurableResource):
    """The guard's two switches: which policy file, and whether stop requests may be sent."""

    policy_path: str | None = None
    stop_enabled: bool = False


guard_actions_asset = dg.AssetSpec(
    GUARD_ACTIONS,
    description="The runaway guard's audit table: every flag, stop and skip it decided.",
    group_name="guard",
    kinds={"duckdb"},
    metadata={"table": "guard_actions", "docs": "docs/guard.md"},
)


def interval_from_env(env: Mapping[str, str] | None = None) -> int:
    """WF_ETL_GUARD_INTERVAL_S, at least 30 s so a tick finishes before the next one."""
    env = os.environ if env is None else env
    raw = (env.get("WF_ETL_GUARD_INTERVAL_S") or "").strip()
    try:
        value = int(raw) if raw else DEFAULT_INTERVAL_S
    except ValueError:
        raise ValueError(
            f"WF_ETL_GUARD_INTERVAL_S={raw!r} is not a whole number of seconds"
        ) from None
    return max(30, value)


@contextmanager
def brief_connection(layout: StorageLayout) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the working database without waiting: if another process holds it, the tick
    skips; the actions recorded reach the lake and the analysts' database on the way out."""
    with writing(layout, lock_timeout_s=0) as con:
        yield con


def _markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(TABLE_COLUMNS) + " |", "|" + " --- |" * len(TABLE_COLUMNS)]
    for row in rows:
        cells = {
            **row,
            "runtime": format_duration(row["runtime_ms"]),
            "limit": f"{format_duration(row['limit_ms'])} ({row['limit_basis'] or '-'})",
            "outcome": row["outcome"] + (" (dry run)" if row["dry_run"] else ""),
        }
        lines.append(
            "| "
            + " | ".join(str(cells.get(c) or "-").replace("|", "/") for c in TABLE_COLUMNS)
            + " |"
        )
    return "\n".join(lines)


def _summary(report: SweepReport) -> str:
    over = sum(d.over_limit for d in report.decisions)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(report.counts().items())) or "none"
    text = (
        f"{len(report.decisions)} in-flight runs, {over} over their limit ({counts}); "
        f"{report.recorded} new decisions recorded; stopping "
        f"{'enabled' if report.stop_enabled else 'disabled'}; policy {report.policy.source}"
    )
    if report.failures:
        text += f"; failed: {'; '.join(report.failures)}"
    return text


def build_guard_sensor(
    interval_s: int = DEFAULT_INTERVAL_S, now: Callable[[], datetime] | None = None
) -> dg.SensorDefinition:
    """The sensor; `now` is the clock it measures runtimes with (tests pass a simulator's)."""
    clock = now or (lambda: datetime.now(UTC))

    @dg.sensor(
        name=SENSOR_NAME,
        minimum_interval_seconds=interval_s,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description=(
            "Flags in-flight workflow runs past their policy limit and, where the policy says "
            "stop and WF_ETL_GUARD_STOP_ENABLED is on, stops them; records guard_actions."
        ),
    )
    def runaway_guard(
        context: dg.SensorEvaluationContext,
        amperity: AmperityResource,
        pipeline_settings: PipelineSettings,
        guard_settings: GuardSettings,
    ) -> dg.SensorResult | dg.SkipReason:
        try:
            policy = load_policy(guard_settings.policy_path)
            configs = {t: amperity.client_config(t) for t in amperity.tenants()}
        except (PolicyError, AmperityError, dg.Failure) as exc:
            message = getattr(exc, "description", None) or str(exc)
            context.log.error(f"runaway guard not evaluated: {message}")
            return dg.SkipReason(f"not evaluated: {message}")
        try:
            with brief_connection(pipeline_settings.layout()) as con:
                report = sweep(
                    con,
                    configs,
                    policy,
                    now=clock(),
                    stop_enabled=guard_settings.stop_enabled,
                    dry_run=False,
                    source="sensor",
                    on_line=context.log.info,
                )
                rows = batch_actions(con, report.batch_id)
                totals = outcome_counts(con)
        except (WarehouseError, duckdb.IOException) as exc:
            working = pipeline_settings.layout().working_path
            context.log.warning(f"warehouse {working} is busy: {exc}")
            return dg.SkipReason(
                f"warehouse {working} is busy (another process has it open); trying again next tick"
            )
        summary = _summary(report)
        for failure in report.failures:
            context.log.error(failure)
        cursor = json.dumps(
            {
                "batch_id": report.batch_id,
                "at": report.decided_at.isoformat(),
                "in_flight": len(report.decisions),
                "outcomes": report.counts(),
            }
        )
        if not rows:
            return dg.SensorResult(skip_reason=summary, cursor=cursor)
        materialization = dg.AssetMaterialization(
            asset_key=GUARD_ACTIONS,
            description=summary,
            metadata={
                "batch_id": report.batch_id,
                "decided_at": report.decided_at.isoformat(),
                "stop_enabled": report.stop_enabled,
                "policy": report.policy.source,
                "new_decisions": len(rows),
                **{f"outcome/{k}": n for k, n in sorted(report.counts().items())},
                "decisions": dg.MetadataValue.md(_markdown(rows)),
                "table_totals": dg.MetadataValue.json(totals),
            },
        )
        return dg.SensorResult(asset_events=[materialization], cursor=cursor)

    return runaway_guard


def build_guard_defs(
    env: Mapping[str, str] | None = None, *, now: Callable[[], datetime] | None = None
) -> dg.Definitions:
    """The guard's sensor, audit asset and settings resource. It uses the code location's
    `amperity` and `warehouse` resources, so merge it with the main Definitions."""
    settings = Settings.from_env(env)
    return dg.Definitions(
        assets=[guard_actions_asset],
        sensors=[build_guard_sensor(interval_from_env(env), now)],
        resources={
            "guard_settings": GuardSettings(
                policy_path=settings.guard_policy_path,
                stop_enabled=settings.guard_stop_enabled,
            )
        },
    )
