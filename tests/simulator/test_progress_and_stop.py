"""Simulated time: running runs progress and end; a stop goes through stopping to stopped."""

from __future__ import annotations

from tests.simulator.conftest import Api
from wf_etl.simulator import Simulator
from wf_etl.simulator.timeline import canonical


def recent_running(sim: Simulator) -> dict:
    now = sim.now().isoformat()[:19]
    running = [r for r in sim.runs("acme") if "ended_at" not in r]
    # the most recent one is an ordinary run, not a runaway
    return max(running, key=lambda r: r["created_at"] if r["created_at"][:19] <= now else "")


def test_an_in_progress_run_progresses_and_ends(sim: Simulator, api: Api) -> None:
    run = recent_running(sim)
    url = f"/workflow/runs/{run['id']}"
    before = api.get(url, params={"view": "verbose"}).json()
    assert canonical(before["state"]) in ("started", "in_progress", "running_with_failures")
    finished_before = sum("ended_at" in t for t in before["task_instances"])
    for _ in range(48):
        sim.advance(900)
        now = api.get(url, params={"view": "verbose"}).json()
        if "ended_at" in now:
            break
    assert canonical(now["state"]) in ("succeeded", "failed")
    assert sum("ended_at" in t for t in now["task_instances"]) > finished_before
    assert all("ended_at" in t for t in now["task_instances"])
    assert now["created_at"] < now["ended_at"] <= sim.now().strftime("%Y-%m-%dT%H:%M:%S.999Z")


def test_new_runs_appear_as_time_passes(sim: Simulator, api: Api) -> None:
    before = api.get("/workflow/runs", params={"with_total": "true", "limit": 1}).json()["total"]
    sim.advance(4 * 3600)
    after = api.get("/workflow/runs", params={"with_total": "true", "limit": 1}).json()["total"]
    assert after > before


def test_stop_moves_a_running_run_to_stopping_then_stopped(sim: Simulator, api: Api) -> None:
    run = recent_running(sim)
    url = f"/workflow/runs/{run['id']}"
    answer = api.post(f"{url}/stop")
    assert answer.status_code == 200
    assert set(answer.json()) == {"id", "name", "type", "state", "tenant", "created_at"}
    assert canonical(answer.json()["state"]) == "stopping"
    sim.advance(10)
    record = api.get(url, params={"view": "verbose"}).json()
    assert canonical(record["state"]) == "stopped"
    assert record["error"] == {
        "attribution": "customer",
        "type": "amperity.workflow.workflow.repository.core/cancel",
        "message": "Workflow manually stopped",
    }
    assert all("ended_at" in t for t in record["task_instances"])
    assert any(canonical(t["state"]) == "stopped" for t in record["task_instances"])
    sim.advance(3 * 86400)  # a stopped run stays stopped
    assert canonical(api.get(url).json()["state"]) == "stopped"


def test_a_runaway_stays_running_until_stopped(sim: Simulator, api: Api) -> None:
    runaway = min(
        (r for r in sim.runs("acme") if "ended_at" not in r), key=lambda r: r["created_at"]
    )
    sim.advance(86400)
    assert "ended_at" not in api.get(f"/workflow/runs/{runaway['id']}").json()
    assert api.post(f"/workflow/runs/{runaway['id']}/stop").status_code == 200
    sim.advance(30)
    assert canonical(api.get(f"/workflow/runs/{runaway['id']}").json()["state"]) == "stopped"


def test_stopping_a_finished_run_is_400_not_running(sim: Simulator, api: Api) -> None:
    """Our choice: a terminal run cannot be stopped; 400 says so and nothing changes."""
    done = next(r for r in sim.runs("acme") if canonical(r["state"]) == "succeeded")
    answer = api.post(f"/workflow/runs/{done['id']}/stop")
    assert answer.status_code == 400
    assert "not running" in answer.json()["message"]
    assert api.get(f"/workflow/runs/{done['id']}").json()["state"] == done["state"]


def test_unknown_run_is_404_for_get_and_stop_and_bad_view_is_400(sim: Simulator, api: Api) -> None:
    assert api.get("/workflow/runs/wf-20240101-00001-zzzzz").status_code == 404
    assert api.post("/workflow/runs/wf-20240101-00001-zzzzz/stop").status_code == 404
    run_id = sim.runs("acme")[0]["id"]
    assert api.get(f"/workflow/runs/{run_id}", params={"view": "full"}).status_code == 400
    other_tenant = sim.runs("globex")[0]["id"]
    assert api.get(f"/workflow/runs/{other_tenant}").status_code == 404
