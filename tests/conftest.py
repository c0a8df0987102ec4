"""Shared fixtures: a real simulator on a free loopback port and the environment pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests import pinned_clock
from wf_etl.simulator import Simulator

# A fixed simulated "now" keeps histories identical from run to run.
SIM_NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
API_ENV_VARS = (
    "AMPERITY_BASE_URL",
    "AMPERITY_TENANT",
    "AMPERITY_API_TOKEN",
    "AMPERITY_CLIENT_ID",
    "AMPERITY_CLIENT_SECRET",
    "AMPERITY_API_VERSION",
    "WF_ETL_DUCKDB_PATH",
    "DAGSTER_HOME",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No API or warehouse variable leaks in from the developer's shell."""
    for var in API_ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def point_env_at(
    monkeypatch: pytest.MonkeyPatch, sim: Simulator, tenants: str | None = None
) -> None:
    monkeypatch.setenv("AMPERITY_BASE_URL", sim.base_url)
    monkeypatch.setenv("AMPERITY_TENANT", tenants or ",".join(sim.tenants))
    monkeypatch.setenv("AMPERITY_API_TOKEN", sim.token)
    monkeypatch.setenv("WF_ETL_MAX_RETRY_SECONDS", "10")


@pytest.fixture
def sim(clean_env: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """One simulated tenant with four days of history, the environment pointing at it."""
    with Simulator(tenants=("acme",), seed=11, days=4, runs_per_day=12, now=SIM_NOW) as simulator:
        point_env_at(clean_env, simulator)
        yield simulator


def pytest_addoption(parser: pytest.Parser) -> None:
    pinned_clock.add_option(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_TRAVELLER] = pinned_clock.start(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    pinned_clock.stop(config.stash.get(_TRAVELLER, None))


def pytest_report_header(config: pytest.Config) -> str | None:
    return pinned_clock.header(config)


_TRAVELLER = pytest.StashKey[object]()
