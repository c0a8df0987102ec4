"""A simulated tenant with two weeks of history, landed into a real temporary warehouse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SIM_NOW, point_env_at
from wf_etl.amperity import ClientConfig
from wf_etl.guard import Policy, parse_policy
from wf_etl.simulator import Simulator
from wf_etl.warehouse import FetchedRecord, apply_schema, land_raw, refresh_model

# The simulator pins two runaways per tenant, in progress for at least three hours.
RUNAWAY_AGE = timedelta(hours=3)
STOP_POLICY = """
[rules.runaways]
type = "*"
limit = "4x p95"
min_runs = 10
action = "stop"
"""


def land_history(db: Path, sim: Simulator, tenant: str = "acme") -> None:
    """Load what a sync would: every visible run's verbose record, landed and modelled."""
    con = duckdb.connect(str(db))
    try:
        apply_schema(con)
        fetched = datetime.now(UTC)
        records = [
            FetchedRecord(tenant, fetched, json.dumps(run), run["id"]) for run in sim.runs(tenant)
        ]
        land_raw(con, records)
        refresh_model(con)
    finally:
        con.close()


def runaway_ids(sim: Simulator, tenant: str = "acme") -> set[str]:
    now = sim.now()
    return {
        run["id"]
        for run in sim.runs(tenant)
        if "ended_at" not in run
        and now - datetime.fromisoformat(run["created_at"].replace("Z", "+00:00")) > RUNAWAY_AGE
    }


def rows(db: Path, where: str = "true") -> list[dict]:
    con = duckdb.connect(str(db))
    try:
        cursor = con.execute(f"select * from guard_actions where {where} order by run_id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def stop_requests(sim: Simulator) -> list:
    return [r for r in sim.requests if r.endpoint == "stop"]


@pytest.fixture
def guard_sim(clean_env: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """Frozen at SIM_NOW: runtimes are measured against sim.now(), not the wall clock."""
    with Simulator(tenants=("acme",), seed=11, days=14, runs_per_day=40, now=SIM_NOW) as simulator:
        point_env_at(clean_env, simulator)
        assert len(runaway_ids(simulator)) == 2
        yield simulator


@pytest.fixture
def warehouse(tmp_path: Path, guard_sim: Simulator) -> Path:
    db = tmp_path / "warehouse.duckdb"
    land_history(db, guard_sim)
    return db


@pytest.fixture
def configs(guard_sim: Simulator) -> dict[str, ClientConfig]:
    return {"acme": ClientConfig.from_env("acme")}


@pytest.fixture
def stop_policy() -> Policy:
    return parse_policy(STOP_POLICY, "test-policy.toml")
