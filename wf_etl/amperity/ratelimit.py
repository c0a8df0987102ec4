"""One sliding-window limiter per client, shared by every thread that sends through it.

The API allows 10 requests per second and counts them where they arrive. A token bucket
would allow a burst on top of the steady rate; a sliding log of send times makes the bound
exact: never more than ``capacity`` sends in any window of ``window_s`` seconds. The window
is 1 s plus a small margin because requests that leave evenly spaced can arrive bunched.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """Blocks ``acquire()`` until a send fits in the window; thread-safe."""

    def __init__(
        self,
        max_per_second: float,
        margin_s: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_per_second <= 0:
            raise ValueError("max_per_second must be greater than zero")
        # A fractional rate (2.5/s) becomes whole sends per stretched window (2 per 0.8 s).
        self.capacity = max(1, math.floor(max_per_second))
        self.window_s = self.capacity / max_per_second + margin_s
        self._clock = clock
        self._sent: deque[float] = deque()
        self._cond = threading.Condition()

    def acquire(self) -> float:
        """Wait for a free slot, record the send, and return the seconds waited."""
        start = self._clock()
        with self._cond:
            while True:
                now = self._clock()
                while self._sent and self._sent[0] <= now - self.window_s:
                    self._sent.popleft()
                if len(self._sent) < self.capacity:
                    self._sent.append(now)
                    return now - start
                self._cond.wait(self._sent[0] + self.window_s - now)

    def __repr__(self) -> str:
        return f"SlidingWindowLimiter(capacity={self.capacity}, window_s={self.window_s:.3f})"
