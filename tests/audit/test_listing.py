"""list_audit_events over HTTP against the simulator: every page, bad pages asked for again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.audit.conftest import NOW, all_events
from wf_etl.amperity import AmperityClient, ClientConfig, PaginationError
from wf_etl.amperity.audit import list_audit_events
from wf_etl.simulator import Simulator

WINDOW = ("2026-05-27", NOW)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(tenants=("acme",), now=NOW, rate_limit_per_s=10_000) as simulator:
        yield simulator


def client_for(sim: Simulator) -> AmperityClient:
    config = ClientConfig(
        tenant="acme", base_url=sim.base_url, api_token=sim.token, max_retry_seconds=5
    )
    return AmperityClient(config)


def test_listing_follows_next_token_to_the_last_page(sim: Simulator) -> None:
    with client_for(sim) as client:
        listed = list(list_audit_events(client, *WINDOW, page_size=25))
    pages = [r for r in sim.requests if r.endpoint == "audit"]
    assert listed == all_events(sim, happened_from="2026-05-27", happened_to=NOW.isoformat())
    assert len(pages) == -(-len(listed) // 25)  # the last page is the one without a token
    assert {r.query["happened_from"] for r in pages} == {"2026-05-27"}


def test_a_truncated_page_is_asked_for_again(sim: Simulator) -> None:
    sim.faults.set("truncated", endpoints={"audit"}, count=1)
    with client_for(sim) as client:
        listed = list(list_audit_events(client, *WINDOW))
        assert client.stats.as_dict()["retries"] >= 1
    assert len(listed) == len(all_events(sim, happened_from="2026-05-27"))


def test_a_repeated_token_stops_the_listing(sim: Simulator) -> None:
    sim.faults.set("repeat_token", endpoints={"audit"})
    with client_for(sim) as client, pytest.raises(PaginationError, match="repeated"):
        list(list_audit_events(client, *WINDOW, page_size=10))


def test_page_size_beyond_the_apis_ceiling_is_refused_before_any_request(sim: Simulator) -> None:
    with client_for(sim) as client, pytest.raises(ValueError, match="1000"):
        list(list_audit_events(client, *WINDOW, page_size=5000))
    assert not sim.requests
