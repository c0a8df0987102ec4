"""Counters of what a client did, shared by its threads, for logs, metadata and benchmarks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

_COUNTERS = (
    "requests",
    "retries",
    "http_429",
    "http_5xx",
    "timeouts",
    "token_exchanges",
    "bad_bodies",
)


@dataclass
class ClientStats:
    """Thread-safe counters of what the client did, for logs, metadata and benchmarks."""

    requests: int = 0
    retries: int = 0
    http_429: int = 0
    http_5xx: int = 0
    timeouts: int = 0
    token_exchanges: int = 0
    bad_bodies: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + n)

    def as_dict(self) -> dict[str, int]:
        with self._lock:
            return {name: getattr(self, name) for name in _COUNTERS}
