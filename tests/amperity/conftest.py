"""A real simulator on a loopback port per test, and clients tuned for fast retries."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.conftest import SIM_NOW
from wf_etl.amperity import AmperityClient, ClientConfig

TENANT = "acme"
TOKEN = "sim-token-st4tic-s3cr3t"
CLIENT_ID = "sim-client"
CLIENT_SECRET = "sim-secret-cl13nt-s3cr3t"
DAYS = 3


def simulator_class() -> Any:
    sim_module = pytest.importorskip("wf_etl.simulator")
    if not hasattr(sim_module, "Simulator"):
        pytest.skip("wf_etl.simulator does not export Simulator yet")
    return sim_module.Simulator


def start_simulator(**overrides: Any) -> Any:
    options: dict[str, Any] = {
        "tenants": (TENANT,),
        "token": TOKEN,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "seed": 42,
        "days": DAYS,
        "runs_per_day": 20,
        "latency_ms": (0, 0),
        "fault_rate": 0.0,
        "rate_limit_per_s": 10,
        "port": 0,
        "now": SIM_NOW,  # the same history at any hour; the client's own clocks stay real
    }
    options.update(overrides)
    return simulator_class()(**options)


@pytest.fixture
def sim() -> Iterator[Any]:
    with start_simulator() as server:
        yield server


def fast_config(base_url: str, **overrides: Any) -> ClientConfig:
    """Small backoff and budgets so retry paths finish in well under a second each."""
    options: dict[str, Any] = {
        "tenant": TENANT,
        "base_url": base_url,
        "api_token": TOKEN,
        "connect_timeout_s": 1.0,
        "read_timeout_s": 2.0,
        "max_attempts": 4,
        "max_retry_seconds": 5.0,
        "backoff_base_s": 0.02,
        "backoff_max_s": 0.1,
        "fetch_workers": 8,
    }
    options.update(overrides)
    return ClientConfig(**options)


@pytest.fixture
def client(sim: Any) -> Iterator[AmperityClient]:
    with AmperityClient(fast_config(sim.base_url)) as c:
        yield c


def logged(sim: Any, settle_s: float = 0.1) -> list[Any]:
    """sim.requests once it stops growing: the simulator logs a request after answering it."""
    seen = sim.requests
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        time.sleep(settle_s)
        now = sim.requests
        if len(now) == len(seen):
            return now
        seen = now
    return seen


def requests_to(sim: Any, endpoint: str, since: int = 0) -> list[Any]:
    return [r for r in logged(sim)[since:] if r.endpoint == endpoint]


def listing_window() -> tuple[datetime, datetime]:
    return SIM_NOW - timedelta(days=DAYS + 2), SIM_NOW + timedelta(days=1)


def sim_run_ids(sim: Any) -> list[str]:
    return [r["id"] for r in sim.runs(TENANT)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
