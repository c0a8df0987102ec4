"""Alerts: new error families, platform incidents, failing streaks, runaways and regressions,
sent once each to a Slack incoming webhook and/or a generic JSON webhook."""

from wf_etl.alerts.config import AlertSettings, Destination
from wf_etl.alerts.dispatch import AlertsReport, run_alerts
from wf_etl.alerts.rules import Alert, evaluate

__all__ = ["Alert", "AlertSettings", "AlertsReport", "Destination", "evaluate", "run_alerts"]
