"""One tenant's share of a sync: list the window, skip what is settled, fetch the rest, and
append what arrives to the landing zone in batches while the fetch goes on.

This is the business logic the Dagster fetch asset runs; it is plain Python so the CLI and
tests reach it without Dagster. It never opens the working database: what is settled comes
from the lake and the landing zone (wf_etl.planning), and what it fetches goes to batch files
the loader lands. Memory is bounded by one batch, not by the window.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial

from wf_etl.amperity import AmperityClient, AmperityError, BadResponseError, ClientConfig, RunFetch
from wf_etl.landing import LandingZone
from wf_etl.planning import FetchPlan, Listing, plan_fetches, planning_view
from wf_etl.progress import FetchProgress
from wf_etl.settings import (
    DEFAULT_BATCH_BYTES,
    DEFAULT_BATCH_RUNS,
    DEFAULT_BATCH_SECONDS,
    StorageLayout,
)
from wf_etl.warehouse import FetchedRecord, hash_principal_email
from wf_etl.warehouse.lean import lean
from wf_etl.windows import Window

Say = Callable[[str], None]
LIST_PAGE_SIZE = 1000
# Planning a year's window (105,387 listed ids, nothing published yet) took +49 MB under
# DuckDB's general limit, a peak a process keeps as it goes on fetching for hours; +27 MB under
# 24 MB (planning_view's one thread). Beside a lake of that size, an hourly sync's plan does
# not fit 24 MB and lean() plans again under the lean limit (+31 MB, 0.3 s for 924 ids).
PLAN_MEMORY_LIMIT = "24MB"


@dataclass
class TenantFetch:
    """What one tenant's fetch did, with the figures for metadata and the CLI summary."""

    tenant: str
    listed: int = 0
    skipped_terminal: int = 0
    in_flight_refreshed: int = 0
    rejected_refetched: int = 0
    planned: int = 0
    fetched: int = 0
    fetch_failures: int = 0
    retryable_failures: int = 0  # 429, 5xx, timeouts: the run is worth asking again soon
    batches: int = 0
    landed_records: int = 0
    client_stats: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # a tenant-wide failure; what was landed before it stays

    def figures(self) -> dict[str, int]:
        return {
            "listed": self.listed,
            "skipped_terminal": self.skipped_terminal,
            "in_flight_refreshed": self.in_flight_refreshed,
            "rejected_refetched": self.rejected_refetched,
            "fetched": self.fetched,
            "fetch_failures": self.fetch_failures,
            "retryable_failures": self.retryable_failures,
            "batches": self.batches,
        }


class BatchWriter:
    """Buffers records and appends them to the landing zone every `max_runs` records,
    `max_bytes` of text or `max_seconds`, whichever comes first; a kill loses at most the batch
    in the buffer."""

    def __init__(
        self,
        zone: LandingZone,
        tenant: str,
        *,
        max_runs: int = DEFAULT_BATCH_RUNS,
        max_seconds: float = DEFAULT_BATCH_SECONDS,
        max_bytes: int = DEFAULT_BATCH_BYTES,
        hash_emails: bool = False,
        clock: Callable[[], float] = time.monotonic,
        on_batch: Callable[[int], None] = lambda _n: None,
    ) -> None:
        self.zone, self.tenant, self.max_runs, self.max_seconds = (
            zone,
            tenant,
            max_runs,
            max_seconds,
        )
        self.hash_emails, self.clock, self.on_batch = hash_emails, clock, on_batch
        self.max_bytes = max_bytes
        self.buffer: list[FetchedRecord] = []
        self.size = 0  # characters of text in the buffer
        self.since = clock()
        self.batches = self.records = 0

    def add(self, record: FetchedRecord) -> None:
        if self.hash_emails:  # before anything is stored: raw payloads and rejections alike
            record = replace(record, body=hash_principal_email(record.body))
        self.buffer.append(record)
        self.size += len(record.body or "") + len(record.error or "")
        if (
            len(self.buffer) >= self.max_runs
            or self.size >= self.max_bytes
            or self.clock() - self.since >= self.max_seconds
        ):
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.zone.write_batch(self.tenant, self.buffer)
            self.batches += 1
            self.records += len(self.buffer)
            self.on_batch(len(self.buffer))
        self.buffer = []
        self.size = 0
        self.since = self.clock()


def record_from_fetch(tenant: str, fetch: RunFetch) -> FetchedRecord:
    """A fetch result as the warehouse takes it; failures keep their text so nothing is lost."""
    keep_body = fetch.error is None or isinstance(fetch.error, BadResponseError)
    return FetchedRecord(
        tenant=tenant,
        fetched_at=fetch.fetched_at,
        body=fetch.body if keep_body else None,
        run_id=fetch.run_id,
        error=None if fetch.error is None else str(fetch.error),
    )


