"""Listing: stable cursor pagination and the filters of GET /workflow/runs."""

from __future__ import annotations

from tests.simulator.conftest import Api
from wf_etl.simulator import Simulator
from wf_etl.simulator.timeline import canonical


def test_pages_cover_every_visible_run_exactly_once_in_order(sim: Simulator, api: Api) -> None:
    listed = api.all_runs(limit=37)
    expected = [
        {
            k: r[k]
            for k in ("id", "name", "type", "state", "tenant", "created_at", "ended_at")
            if k in r
        }
        for r in sim.runs("acme")
    ]
    assert listed == expected
    assert len({r["id"] for r in listed}) == len(listed) > 400
    assert [(r["created_at"], r["id"]) for r in listed] == sorted(
        (r["created_at"], r["id"]) for r in listed
    )


def test_tenants_have_their_own_histories(sim: Simulator) -> None:
    acme = {r["id"] for r in sim.runs("acme")}
    globex = {r["id"] for r in sim.runs("globex")}
    assert acme and globex and not acme & globex


def test_created_window_includes_from_and_excludes_to(sim: Simulator, api: Api) -> None:
    runs = sim.runs("acme")
    first, tenth = runs[0]["created_at"], runs[9]["created_at"]
    window = api.all_runs(created_from=first, created_to=tenth)
    assert [r["id"] for r in window] == [r["id"] for r in runs[:9]]


def test_partial_dates_are_accepted(sim: Simulator, api: Api) -> None:
    day = api.all_runs(created_from="2024-06-18", created_to="2024-06-19")
    assert day and all(r["created_at"].startswith("2024-06-18") for r in day)
    expected = [r for r in sim.runs("acme") if r["created_at"].startswith("2024-06-18")]
    assert len(day) == len(expected)


def test_bad_parameters_are_400_naming_the_parameter(api: Api) -> None:
    for params, name in [
        ({"created_from": "last tuesday"}, "created_from"),
        ({"ended_to": "2024-99-01"}, "ended_to"),
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"with_total": "maybe"}, "with_total"),
        ({"next_token": "not-a-token"}, "next_token"),
    ]:
        answer = api.get("/workflow/runs", params=params)
        assert answer.status_code == 400, params
        assert name in answer.json()["message"]


def test_limit_above_the_maximum_is_capped_not_refused(api: Api) -> None:
    answer = api.get("/workflow/runs", params={"limit": 5000})
    assert answer.status_code == 200
    assert len(answer.json()["data"]) == 1000 or "next_token" not in answer.json()


def test_state_filter_ignores_casing_spaces_and_underscores(sim: Simulator, api: Api) -> None:
    failed = [r["id"] for r in sim.runs("acme") if canonical(r["state"]) == "failed"]
    assert failed
    for spelling in ("failed", "Failed", "FAILED", " failed "):
        assert [r["id"] for r in api.all_runs(state=spelling)] == failed
    running = [r["id"] for r in sim.runs("acme") if canonical(r["state"]) == "in_progress"]
    assert running
    for spelling in ("In progress", "in_progress", "IN-PROGRESS"):
        assert [r["id"] for r in api.all_runs(state=spelling)] == running


def test_type_and_ended_filters(sim: Simulator, api: Api) -> None:
    runs = sim.runs("acme")
    sends = [r["id"] for r in runs if r["type"] == "campaign.send"]
    assert sends and [r["id"] for r in api.all_runs(type="campaign.send")] == sends
    ended = sorted(r["ended_at"] for r in runs if r.get("ended_at"))
    low, high = ended[10], ended[60]
    expected = [r["id"] for r in runs if r.get("ended_at") and low <= r["ended_at"] < high]
    got = api.all_runs(ended_from=low, ended_to=high)
    assert [r["id"] for r in got] == expected and len(expected) == 50


def test_with_total_counts_all_matching_runs(sim: Simulator, api: Api) -> None:
    body = api.get("/workflow/runs", params={"limit": 5, "with_total": "true"}).json()
    assert body["total"] == len(sim.runs("acme"))
    assert "total" not in api.get("/workflow/runs", params={"limit": 5}).json()


def test_cursor_stays_valid_as_new_runs_appear(sim: Simulator, api: Api) -> None:
    first = api.get("/workflow/runs", params={"limit": 50}).json()
    before = len(sim.runs("acme"))
    sim.advance(6 * 3600)
    assert len(sim.runs("acme")) > before
    rest = api.all_runs(next_token=first["next_token"])
    ids = [r["id"] for r in first["data"]] + [r["id"] for r in rest]
    assert ids == [r["id"] for r in sim.runs("acme")]
