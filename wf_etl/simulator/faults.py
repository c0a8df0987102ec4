"""Switchable faults: the failures a real API and its network produce, on demand and by run id."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

STATUS_KINDS = frozenset({"http_429", "http_5xx", "http_500", "http_503", "http_404"})
BODY_KINDS = frozenset({"truncated", "not_json", "missing_fields", "repeat_token", "schema_drift"})
KINDS = STATUS_KINDS | BODY_KINDS | {"slow"}
ENDPOINTS = frozenset({"get", "list", "stop", "token", "audit"})
RANDOM_KINDS = ("http_5xx", "http_429", "truncated", "not_json")
MISSING_VARIANTS = ("drop_id", "drop_created_at", "bad_created_at", "task_instances_not_list")
# Drift a real API shows between versions; without a variant, a drifting answer gets them all.
DRIFT_VARIANTS = ("numbers_as_strings", "new_fields", "offset_timestamps")
VARIANTS = {"missing_fields": MISSING_VARIANTS, "schema_drift": DRIFT_VARIANTS}


@dataclass
class FaultRule:
    kind: str
    rate: float
    run_ids: frozenset[str] | None
    remaining: int | None
    endpoints: frozenset[str] | None
    slow_s: float
    retry_after: int | None
    variant: str | None

    def matches(self, endpoint: str, run_id: str | None) -> bool:
        if self.endpoints is not None and endpoint not in self.endpoints:
            return False
        if self.run_ids is None:
            return True
        # A run-scoped missing_fields fault also reaches the run's item in a list page.
        return run_id in self.run_ids or (self.kind == "missing_fields" and endpoint == "list")


class Faults:
    """The active fault rules of one simulator; thread-safe, with its own seeded random source."""

    def __init__(self, seed: int = 0, fault_rate: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(f"{seed}|faults")
        self._rules: list[FaultRule] = []
        self.fault_rate = fault_rate

    def set(
        self,
        kind: str,
        rate: float = 1.0,
        run_ids: Iterable[str] | None = None,
        count: int | None = None,
        endpoints: Iterable[str] | None = None,
        slow_s: float = 3.0,
        retry_after: int | None = None,
        variant: str | None = None,
    ) -> None:
        """Switch a fault on; it replaces an earlier rule of the same kind."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; choose from {sorted(KINDS)}")
        eps = frozenset(endpoints) if endpoints is not None else None
        if eps is not None and not eps <= ENDPOINTS:
            raise ValueError(f"unknown endpoints {sorted(eps - ENDPOINTS)}")
        if variant is not None and variant not in VARIANTS.get(kind, ()):
            raise ValueError(f"unknown {kind} variant {variant!r}")
        rule = FaultRule(
            kind,
            rate,
            frozenset(run_ids) if run_ids is not None else None,
            count,
            eps,
            slow_s,
            retry_after,
            variant,
        )
        with self._lock:
            self._rules = [r for r in self._rules if r.kind != kind] + [rule]

    def clear(self, kind: str | None = None) -> None:
        with self._lock:
            self._rules = [r for r in self._rules if kind is not None and r.kind != kind]

    @property
    def active(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def draw(self, endpoint: str, run_id: str | None) -> list[FaultRule]:
        """The faults that fire for this request; count-limited rules use up one firing."""
        fired: list[FaultRule] = []
        with self._lock:
            for rule in self._rules:
                if rule.remaining == 0 or not rule.matches(endpoint, run_id):
                    continue
                if rule.rate < 1.0 and self._rng.random() >= rule.rate:
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                fired.append(rule)
            self._rules = [r for r in self._rules if r.remaining != 0]
            if endpoint != "token" and self.fault_rate > 0 and self._rng.random() < self.fault_rate:
                kind = self._rng.choice(RANDOM_KINDS)
                fired.append(FaultRule(kind, 1.0, None, None, None, 3.0, None, None))
        return fired

    def choose(self, options: tuple[Any, ...]) -> Any:
        with self._lock:
            return self._rng.choice(options)
