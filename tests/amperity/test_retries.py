"""Each retry path succeeds after a bounded fault and fails typed when the fault persists."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from wf_etl.amperity import (
    AmperityClient,
    BadRequestError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
)

from .conftest import fast_config, free_port, logged, requests_to, sim_run_ids, start_simulator


@pytest.mark.parametrize("kind", ["http_429", "http_500", "http_503", "http_5xx"])
def test_transient_status_is_retried_until_success(sim: Any, client: AmperityClient, kind: str):
    run_id = sim_run_ids(sim)[0]
    sim.faults.set(kind, count=2, endpoints=["get"])
    assert client.get_run(run_id)["id"] == run_id
    statuses = [r.status for r in requests_to(sim, "get")]
    assert len(statuses) == 3 and statuses[-1] == 200
    stats = client.stats.as_dict()
    assert stats["retries"] == 2 and stats["requests"] == 3
    assert stats["http_429" if kind == "http_429" else "http_5xx"] == 2


@pytest.mark.parametrize(
    ("kind", "error"),
    [("http_429", RateLimitedError), ("http_503", ServerError), ("http_5xx", ServerError)],
)
def test_persistent_status_fails_typed_after_max_attempts(sim: Any, kind: str, error: type):
    run_id = sim_run_ids(sim)[0]
    sim.faults.set(kind, endpoints=["get"])
    started = time.monotonic()
    cfg = fast_config(sim.base_url, max_attempts=3)
    with AmperityClient(cfg) as c, pytest.raises(error) as err:
        c.get_run(run_id)
    assert time.monotonic() - started < 2.0
    assert err.value.run_id == run_id and err.value.request_id
    assert len(requests_to(sim, "get")) == 3


def test_retry_budget_bounds_total_time(sim: Any):
    sim.faults.set("http_503", endpoints=["get"])
    cfg = fast_config(
        sim.base_url, max_attempts=100, max_retry_seconds=0.6, backoff_base_s=0.1, backoff_max_s=0.3
    )
    started = time.monotonic()
    with AmperityClient(cfg) as c, pytest.raises(ServerError, match="retry budget"):
        c.get_run(sim_run_ids(sim)[0])
    assert time.monotonic() - started < 1.5
    assert 2 <= len(requests_to(sim, "get")) < 100


def test_a_resend_delayed_past_the_retry_budget_is_not_sent_and_the_error_stays_the_servers(
    sim: Any,
):
    # The rate limiter holds the resend until a second after the first request, past the 0.6 s
    # budget: sending it anyway would only time out at once and hide the 503 behind a timeout.
    sim.faults.set("http_503", endpoints=["get"])
    cfg = fast_config(
        sim.base_url, max_requests_per_second=1, max_attempts=10, max_retry_seconds=0.6,
        backoff_base_s=0.1, backoff_max_s=0.1,
    )  # fmt: skip
    with AmperityClient(cfg) as c, pytest.raises(ServerError, match="retry budget") as err:
        c.get_run(sim_run_ids(sim)[0])
    assert "503" in str(err.value)
    assert len(requests_to(sim, "get")) == 1
    assert c.stats.timeouts == 0


def test_retry_after_header_is_honoured(sim: Any, client: AmperityClient):
    sim.faults.set("http_429", count=1, retry_after=1, endpoints=["get"])
    started = time.monotonic()
    client.get_run(sim_run_ids(sim)[0])
    assert time.monotonic() - started >= 0.95  # backoff alone would be under 0.1 s
    assert len(requests_to(sim, "get")) == 2


def test_read_timeout_is_retried_then_succeeds(sim: Any):
    sim.faults.set("slow", count=1, slow_s=1.0, endpoints=["get"])
    with AmperityClient(fast_config(sim.base_url, read_timeout_s=0.3)) as c:
        run_id = sim_run_ids(sim)[0]
        assert c.get_run(run_id)["id"] == run_id
    assert c.stats.timeouts == 1 and c.stats.retries == 1


def test_persistent_read_timeout_is_a_transport_error(sim: Any):
    sim.faults.set("slow", slow_s=1.0, endpoints=["get"])
    started = time.monotonic()
    cfg = fast_config(sim.base_url, read_timeout_s=0.2, max_attempts=3)
    with AmperityClient(cfg) as c, pytest.raises(TransportError, match="read timeout"):
        c.get_run(sim_run_ids(sim)[0])
    assert time.monotonic() - started < 2.0
    assert c.stats.timeouts == 3


def test_connection_refused_fails_typed_within_budget():
    cfg = fast_config(f"http://127.0.0.1:{free_port()}/api", max_attempts=3)
    started = time.monotonic()
    with AmperityClient(cfg) as c, pytest.raises(TransportError, match="connection failed"):
        c.get_run("wf-20240603-12345-MNabc")
    assert time.monotonic() - started < 2.0
    assert c.stats.requests == 3 and c.stats.retries == 2


def test_connection_refused_is_retried_until_the_server_comes_up():
    port = free_port()
    holder: dict[str, Any] = {}

    def start_late() -> None:
        time.sleep(0.4)
        holder["sim"] = start_simulator(port=port).__enter__()

    starter = threading.Thread(target=start_late)
    starter.start()
    cfg = fast_config(f"http://127.0.0.1:{port}/api", max_attempts=30, backoff_max_s=0.2)
    try:
        with AmperityClient(cfg) as c:
            first = next(iter(c.list_runs("2000-01-01", "2100-01-01", page_size=1)))
        assert first["id"].startswith("wf-")
        assert c.stats.retries >= 1
    finally:
        starter.join()
        holder["sim"].__exit__(None, None, None)


def test_not_found_is_not_retried(sim: Any, client: AmperityClient):
    with pytest.raises(NotFoundError) as err:
        client.get_run("wf-20000101-00000-nope")
    assert err.value.status == 404 and err.value.run_id == "wf-20000101-00000-nope"
    assert len(logged(sim)) == 1 and client.stats.retries == 0


def test_bad_request_is_not_retried(sim: Any):
    cfg = fast_config(sim.base_url, api_version="1999-01-01")
    with AmperityClient(cfg) as c, pytest.raises(BadRequestError, match="AMPERITY_API_VERSION"):
        c.get_run(sim_run_ids(sim)[0])
    assert len(logged(sim)) == 1
