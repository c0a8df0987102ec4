"""Retry policy: urllib3's ``Retry`` for the bookkeeping, with full-jitter backoff.

Design: the adapter itself never retries (``max_retries=0``). ``Transport.send`` drives a
``FullJitterRetry`` object by hand: ``is_retry`` decides from method and status,
``increment`` counts attempts and raises ``MaxRetryError`` when they run out, and
``get_retry_after``/``get_backoff_time`` give the pause. Owning that loop lets one place do
what urllib3's internal loop cannot: pass every resend through the shared rate limiter,
renew an OAuth token once on a 401, and stop at a wall-clock deadline (max_retry_seconds).
"""

from __future__ import annotations

import random

from urllib3.util.retry import Retry

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FullJitterRetry(Retry):
    """Backoff drawn uniformly from [0, min(backoff_max, backoff_factor * 2**(n-1))].

    Full jitter (rather than urllib3's fixed exponential steps) spreads the resends of many
    threads that failed together, so they do not hit a rate-limited server in lockstep.
    """

    def get_backoff_time(self) -> float:
        failures = len(self.history)
        if failures == 0 or self.backoff_factor <= 0:
            return 0.0
        cap = min(self.backoff_max, self.backoff_factor * 2 ** (failures - 1))
        return random.uniform(0.0, cap)


def build_retry(
    max_attempts: int,
    backoff_base_s: float,
    backoff_max_s: float,
    *,
    any_method: bool = False,
) -> FullJitterRetry:
    """A fresh policy for one logical request; POST is retried only when ``any_method``."""
    return FullJitterRetry(
        total=max(0, max_attempts - 1),
        connect=None,
        read=None,
        redirect=0,
        status=None,
        other=None,
        allowed_methods=None if any_method else frozenset({"GET", "HEAD", "OPTIONS"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_base_s,
        backoff_max=backoff_max_s,
        respect_retry_after_header=True,
        raise_on_status=True,
    )


def may_retry_method(retry: Retry, method: str) -> bool:
    """Whether the policy allows resending this verb after a transport failure."""
    allowed = retry.allowed_methods
    return allowed is None or method.upper() in allowed
