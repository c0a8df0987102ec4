"""The seeded history: deterministic, realistic in shape, quick to build."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
import requests

from tests.simulator.conftest import HEADERS, NOW
from wf_etl.simulator import Simulator
from wf_etl.simulator.timeline import canonical

pytestmark = pytest.mark.clock  # `make test-clock` runs it again on pinned clocks

ID = re.compile(r"^wf-(\d{8})-(\d{5})-[A-Za-z0-9]{5,6}$")


def listing(seed: int) -> tuple[list[dict], dict]:
    with Simulator(now=NOW, seed=seed, rate_limit_per_s=10_000) as sim:
        session = requests.Session()
        page = session.get(f"{sim.base_url}/workflow/runs", headers=HEADERS, params={"limit": 1000})
        run_id = page.json()["data"][100]["id"]
        verbose = session.get(
            f"{sim.base_url}/workflow/runs/{run_id}", headers=HEADERS, params={"view": "verbose"}
        ).json()
        session.close()
        return page.json()["data"], verbose


def test_same_seed_and_time_give_identical_answers_and_other_seeds_differ() -> None:
    first, second, other = listing(7), listing(7), listing(8)
    assert first == second
    assert first[0] != other[0]


def test_history_shape_is_realistic(sim: Simulator) -> None:
    runs = sim.runs("acme")
    states = Counter(canonical(r["state"]) for r in runs)
    assert 14 * 40 * 0.8 < len(runs) < 14 * 40 * 1.25
    assert 0.08 < states["failed"] / len(runs) < 0.2
    assert states["canceled"] + states["stopped"] > 0
    assert {r["state"] for r in runs} & {"Succeeded", "Failed"}  # mixed spellings
    errors = [r["error"] for r in runs if canonical(r["state"]) == "failed"]
    share = Counter(e["attribution"] for e in errors)
    assert 0.4 < share["customer"] / len(errors) < 0.8
    assert Counter("data" in e for e in errors)[False] > 0
    names = Counter(r["name"] for r in runs)
    assert names.most_common(1)[0][1] > 20  # named workflows recur
    tasks = [t for r in runs for t in r["task_instances"]]
    assert 5 < len(tasks) / len(runs) < 11
    assert any("timeout_ms" not in t for t in tasks) and any("run_id" not in t for t in tasks)
    assert any("warn_after_ms" in r for r in runs)
    assert any(r["launched_version"] != r["current_version"] for r in runs)
    for run in runs:
        match = ID.match(run["id"])
        assert match, run["id"]
        created = run["created_at"]
        assert match.group(1) == created[:10].replace("-", "")
        h, m, s = created[11:19].split(":")
        assert int(match.group(2)) == int(h) * 3600 + int(m) * 60 + int(s)


def test_failed_runs_name_the_failing_task_and_skip_the_rest(sim: Simulator) -> None:
    failed = [r for r in sim.runs("acme") if canonical(r["state"]) == "failed"]
    for run in failed:
        bad = [t for t in run["task_instances"] if canonical(t["state"]) == "failed"]
        assert len(bad) == 1 and bad[0]["error"] == run["error"]
        after = run["task_instances"][run["task_instances"].index(bad[0]) + 1 :]
        assert all(canonical(t["state"]) in ("skipped", "succeeded") for t in after)


def test_runaways_and_recent_runs_are_in_progress(sim: Simulator) -> None:
    running = [r for r in sim.runs("acme") if "ended_at" not in r]
    now = sim.now()
    ages = [(now - datetime.fromisoformat(r["created_at"])).total_seconds() for r in running]
    assert sum(age > 3 * 3600 for age in ages) >= 2  # runaways
    assert sum(age < 3 * 3600 for age in ages) >= 3


def test_platform_failures_are_often_followed_by_a_success_of_the_same_workflow(
    sim: Simulator,
) -> None:
    runs = sim.runs("acme")
    recovered = 0
    for i, run in enumerate(runs):
        if run.get("error", {}).get("attribution") == "platform":
            later = [r for r in runs[i + 1 :] if r["name"] == run["name"]][:1]
            recovered += bool(later and canonical(later[0]["state"]) == "succeeded")
    assert recovered >= 3


def test_building_histories_is_fast() -> None:
    started = time.perf_counter()
    Simulator(tenants=("a", "b"), now=datetime(2024, 6, 20, tzinfo=UTC))
    assert time.perf_counter() - started < 1.0
    started = time.perf_counter()
    big = Simulator(runs_per_day=5000, days=14, now=datetime(2024, 6, 20, tzinfo=UTC))
    assert time.perf_counter() - started < 8.0
    assert len(big.state["acme"].history.runs) > 60_000


def finished_runs(sim: Simulator, created_from: datetime, created_to: datetime) -> dict[str, str]:
    """id -> state of the finished runs created in [from, to), over HTTP."""
    window = {"created_from": created_from, "created_to": created_to}
    params = {k: v.isoformat().replace("+00:00", "Z") for k, v in window.items()}
    page = requests.get(
        f"{sim.base_url}/workflow/runs", headers=HEADERS, params={"limit": 1000, **params}
    ).json()["data"]
    return {r["id"]: r["state"] for r in page if canonical(r["state"]) in {"succeeded", "failed"}}


def test_simulators_started_apart_agree_on_the_days_they_share() -> None:
    """A demo run twice, minutes or a day apart, must sync the same runs, not a new history."""
    later_same_day = NOW.replace(hour=NOW.hour + 5, minute=17)
    next_day = datetime.fromtimestamp(NOW.timestamp() + 86_400 + 600, UTC)
    midnight = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    shared = (datetime.fromtimestamp(midnight.timestamp() - 2 * 86_400, UTC), midnight)
    seen = []
    for now in (NOW, later_same_day, next_day):
        with Simulator(now=now, seed=7, days=3, rate_limit_per_s=10_000) as sim:
            seen.append(finished_runs(sim, *shared))
    assert len(seen[0]) > 50
    assert seen[0] == seen[1] == seen[2]
