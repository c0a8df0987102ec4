"""list_runs against the simulator: every run once, and the guards on next_token."""

from __future__ import annotations

from typing import Any

import pytest

from wf_etl.amperity import AmperityClient, BadResponseError, PaginationError

from .conftest import fast_config, listing_window, requests_to, sim_run_ids


def query_of(request: Any) -> dict[str, Any]:
    query = request.query
    if isinstance(query, str):
        from urllib.parse import parse_qs

        return {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
    return {k: (v[0] if isinstance(v, list) else v) for k, v in dict(query or {}).items()}


def test_list_runs_yields_every_run_exactly_once_across_pages(sim: Any, client: AmperityClient):
    start, end = listing_window()
    items = list(client.list_runs(start, end, page_size=7))
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(sim_run_ids(sim))
    pages = requests_to(sim, "list")
    assert len(pages) == -(-len(ids) // 7) or len(pages) == len(ids) // 7 + 1
    first, *rest = [query_of(p) for p in pages]
    assert "next_token" not in first
    assert all(q.get("next_token") not in (None, "", "null", "None") for q in rest)


def test_list_runs_passes_filters_as_utc_strings(sim: Any, client: AmperityClient):
    start, end = listing_window()
    list(client.list_runs(start.date(), end, state="failed", page_size=50))
    query = query_of(requests_to(sim, "list")[0])
    assert query["created_from"] == start.date().isoformat()
    assert query["created_to"].endswith("Z")
    assert query["state"] == "failed" and query["limit"] == "50"


def test_repeated_next_token_raises_pagination_error_naming_it(sim: Any, client: AmperityClient):
    sim.faults.set("repeat_token", endpoints=["list"])
    start, end = listing_window()
    with pytest.raises(PaginationError, match=r"next_token '.+' repeated"):
        list(client.list_runs(start, end, page_size=5))
    assert len(requests_to(sim, "list")) < 10


def test_page_cap_stops_an_endless_listing(sim: Any):
    start, end = listing_window()
    with (
        AmperityClient(fast_config(sim.base_url, max_pages=3)) as capped,
        pytest.raises(PaginationError, match="max_pages=3"),
    ):
        list(capped.list_runs(start, end, page_size=2))
    assert len(requests_to(sim, "list")) == 3


def test_a_list_page_unreadable_once_is_asked_for_again(sim: Any, client: AmperityClient):
    start, end = listing_window()
    whole = list(client.list_runs(start, end))
    sim.faults.set("truncated", endpoints=["list"], count=1)
    assert list(client.list_runs(start, end)) == whole
    assert client.stats.bad_bodies == 1 and client.stats.retries == 1


def test_list_page_that_is_never_json_is_a_bad_response(sim: Any, client: AmperityClient):
    sim.faults.set("not_json", endpoints=["list"])
    start, end = listing_window()
    with pytest.raises(BadResponseError) as err:
        list(client.list_runs(start, end))
    assert err.value.body and err.value.status == 200
    assert client.stats.bad_bodies == client.config.max_attempts
