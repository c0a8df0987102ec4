"""Concurrent fetches under the rate limit, per-run failures, injection, and stopping runs."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from wf_etl.amperity import (
    AmperityClient,
    BadRequestError,
    BadResponseError,
    ConfigurationError,
    NotFoundError,
    canonical_state,
)

from .conftest import TENANT, fast_config, logged, requests_to, sim_run_ids, start_simulator

TERMINAL = {"succeeded", "failed", "canceled", "cancelled", "stopped", "skipped"}


def test_sixty_concurrent_fetches_stay_under_the_server_rate_limit():
    with start_simulator(latency_ms=(20, 80), runs_per_day=30) as sim:
        ids = sim_run_ids(sim)[:60]
        with AmperityClient(fast_config(sim.base_url, fetch_workers=8)) as c:
            results = list(c.get_runs(ids))
        assert sorted(r.run_id for r in results) == sorted(ids)
        assert all(r.ok and r.run and r.run["id"] == r.run_id for r in results)
        assert all(json.loads(r.body or "")["id"] == r.run_id for r in results)
        assert all(r.status != 429 for r in logged(sim))
        assert c.stats.http_429 == 0
        window = sim.stats["max_requests_per_window"]
        assert (window[TENANT] if isinstance(window, dict) else window) <= 10


def test_one_bad_run_never_aborts_the_others(sim: Any, client: AmperityClient):
    ids = sim_run_ids(sim)[:12]
    missing, truncated, garbled = ids[0], ids[1], ids[2]
    sim.faults.set("http_404", run_ids=[missing])
    sim.faults.set("truncated", run_ids=[truncated])
    sim.faults.set("not_json", run_ids=[garbled])
    results = {r.run_id: r for r in client.get_runs(ids)}
    assert set(results) == set(ids)
    assert isinstance(results[missing].error, NotFoundError)
    for run_id in (truncated, garbled):
        result = results[run_id]
        assert isinstance(result.error, BadResponseError), result.error
        assert result.run is None and result.body and result.error.body == result.body
        assert result.error.run_id == run_id
    assert all(results[i].ok and results[i].body for i in ids[3:])


def test_injection_attempts_are_refused_before_any_request(sim: Any, client: AmperityClient):
    for run_id in ("../x", "a/b", "a?b", "a#b", " a", ""):
        with pytest.raises(ConfigurationError):
            client.get_run(run_id)
        with pytest.raises(ConfigurationError):
            client.stop_run(run_id)
    for tenant in ("evil.com/", "a b", "-x"):
        with pytest.raises(ConfigurationError):
            fast_config(sim.base_url, tenant=tenant)
    good = sim_run_ids(sim)[0]
    results = {r.run_id: r for r in client.get_runs(["a/b", good])}
    assert isinstance(results["a/b"].error, ConfigurationError) and results[good].ok
    assert [r.run_id for r in logged(sim)] == [good]


def running_run(sim: Any) -> str:
    for run in sim.runs(TENANT):
        if canonical_state(run.get("state")) not in TERMINAL | {"stopping"}:
            return run["id"]
    pytest.skip("the simulated history has no running workflow")


def test_stop_a_running_run(sim: Any, client: AmperityClient):
    run_id = running_run(sim)
    assert client.last_request_id is None
    answer = client.stop_run(run_id)
    assert answer["id"] == run_id
    assert canonical_state(answer["state"]) in {"stopping", "stopped"}
    [stop] = logged(sim)
    assert (stop.endpoint, stop.status) == ("stop", 200)
    assert client.last_request_id == stop.request_id  # what the audit quotes to support


def test_last_request_id_is_each_threads_own(sim: Any, client: AmperityClient):
    first, second = sim_run_ids(sim)[:2]
    client.get_run(first)
    other_thread: list[str | None] = []
    worker = threading.Thread(
        target=lambda: other_thread.append((client.get_run(second), client.last_request_id)[1])
    )
    worker.start()
    worker.join()
    by_run = {r.run_id: r.request_id for r in logged(sim)}
    assert client.last_request_id == by_run[first]
    assert other_thread == [by_run[second]] and by_run[first] != by_run[second]


def test_stop_after_503_rereads_the_run_before_stopping_again(sim: Any, client: AmperityClient):
    run_id = running_run(sim)
    sim.faults.set("http_503", count=1, endpoints=["stop"])
    answer = client.stop_run(run_id)
    assert canonical_state(answer["state"]) in {"stopping", "stopped"}
    trail = [(r.endpoint, r.status, r.view) for r in logged(sim)]
    assert trail[0][:2] == ("stop", 503)
    assert trail[1] == ("get", 200, "overview")
    assert trail[2][:2] == ("stop", 200) and len(trail) == 3


def test_stop_after_a_lost_answer_does_not_stop_twice(sim: Any):
    """A read timeout after the server processed the stop: the re-read shows it took effect."""
    run_id = running_run(sim)
    sim.faults.set("slow", count=1, slow_s=0.6, endpoints=["stop"])
    with AmperityClient(fast_config(sim.base_url, read_timeout_s=0.2)) as c:
        answer = c.stop_run(run_id)
    assert canonical_state(answer["state"]) in {"stopping", "stopped"}
    stops = requests_to(sim, "stop")
    gets = requests_to(sim, "get")
    assert len(gets) >= 1 and gets[0].view == "overview"
    assert len(stops) <= 2


def test_stop_of_a_finished_run_is_a_bad_request_sent_once(sim: Any, client: AmperityClient):
    finished = next(
        r["id"] for r in sim.runs(TENANT) if canonical_state(r.get("state")) in TERMINAL
    )
    with pytest.raises(BadRequestError) as err:
        client.stop_run(finished)
    assert err.value.status == 400 and err.value.run_id == finished
    assert len(logged(sim)) == 1
