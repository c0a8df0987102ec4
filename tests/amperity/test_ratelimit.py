"""The limiter alone, timed on real threads, and against the simulator's own admission rule."""

from __future__ import annotations

import threading
import time
from itertools import pairwise

from wf_etl.amperity.ratelimit import DEFAULT_MARGIN_S, SlidingWindowLimiter
from wf_etl.simulator import Simulator


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


def test_a_window_of_sends_leaves_spaced_but_without_waiting_for_the_window() -> None:
    limiter = SlidingWindowLimiter(10, spacing_s=0.01)
    started = time.monotonic()
    waits = [limiter.acquire() for _ in range(10)]
    assert max(waits) < 0.05  # each waits for the spacing only
    assert time.monotonic() - started < 0.5
    assert limiter.acquire() > 0.9 - 0.1  # the 11th waits for the first to leave the window


def test_fractional_rate_stretches_the_window() -> None:
    limiter = SlidingWindowLimiter(2.5, margin_s=0.0)
    assert limiter.capacity == 2
    assert abs(limiter.window_s - 0.8) < 1e-9


def test_the_default_margin_is_a_small_jitter_allowance_not_a_tenth_of_the_budget() -> None:
    limiter = SlidingWindowLimiter(10)
    assert limiter.window_s == 1.0 + DEFAULT_MARGIN_S
    assert 10 / limiter.window_s >= 9.7


def drive(
    limiter: SlidingWindowLimiter, now: list[float], sends: int, nudge: float = 0.0
) -> list[float]:
    """Send as early as the limiter allows on a fake clock (plus `nudge`, for instants that
    are not exact in binary); the send instants."""
    times = []
    for _ in range(sends):
        delay = limiter.delay()
        now[0] += delay + (nudge if delay else 0.0)
        assert limiter.acquire() == 0.0  # never blocks: the clock is already there
        times.append(now[0])
    return times


def test_client_and_server_windows_agree_exactly() -> None:
    """With no margin, every send the limiter allows is one the simulator admits, and the
    limiter allows the earliest instant the simulator would: the two windows are the same."""
    sim = Simulator(tenants=("acme",), days=1, runs_per_day=1, rate_limit_per_s=10)
    now = [100.0]
    limiter = SlidingWindowLimiter(10, margin_s=0.0, clock=lambda: now[0], spacing_s=0.0)
    times = drive(limiter, now, 35)
    assert all(sim.admit("acme", t) for t in times)
    assert times[10] == times[0] + 1.0  # exactly one window after the first send, not later
    # One send a hair earlier than the limiter allows is one the server refuses.
    strict = Simulator(tenants=("acme",), days=1, runs_per_day=1, rate_limit_per_s=10)
    assert all(strict.admit("acme", t) for t in times[:10])
    assert not strict.admit("acme", times[10] - 1e-6)


def test_spacing_and_margin_keep_every_window_under_the_bound_with_jitter_to_spare() -> None:
    sim = Simulator(tenants=("acme",), days=1, runs_per_day=1, rate_limit_per_s=10)
    now = [0.0]
    limiter = SlidingWindowLimiter(10, clock=lambda: now[0])
    times = drive(limiter, now, 50, nudge=1e-9)
    # A send arriving up to the margin late, then the one a window after it on time: admitted.
    late = [t + (DEFAULT_MARGIN_S * 0.99 if i % 20 == 0 else 0.0) for i, t in enumerate(times)]
    assert all(sim.admit("acme", t) for t in sorted(late))
    assert min(b - a for a, b in pairwise(times)) >= limiter.spacing_s - 1e-12
