"""A simulated tenant with two weeks of history, landed into a real temporary warehouse."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pytest

from tests.conftest import SIM_NOW, point_env_at
from wf_etl.amperity import ClientConfig
from wf_etl.guard import Policy, Rule, parse_policy
from wf_etl.simulator import Simulator
from wf_etl.warehouse import FetchedRecord, apply_schema, land_raw, refresh_model

# The simulator pins two runaways per tenant, in progress for at least three hours; at SIM_NOW
# both are over this policy's limit.
STOP_POLICY = """
[rules.runaways]
type = "*"
limit = "4x p95"
min_runs = 10
action = "stop"
"""


def land_history(db: Path, sim: Simulator, tenant: str = "acme") -> list[dict[str, Any]]:
    """Load what a sync would: every visible run's verbose record, landed and modelled.

    Returns the records landed, the history the guard's p95 limits come from."""
    runs = sim.runs(tenant)
    con = duckdb.connect(str(db))
    try:
        apply_schema(con)
        fetched = sim.now()
        land_raw(con, [FetchedRecord(tenant, fetched, json.dumps(run), run["id"]) for run in runs])
        refresh_model(con)
    finally:
        con.close()
    return runs


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class ExpectedLimit(NamedTuple):
    """A type's limit as the policy defines it; `runs` is the p95's sample size (0: fixed)."""

    rule: Rule
    limit_ms: float
    runs: int = 0


def limits_by_type(
    history: list[dict[str, Any]], policy: Policy, now: datetime
) -> dict[str, ExpectedLimit]:
    """Each type's limit by the policy's definition of a runaway, computed from the API's records
    rather than the guard's SQL: the first rule that can set a limit decides, and a p95 rule
    needs `min_runs` succeeded runs of the type in the policy's history window."""
    since = now - timedelta(milliseconds=policy.history_ms)
    runtimes: dict[str, list[float]] = {}
    for r in history:
        created = instant(r["created_at"])
        if r["state"].lower() == "succeeded" and "ended_at" in r and created >= since:
            ms = (instant(r["ended_at"]) - created).total_seconds() * 1000
            runtimes.setdefault(r["type"], []).append(ms)
    limits: dict[str, ExpectedLimit] = {}
    for wtype in {r["type"] for r in history}:
        done = runtimes.get(wtype, [])
        for rule in policy.rules:
            if rule.limit.kind == "absolute":
                limits[wtype] = ExpectedLimit(rule, rule.limit.value)
                break
            if rule.limit.kind == "p95" and len(done) >= rule.min_runs:
                p95 = statistics.quantiles(done, n=20, method="inclusive")[18]  # quantile_cont
                limits[wtype] = ExpectedLimit(rule, rule.limit.value * p95, len(done))
                break
    return limits


def over_limit(
    runs: list[dict[str, Any]],
    limits: dict[str, ExpectedLimit],
    now: datetime,
    since: datetime,
) -> dict[str, ExpectedLimit]:
    """The runs in flight at `now`, created since `since`, whose runtime exceeds their limit."""
    over = {}
    for r in runs:
        created = instant(r["created_at"])
        limit = limits.get(r["type"])
        if "ended_at" in r or created < since or limit is None:
            continue
        if (now - created).total_seconds() * 1000 > limit.limit_ms:
            over[r["id"]] = limit
    return over


def runaway_ids(sim: Simulator, tenant: str = "acme") -> set[str]:
    """The runs STOP_POLICY calls runaways now: over their limit, not merely old."""
    policy = parse_policy(STOP_POLICY)
    runs, now = sim.runs(tenant), sim.now()
    since = now - timedelta(milliseconds=policy.lookback_ms)
    return set(over_limit(runs, limits_by_type(runs, policy, now), now, since))


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
