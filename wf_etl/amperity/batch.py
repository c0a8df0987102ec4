"""Concurrent fetching of many runs, where one run's failure never sinks the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import AmperityError


@dataclass(frozen=True)
class RunFetch:
    """One run's fetch: the parsed run or the error, and the body as received.

    ``body`` is set whenever an answer arrived, valid or not, so the warehouse can land the
    run or keep the text in rejected_records.
    """

    run_id: str
    fetched_at: datetime
    run: dict[str, Any] | None
    body: str | None
    error: AmperityError | None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def retryable(self) -> bool:
        """The run failed for a reason that may pass (429, 5xx, timeout, deadline): a sync
        that leaves runs unloaded this way has not done its job, unlike for a 404."""
        return self.error is not None and self.error.retryable


def fetch_concurrently(
    fetch_one: Callable[[str], RunFetch],
    run_ids: Iterable[str],
    workers: int,
    *,
    distinct: bool = False,
) -> Iterator[RunFetch]:
    """Run ``fetch_one`` for each distinct id on a thread pool, yielding as each completes.

    ``fetch_one`` returns per-run failures inside the RunFetch and raises only what concerns
    every run (a refused key). Such an error is re-raised here at once and the fetches not
    yet started are cancelled, instead of repeating the same failure for every id.
    """
    # Repeats are dropped by holding every id; ids known to be distinct (a sync's plan, 100,000
    # of them in a year's backfill) are read as they come.
    ids = iter(run_ids) if distinct else iter(dict.fromkeys(run_ids))
    # At most a few fetches per worker are queued: a backfill of 100,000 ids must not hold
    # 100,000 futures (each wait() below visits every pending one) nor their answers.
    window = max(1, workers) * 2
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="wf-fetch")
    try:
        pending: set[Future[RunFetch]] = set()
        for run_id in ids:
            pending.add(pool.submit(fetch_one, run_id))
            if len(pending) >= window:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                next_id = next(ids, None)
                if next_id is not None:
                    pending.add(pool.submit(fetch_one, next_id))
    finally:
        # Also reached when the consumer stops iterating early: leave no work queued.
        pool.shutdown(wait=False, cancel_futures=True)
