"""One tenant's share of a sync: list the window, skip what is settled, fetch the rest.

This is the business logic the Dagster asset runs; it is plain Python so the CLI and tests can
reach it without Dagster. It only reads the warehouse; landing is the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import duckdb

from wf_etl.amperity import AmperityClient, AmperityError, BadResponseError, ClientConfig, RunFetch
from wf_etl.warehouse import (
    FetchedRecord,
    hash_principal_email,
    nonterminal_runs,
    open_rejected_runs,
    terminal_run_ids,
)
from wf_etl.windows import Window

Progress = Callable[[str], None]


@dataclass
class TenantFetch:
    """What one tenant's fetch produced, ready to land, with the figures for metadata."""

    tenant: str
    listed: int = 0
    skipped_terminal: int = 0
    in_flight_refreshed: int = 0
    rejected_refetched: int = 0
    fetched: int = 0
    fetch_failures: int = 0
    records: list[FetchedRecord] = field(default_factory=list)
    client_stats: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # a tenant-wide failure: nothing of this tenant is landed

    def figures(self) -> dict[str, int]:
        return {
            "listed": self.listed,
            "skipped_terminal": self.skipped_terminal,
            "in_flight_refreshed": self.in_flight_refreshed,
            "rejected_refetched": self.rejected_refetched,
            "fetched": self.fetched,
            "fetch_failures": self.fetch_failures,
        }


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
    con: duckdb.DuckDBPyConnection,
    window: Window,
    *,
    refresh_in_flight: bool = True,
    hash_emails: bool = False,
    progress: Progress = lambda _msg: None,
) -> TenantFetch:
    """List `window`, then fetch verbose records for runs new or still in flight.

    Terminal runs already in the warehouse are never fetched again: a finished run does not
    change, and the API's 10 requests/s is the bound on how fast a sync can go. Runs still in
    flight from before the window are refreshed too, so they are followed until they end, and
    so are runs whose last answer was rejected, so rejections heal whatever the window.
    """
    tenant = config.tenant
    result = TenantFetch(tenant=tenant)
    try:
        with AmperityClient(config) as client:
            to_fetch = _plan(client, con, window, result, refresh_in_flight, progress)
            for fetch in client.get_runs(to_fetch):
                result.records.append(record_from_fetch(tenant, fetch))
                if fetch.error is None:
                    result.fetched += 1
                else:
                    result.fetch_failures += 1
            result.client_stats = client.stats.as_dict()
        if hash_emails:  # before anything is stored: raw payloads and rejections alike
            result.records = [replace(r, body=hash_principal_email(r.body)) for r in result.records]
    except AmperityError as exc:
        result.error = str(exc)
        result.records.clear()
        progress(f"{tenant}: failed: {exc}")
        return result
    progress(
        f"{tenant}: fetched {result.fetched} verbose runs"
        + (
            f", {result.fetch_failures} failed (kept as rejections)"
            if result.fetch_failures
            else ""
        )
    )
    return result


def _plan(
    client: AmperityClient,
    con: duckdb.DuckDBPyConnection,
    window: Window,
    result: TenantFetch,
    refresh_in_flight: bool,
    progress: Progress,
) -> list[str]:
    """The run ids worth a verbose request; list items without an id become rejections."""
    tenant = result.tenant
    listed_ids: list[str] = []
    for item in client.list_runs(window.start, window.end):
        run_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(run_id, str) and run_id:
            listed_ids.append(run_id)
        else:
            result.records.append(
                FetchedRecord(
                    tenant=tenant,
                    fetched_at=datetime.now(UTC),
                    body=json.dumps(item),
                    error=f"list item without an id in window {window}",
                )
            )
    listed_ids = list(dict.fromkeys(listed_ids))
    result.listed = len(listed_ids)
    settled = terminal_run_ids(con, tenant, listed_ids)
    result.skipped_terminal = len(settled)
    to_fetch = [run_id for run_id in listed_ids if run_id not in settled]
    if refresh_in_flight:
        seen = set(listed_ids)
        older = [
            run_id
            for _tenant, run_id, created_at in nonterminal_runs(con, tenant)
            if run_id not in seen and (created_at is None or created_at < window.end)
        ]
        result.in_flight_refreshed = len(older)
        to_fetch.extend(older)
        planned = set(to_fetch)
        rejected = [run_id for run_id in open_rejected_runs(con, tenant) if run_id not in planned]
        result.rejected_refetched = len(rejected)
        to_fetch.extend(rejected)
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
        f"final, {len(to_fetch)} to fetch" + (f" ({', '.join(earlier)})" if earlier else "")
    )
    return to_fetch
