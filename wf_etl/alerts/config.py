"""Where alerts go and how many, from the environment. The webhook URLs are secrets: they
carry the credential in their path, so they are kept out of repr, logs, errors and tables."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wf_etl.settings import SettingsError

SLACK_VAR = "WF_ETL_ALERTS_SLACK_WEBHOOK_URL"
WEBHOOK_VAR = "WF_ETL_ALERTS_WEBHOOK_URL"


@dataclass(frozen=True)
class Destination:
    """One place alerts are posted to; `name` ('slack' or 'webhook') is what tables record."""

    name: str
    url: str = field(repr=False)
    render: Callable[[Any], dict[str, Any]] = field(repr=False)


def _whole(env: Mapping[str, str], var: str, default: int, minimum: int = 1) -> int:
    raw = (env.get(var) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{var}={raw!r} is not a whole number") from None
    if value < minimum:
        raise SettingsError(f"{var}={raw!r} must be at least {minimum}")
    return value


def _url(env: Mapping[str, str], var: str) -> str | None:
    raw = (env.get(var) or "").strip()
    if not raw:
        return None
    if not raw.startswith(("https://", "http://")):
        # Show only the variable: the value is a secret.
        raise SettingsError(f"{var} is not an http(s) URL")
    return raw


@dataclass(frozen=True)
class AlertSettings:
    """WF_ETL_ALERTS_* settings; see the README's configuration table."""

    slack_webhook_url: str | None = field(default=None, repr=False)
    webhook_url: str | None = field(default=None, repr=False)
    max_per_hour: int = 10  # per destination; the rest wait for the next hour
    failing_streak: int = 3  # alert when a workflow failed this many times in a row
    lookback_hours: int = 24  # what an evaluation looks at; older events raise no new alert
    attempts_per_evaluation: int = 3  # deliveries tried before waiting for the next evaluation
    max_attempts: int = 10  # deliveries tried in all before an alert is marked failed
    interval_s: int = 300  # the sensor's minimum interval
    timeout_s: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AlertSettings:
        env = os.environ if env is None else env
        return cls(
            slack_webhook_url=_url(env, SLACK_VAR),
            webhook_url=_url(env, WEBHOOK_VAR),
            max_per_hour=_whole(env, "WF_ETL_ALERTS_MAX_PER_HOUR", 10),
            failing_streak=_whole(env, "WF_ETL_ALERTS_FAILING_STREAK", 3, minimum=2),
            lookback_hours=_whole(env, "WF_ETL_ALERTS_LOOKBACK_HOURS", 24),
            attempts_per_evaluation=_whole(env, "WF_ETL_ALERTS_ATTEMPTS", 3),
            max_attempts=_whole(env, "WF_ETL_ALERTS_MAX_ATTEMPTS", 10),
            interval_s=max(30, _whole(env, "WF_ETL_ALERTS_INTERVAL_S", 300)),
        )

    def destinations(self) -> list[Destination]:
        from wf_etl.alerts.messages import generic_message, slack_message

        found = []
        if self.slack_webhook_url:
            found.append(Destination("slack", self.slack_webhook_url, slack_message))
        if self.webhook_url:
            found.append(Destination("webhook", self.webhook_url, generic_message))
        return found
