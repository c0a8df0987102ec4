"""One alert to one destination over HTTP, retried on what a retry can fix (no answer, 429,
5xx). Errors say what happened without the URL, which is a secret."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from wf_etl.alerts.config import Destination
from wf_etl.alerts.rules import Alert

RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Delivery:
    ok: bool
    attempts: int
    status_code: int | None
    error: str | None


def idempotency_key(alert: Alert, destination: Destination) -> str:
    """The same for every attempt of one alert to one destination, so a receiver that
    dedupes can drop a repeat the sender could not rule out (an answer lost on the way)."""
    return hashlib.sha256(f"{destination.name}|{alert.alert_key}".encode()).hexdigest()[:32]


def post(
    destination: Destination,
    alert: Alert,
    *,
    attempts: int,
    timeout_s: float,
    backoff_s: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Up to `attempts` POSTs; stops at the first 2xx, or at an answer a retry cannot change."""
    headers = {"Idempotency-Key": idempotency_key(alert, destination), "User-Agent": "wf-etl"}
    body = destination.render(alert)
    status: int | None = None
    error: str | None = None
    for attempt in range(1, attempts + 1):
        wait = backoff_s * 2 ** (attempt - 1)
        try:
            answer = requests.post(destination.url, json=body, headers=headers, timeout=timeout_s)
        except requests.RequestException as exc:
            status, error = None, f"no answer ({type(exc).__name__})"
        else:
            status = answer.status_code
            if 200 <= status < 300:
                return Delivery(True, attempt, status, None)
            error = f"HTTP {status}"
            if status not in RETRYABLE:
                return Delivery(False, attempt, status, error)
            retry_after = answer.headers.get("Retry-After", "")
            if retry_after.isdigit():
                wait = min(float(retry_after), 30.0)
        if attempt < attempts:
            sleep(wait)
    return Delivery(False, attempts, status, error)
