"""Alerts in Dagster: a sensor (off by default, like the guard) that runs the alert rules and
reports what it sent as a materialisation of the `alerts_sent` asset.

As for the guard, the sensor does the work itself rather than launching a run: an alert must
not wait behind a backfill in the run queue, and a tick with nothing owed stays a skip with its
reason. It opens the warehouse without waiting; while another process holds it, the tick skips
and the next one catches up (nothing is lost: what is owed is in the data and in alerts_sent).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import dagster as dg
import duckdb

from wf_etl.alerts import AlertSettings, AlertsReport, run_alerts
from wf_etl.alerts.config import SLACK_VAR, WEBHOOK_VAR
from wf_etl.defs.guard import brief_connection
from wf_etl.defs.resources import PipelineSettings
from wf_etl.warehouse import WarehouseError

SENSOR_NAME = "workflow_alerts"
ALERTS_SENT = dg.AssetKey("alerts_sent")

alerts_sent_asset = dg.AssetSpec(
    ALERTS_SENT,
    description="Every alert raised, per destination, with whether and when it was sent.",
    group_name="alerts",
    kinds={"duckdb"},
    metadata={"table": "alerts_sent", "docs": "docs/analytics.md#alerts"},
)


class AlertsResource(dg.ConfigurableResource):
    """Where alerts go (URLs from EnvVar: they are secrets) and the rules' thresholds."""

    slack_webhook_url: str | None = None
    webhook_url: str | None = None
    max_per_hour: int = 10
    failing_streak: int = 3
    lookback_hours: int = 24
    attempts_per_evaluation: int = 3
    max_attempts: int = 10

    def settings(self) -> AlertSettings:
        return AlertSettings(
            slack_webhook_url=self.slack_webhook_url or None,
            webhook_url=self.webhook_url or None,
            max_per_hour=self.max_per_hour,
            failing_streak=self.failing_streak,
            lookback_hours=self.lookback_hours,
            attempts_per_evaluation=self.attempts_per_evaluation,
            max_attempts=self.max_attempts,
        )


def alerts_resource_from_env(env: Mapping[str, str] | None = None) -> AlertsResource:
    env = os.environ if env is None else env
    parsed = AlertSettings.from_env(env)  # validates every variable once, here
    urls: dict[str, Any] = {}
    if parsed.slack_webhook_url:
        urls["slack_webhook_url"] = dg.EnvVar(SLACK_VAR)
    if parsed.webhook_url:
        urls["webhook_url"] = dg.EnvVar(WEBHOOK_VAR)
    return AlertsResource(
        **urls,
        max_per_hour=parsed.max_per_hour,
        failing_streak=parsed.failing_streak,
        lookback_hours=parsed.lookback_hours,
        attempts_per_evaluation=parsed.attempts_per_evaluation,
        max_attempts=parsed.max_attempts,
    )


def _markdown(report: AlertsReport) -> str:
    lines = ["| status | destination | kind | title |", "| --- | --- | --- | --- |"]
    for o in report.outcomes:
        title = o.alert.title.replace("|", "/")
        lines.append(f"| {o.status} | {o.destination} | {o.alert.kind} | {title} |")
    return "\n".join(lines)


def build_alerts_sensor(
    interval_s: int, now: Callable[[], datetime] | None = None
) -> dg.SensorDefinition:
    """The sensor; `now` is the clock the rules evaluate at (tests pin it)."""
    clock = now or (lambda: datetime.now(UTC))

    @dg.sensor(
        name=SENSOR_NAME,
        minimum_interval_seconds=interval_s,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description=(
            "Posts alerts on new error families, platform incidents, failing streaks, runaways "
            "and runtime regressions to the Slack and JSON webhooks set in WF_ETL_ALERTS_*; "
            "each alert once, recorded in alerts_sent."
        ),
    )
    def workflow_alerts(
        context: dg.SensorEvaluationContext,
        pipeline_settings: PipelineSettings,
        alerts: AlertsResource,
    ) -> dg.SensorResult | dg.SkipReason:
        settings = alerts.settings()
        if not settings.destinations():
            return dg.SkipReason(f"no destination: set {SLACK_VAR} and/or {WEBHOOK_VAR}")
        at = clock()
        working = pipeline_settings.layout().working_path
        try:
            with brief_connection(pipeline_settings.layout()) as con:
                report = run_alerts(con, settings, at)
        except (WarehouseError, duckdb.IOException) as exc:
            context.log.warning(f"warehouse {working} is busy: {exc}")
            return dg.SkipReason(f"warehouse {working} is busy; trying next tick")
        for line in report.lines():
            context.log.info(line)
        counts = report.counts()
        summary = f"{len(report.raised)} alerts raised at {at.isoformat()}; " + (
            ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing owed"
        )
        if not report.outcomes:
            return dg.SensorResult(skip_reason=summary)
        materialization = dg.AssetMaterialization(
            asset_key=ALERTS_SENT,
            description=summary,
            metadata={
                "evaluated_at": at.isoformat(),
                **{f"outcome/{k}": n for k, n in sorted(counts.items())},
                "outcomes": dg.MetadataValue.md(_markdown(report)),
            },
        )
        return dg.SensorResult(asset_events=[materialization])

    return workflow_alerts


def build_alerts_defs(
    env: Mapping[str, str] | None = None, *, now: Callable[[], datetime] | None = None
) -> dg.Definitions:
    """The alerts sensor, its audit asset and settings resource; it uses the code location's
    `pipeline_settings` resource (where the working database is), so merge it with the main
    Definitions."""
    resource = alerts_resource_from_env(env)
    interval = AlertSettings.from_env(env).interval_s
    return dg.Definitions(
        assets=[alerts_sent_asset],
        sensors=[build_alerts_sensor(interval, now)],
        resources={"alerts": resource},
    )
