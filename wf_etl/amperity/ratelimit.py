"""One sliding-window limiter per client, shared by every thread that sends through it.

The API allows 10 requests per second and counts them where they arrive: the simulator (like
the gateway it stands for) admits a request when fewer than 10 others arrived in the second
before it, i.e. in (t - 1 s, t], and a refused request counts too. A token bucket would allow
a burst on top of the steady rate; a sliding log of send times makes the bound exact: never
more than ``capacity`` sends in any window of ``window_s`` seconds, the same window as the
server's plus ``margin_s``.

What the margin covers is jitter between leaving here and being stamped there (the send, the
server's scheduling), not the answer latency: a request is counted when it arrives, however
long its answer takes, so the whole budget is used whatever the latency. Jitter is largest
when many requests arrive at once (they queue on the server's threads), so sends are also
spaced by at least ``spacing_s``: a window's worth leaves over some tens of milliseconds, not
in one instant, which keeps the margin small (2% of the window instead of 10%).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

DEFAULT_MARGIN_S = 0.025
DEFAULT_SPACING_S = 0.01


class SlidingWindowLimiter:
    """Blocks ``acquire()`` until a send fits in the window; thread-safe."""

    def __init__(
        self,
        max_per_second: float,
        margin_s: float = DEFAULT_MARGIN_S,
        clock: Callable[[], float] = time.monotonic,
        spacing_s: float = DEFAULT_SPACING_S,
    ) -> None:
        if max_per_second <= 0:
            raise ValueError("max_per_second must be greater than zero")
        if margin_s < 0 or spacing_s < 0:
            raise ValueError("margin_s and spacing_s must not be negative")
        # A fractional rate (2.5/s) becomes whole sends per stretched window (2 per 0.8 s).
        self.capacity = max(1, math.floor(max_per_second))
        self.window_s = self.capacity / max_per_second + margin_s
        # Spacing never binds the rate itself: a window's worth of sends fits in half a window.
        self.spacing_s = min(spacing_s, self.window_s / (2 * self.capacity))
        self._clock = clock
        self._sent: deque[float] = deque()
        self._cond = threading.Condition()

    def acquire(self) -> float:
        """Wait for a free slot, record the send, and return the seconds waited."""
        start = self._clock()
        with self._cond:
            while True:
                now = self._clock()
                ready = self._ready(now)
                if ready <= now:
                    self._sent.append(now)
                    return now - start
                self._cond.wait(ready - now)

    def delay(self) -> float:
        """Seconds until a send would be allowed (0 when one is allowed now)."""
        with self._cond:
            now = self._clock()
            return max(0.0, self._ready(now) - now)

    def _ready(self, now: float) -> float:
        """The earliest instant the next send may leave; call with the lock held."""
        # Closed at the old end like the server's window: a send exactly window_s after the
        # one `capacity` sends before it is allowed.
        while self._sent and self._sent[0] <= now - self.window_s:
            self._sent.popleft()
        ready = self._sent[-1] + self.spacing_s if self._sent else now
        if len(self._sent) >= self.capacity:
            ready = max(ready, self._sent[0] + self.window_s)
        return ready

    def __repr__(self) -> str:
        return (
            f"SlidingWindowLimiter(capacity={self.capacity}, window_s={self.window_s:.3f}, "
            f"spacing_s={self.spacing_s:.3f})"
        )
