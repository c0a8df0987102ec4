"""The hostile server per test, clients tuned to its small limits, a temp warehouse file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.hostile.server import HostileServer, good_record
from wf_etl.amperity import AmperityClient, BadResponseError, ClientConfig, RunFetch
from wf_etl.warehouse import FetchedRecord, LandResult, land_raw, open_warehouse

TENANT = "acme"
TOKEN = "tok-H0st1le-st4tic-Zq81xVw3"
CLIENT_ID = "cid-visible"
CLIENT_SECRET = "csec-H0st1le-Hn52Jd9Kw1/+&<"  # characters an echo escapes or encodes


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def hostile_config(server: HostileServer, **overrides: Any) -> ClientConfig:
    """Small limits, so each attack is decided in about a second."""
    options: dict[str, Any] = {
        "tenant": TENANT,
        "base_url": server.base_url,
        "api_token": TOKEN,
        "connect_timeout_s": 1.0,
        "read_timeout_s": 2.0,
        "request_deadline_s": 2.0,
        "max_answer_mb": 8.0,
        "max_attempts": 2,
        "max_retry_seconds": 3.0,
        "backoff_base_s": 0.02,
        "backoff_max_s": 0.1,
        "fetch_workers": 8,
        "max_requests_per_second": 200,
    }
    options.update(overrides)
    return ClientConfig(**options)


def fetch_all(config: ClientConfig) -> dict[str, RunFetch]:
    """Every listed run fetched, by id: the client's own listing then get_runs."""
    with AmperityClient(config) as client:
        ids = [item["id"] for item in client.list_runs("2026-01-01", "2027-01-01")]
        return {fetch.run_id: fetch for fetch in client.get_runs(ids)}


def as_records(fetches: Iterable[RunFetch], fetched_at: datetime | None = None) -> list[Any]:
    """RunFetch results as the warehouse takes them, the way a sync hands them over."""
    return [
        FetchedRecord(
            tenant=TENANT,
            fetched_at=fetched_at or f.fetched_at,
            body=f.body if f.error is None or isinstance(f.error, BadResponseError) else None,
            run_id=f.run_id,
            error=None if f.error is None else str(f.error),
        )
        for f in fetches
    ]


def land(db: Path, fetches: Iterable[RunFetch], fetched_at: datetime | None = None) -> LandResult:
    with open_warehouse(str(db)) as con:
        return land_raw(con, as_records(fetches, fetched_at))


def outcomes(db: Path) -> dict[str, tuple[str, str | None]]:
    """Per run id: ("loaded", None) or ("rejected", reason) for its open rejection.

    An answer that names another id is rejected under that id, its reason naming the run
    asked for: it counts for both.
    """
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = {r for (r,) in con.execute("select id from raw_workflow_runs").fetchall()}
        rejected = con.execute(
            "select workflow_id, reason, regexp_extract(reason, "
            "'differs from the requested run id ''(.*)''$', 1) "
            "from rejected_records where resolved_at is null"
        ).fetchall()
    result: dict[str, tuple[str, str | None]] = {run_id: ("loaded", None) for run_id in loaded}
    for run_id, reason, asked in rejected:
        for key in filter(None, (run_id, asked)):
            result.setdefault(key, ("rejected", reason))
    return result


NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


def beside_a_good_run(
    server: HostileServer, db: Path, run_id: str, answer: Any, **config: Any
) -> tuple[dict[str, RunFetch], str]:
    """Serve ``answer`` for ``run_id`` next to a good run, fetch and land both; the good run
    must load and the other must be rejected. Returns the fetches and the rejection reason."""
    server.run(run_id, answer)
    server.run("wf-good", good_record("wf-good"))
    fetches = fetch_all(hostile_config(server, **config))
    land(db, fetches.values())
    result = outcomes(db)
    assert result["wf-good"] == ("loaded", None)
    state, reason = result[run_id]
    assert state == "rejected" and reason and f"run {run_id}" in reason, (state, reason)
    return fetches, reason
