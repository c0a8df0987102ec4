"""The two message formats: Slack's incoming-webhook blocks, and a flat JSON for anything else."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from wf_etl.alerts.rules import Alert

EMOJI = {
    "new_error_family": ":new:",
    "platform_incident": ":rotating_light:",
    "failing_streak": ":repeat:",
    "runaway": ":hourglass_flowing_sand:",
    "runtime_regression": ":snail:",
}


def _when(alert: Alert) -> str:
    return alert.occurred_at.astimezone(UTC).isoformat() if alert.occurred_at else ""


def slack_message(alert: Alert) -> dict[str, Any]:
    """Slack incoming webhook: `text` is the notification's fallback, `blocks` the message."""
    context = f"*{alert.kind}* · tenant `{alert.tenant or '-'}` · {_when(alert) or 'now'} · wf-etl"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": alert.title[:150]}},
    ]
    if alert.detail:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": alert.detail[:2900]}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": f"{EMOJI.get(alert.kind, '')} {alert.title}".strip(), "blocks": blocks}


def generic_message(alert: Alert) -> dict[str, Any]:
    """A flat JSON document with stable keys for any receiver (PagerDuty rules, a bot, a log)."""
    return {
        "source": "wf-etl",
        "version": 1,
        "alert_key": alert.alert_key,
        "kind": alert.kind,
        "tenant": alert.tenant,
        "title": alert.title,
        "detail": alert.detail,
        "occurred_at": _when(alert) or None,
    }
