"""The per-tenant sliding one-second window."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import requests

from tests.simulator.conftest import HEADERS
from wf_etl.simulator import Simulator


def test_more_than_ten_requests_in_a_second_get_429_and_stats_show_it() -> None:
    with Simulator(tenants=("acme", "globex"), now=datetime(2024, 6, 20, tzinfo=UTC)) as sim:
        url = f"{sim.base_url}/workflow/runs"

        def hit(tenant: str) -> int:
            headers = {**HEADERS, "amperity-tenant": tenant}
            return requests.get(url, headers=headers, params={"limit": 1}, timeout=10).status_code

        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(hit, ["acme"] * 25))
        limited = codes.count(429)
        assert limited >= 5 and codes.count(200) >= 10  # the burst may straddle a second
        assert hit("globex") == 200  # each tenant has its own budget
        stats = sim.stats
        assert stats["rate_limited"] == limited == stats["by_status"][429]
        assert stats["max_requests_per_window"]["acme"] > 10
        assert stats["max_requests_per_window"]["globex"] == 1


def test_a_client_pacing_itself_is_never_limited() -> None:
    with Simulator(now=datetime(2024, 6, 20, tzinfo=UTC), rate_limit_per_s=5) as sim:
        session = requests.Session()
        for _ in range(8):
            answer = session.get(f"{sim.base_url}/workflow/runs", headers=HEADERS, timeout=10)
            assert answer.status_code == 200
            time.sleep(0.21)
        assert sim.stats["max_requests_per_window"]["acme"] <= 5
        session.close()


def test_the_token_endpoint_is_not_rate_limited() -> None:
    with Simulator(now=datetime(2024, 6, 20, tzinfo=UTC), rate_limit_per_s=1) as sim:
        form = {
            "grant_type": "client_credentials",
            "client_id": "sim-client",
            "client_secret": "sim-secret",
        }
        codes = [
            requests.post(f"{sim.base_url}/v0/oauth2/token", data=form, timeout=10).status_code
            for _ in range(5)
        ]
        assert codes == [200] * 5
