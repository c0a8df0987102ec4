"""The limiter alone, timed on real threads: no HTTP needed to prove the window bound."""

from __future__ import annotations

import threading
import time

from wf_etl.amperity.ratelimit import SlidingWindowLimiter


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best = 0
    j = 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


def test_twelve_threads_never_exceed_ten_sends_in_any_window() -> None:
    limiter = SlidingWindowLimiter(10, margin_s=0.1)
    sends: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(2):
            limiter.acquire()
            with lock:
                sends.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(12)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    assert len(sends) == 24
    assert max_in_window(sends, 1.0) <= 10
    assert max_in_window(sends, 1.1) <= 10
    # 24 sends at 10 per 1.1 s: two full windows of waiting, and no more.
    assert 2 * 1.1 - 0.05 <= elapsed < 2 * 1.1 + 0.5


def test_first_capacity_sends_do_not_wait() -> None:
    limiter = SlidingWindowLimiter(10, margin_s=0.1)
    waits = [limiter.acquire() for _ in range(10)]
    assert max(waits) < 0.05
    assert limiter.acquire() > 0.9


def test_fractional_rate_stretches_the_window() -> None:
    limiter = SlidingWindowLimiter(2.5, margin_s=0.0)
    assert limiter.capacity == 2
    assert abs(limiter.window_s - 0.8) < 1e-9


def test_fake_clock_shows_the_exact_bound() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(3, margin_s=0.0, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.acquire() == 0.0
    now[0] = 1.0  # the oldest send leaves the window exactly now
    assert limiter.acquire() == 0.0
