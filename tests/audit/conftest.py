"""A simulator whose audit log the tests list, land and attribute; "now" is pinned."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests

from wf_etl.simulator import Simulator

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
HEADERS = {"Authorization": "Bearer sim-token", "api-version": "2024-04-01"}


@pytest.fixture(scope="module")
def audit_sim() -> Iterator[Simulator]:
    """Fourteen days of one tenant, generous rate limit so tests may page quickly."""
    with Simulator(tenants=("acme",), now=NOW, rate_limit_per_s=10_000) as sim:
        yield sim


def all_events(sim: Simulator, tenant: str = "acme", **params: object) -> list[dict]:
    """Every event the simulator lists over HTTP, following next_token."""
    assert sim.base_url is not None
    query: dict[str, object] = {"limit": 100, **params}
    events: list[dict] = []
    with requests.Session() as session:
        session.headers.update({**HEADERS, "amperity-tenant": tenant})
        for _ in range(1000):
            answer = session.get(f"{sim.base_url}/audit-events", params=query, timeout=10)
            assert answer.status_code == 200, answer.text
            body = answer.json()
            events.extend(body["data"])
            if not body.get("next_token"):
                return events
            query["next_token"] = body["next_token"]
    raise AssertionError("pagination did not end")