def fetch_tenant(
    config: ClientConfig,
    layout: StorageLayout,
    window: Window,
    *,
    refresh_in_flight: bool = True,
    hash_emails: bool = False,
    batch_runs: int = DEFAULT_BATCH_RUNS,
    batch_seconds: float = DEFAULT_BATCH_SECONDS,
    progress: Say = lambda _msg: None,
    event_log: Say | None = None,
    progress_every_s: float = 10.0,
    progress_bar: bool | None = None,
    on_batch: Callable[[int], None] = lambda _n: None,
    bar_position: int = 0,
) -> TenantFetch:
    """List `window`, then fetch verbose records for runs new or still in flight, landing them
    in batches as they arrive.

    Terminal runs already published or landed are never fetched again: a finished run does
    not change, and the API's 10 requests/s is the bound on how fast a sync can go. Runs still
    in flight from before the window are refreshed too, so they are followed until they end,
    and so are runs whose last answer was rejected, so rejections heal whatever the window.
    `progress` hears every step; while fetching, the periodic counts go to `event_log` instead
    when a progress bar already shows them in the terminal.
    """
    tenant = config.tenant
    result = TenantFetch(tenant=tenant)
    writer = BatchWriter(
        LandingZone(layout.landing_url),
        tenant,
        max_runs=batch_runs,
        max_seconds=batch_seconds,
        hash_emails=hash_emails,
        on_batch=on_batch,
    )
    meter: FetchProgress | None = None
    try:
        with AmperityClient(config) as client:
            to_fetch = _plan(client, layout, window, result, writer, refresh_in_flight, progress)
            meter = FetchProgress(
                tenant,
                len(to_fetch),
                progress,
                quiet_say=event_log,
                every_s=progress_every_s,
                bar=progress_bar,
                position=bar_position,
            )
            for fetch in client.get_runs(to_fetch, distinct=True):
                writer.add(record_from_fetch(tenant, fetch))
                if fetch.error is None:
                    result.fetched += 1
                else:
                    result.fetch_failures += 1
                    result.retryable_failures += int(getattr(fetch.error, "retryable", False))
                meter.advance()
            result.client_stats = client.stats.as_dict()
    except AmperityError as exc:
        result.error = str(exc)
    finally:
        writer.flush()
        if meter is not None:
            meter.close()
        result.batches, result.landed_records = writer.batches, writer.records
    if result.error:
        progress(
            f"{tenant}: failed after {result.fetched + result.fetch_failures} of "
            f"{result.planned} planned fetches ({result.landed_records} records landed in "
            f"{result.batches} batches are kept): {result.error}"
        )
        return result
    progress(
        f"{tenant}: fetched {result.fetched} verbose runs in {result.batches} batches"
        + (
            f", {result.fetch_failures} failed (kept as rejections)"
            if result.fetch_failures
            else ""
        )
    )
    return result


def _plan(
    client: AmperityClient,
    layout: StorageLayout,
    window: Window,
    result: TenantFetch,
    writer: BatchWriter,
    refresh_in_flight: bool,
    progress: Say,
) -> FetchPlan:
    """The run ids worth a verbose request; list items without an id become rejections."""
    tenant = result.tenant
    with planning_view(layout, tenant, memory_limit=PLAN_MEMORY_LIMIT) as con:
        listing = Listing(con)
        # The largest page the API takes: listing is sequential, so each page is latency the
        # pool cannot hide, and a request out of the tenant's budget.
        for item in client.list_runs(window.start, window.end, page_size=LIST_PAGE_SIZE):
            run_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(run_id, str) and run_id:
                listing.add(run_id)
            else:
                writer.add(
                    FetchedRecord(
                        tenant=tenant,
                        fetched_at=datetime.now(UTC),
                        body=json.dumps(item),
                        error=f"list item without an id in window {window}",
                    )
                )
        listing.flush()
        plan = lean(
            con,
            partial(plan_fetches, con, tenant, window.end, refresh_in_flight=refresh_in_flight),
            "planning the fetch",
            first=PLAN_MEMORY_LIMIT,
        )
    result.listed = plan.listed
    result.skipped_terminal = plan.settled
    result.in_flight_refreshed = plan.in_flight
    result.rejected_refetched = plan.rejected
    result.planned = len(plan)
    earlier = [
        f"{n} {what}"
        for n, what in (
            (result.in_flight_refreshed, "in flight from earlier"),
            (result.rejected_refetched, "rejected earlier"),
        )
        if n
    ]
    progress(
        f"{tenant}: listed {result.listed} runs in {window}; {result.skipped_terminal} already "
        f"final, {len(plan)} to fetch" + (f" ({', '.join(earlier)})" if earlier else "")
    )
    return plan
