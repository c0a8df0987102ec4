"""The simulated clock: tests move it with advance(), so runs progress without waiting."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class SimClock:
    """Milliseconds since the epoch, in simulated time.

    Started at a given datetime, the clock stands still between advance() calls: a test sees
    the same tenant on every request. Started without one, it follows the wall clock (the CLI),
    and advance() still adds its offset.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._offset_ms = 0
        self._frozen_ms: int | None = None
        if start is not None:
            if start.tzinfo is None:
                start = start.replace(tzinfo=UTC)
            self._frozen_ms = int(start.timestamp() * 1000)

    def now_ms(self) -> int:
        with self._lock:
            base = self._frozen_ms if self._frozen_ms is not None else int(time.time() * 1000)
            return base + self._offset_ms

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.now_ms() / 1000, UTC)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the simulated clock only moves forward")
        with self._lock:
            self._offset_ms += int(seconds * 1000)
