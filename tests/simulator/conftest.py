"""Real simulators on free loopback ports, stopped by the fixtures that start them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests

from wf_etl.simulator import Simulator

NOW = datetime(2024, 6, 20, 12, 0, tzinfo=UTC)
HEADERS = {
    "Authorization": "Bearer sim-token",
    "amperity-tenant": "acme",
    "api-version": "2024-04-01",
}


class Api:
    """A thin requests session against one simulator, with the contract's three headers."""

    def __init__(self, base_url: str, tenant: str = "acme") -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update({**HEADERS, "amperity-tenant": tenant})

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=10, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, **kwargs: object) -> requests.Response:
        return self.session.post(self.base_url + path, timeout=10, **kwargs)  # type: ignore[arg-type]

    def all_runs(self, **params: object) -> list[dict]:
        items: list[dict] = []
        params = {"limit": 100, **params}
        for _ in range(1000):
            page = self.get("/workflow/runs", params=params)
            assert page.status_code == 200, page.text
            body = page.json()
            items.extend(body["data"])
            if not body.get("next_token"):
                return items
            params["next_token"] = body["next_token"]
        raise AssertionError("pagination did not end")


@pytest.fixture
def sim() -> Iterator[Simulator]:
    """Two tenants at a fixed simulated time; a generous rate limit so tests may hurry."""
    with Simulator(tenants=("acme", "globex"), now=NOW, rate_limit_per_s=10_000) as s:
        yield s


@pytest.fixture
def api(sim: Simulator) -> Iterator[Api]:
    assert sim.base_url is not None
    client = Api(sim.base_url)
    yield client
    client.session.close()
