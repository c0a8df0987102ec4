"""Every fault kind is observable over HTTP, scoped by endpoint, run id and count."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import requests

from tests.simulator.conftest import Api
from wf_etl.simulator import Simulator


def a_run_id(sim: Simulator) -> str:
    return sim.runs("acme")[5]["id"]


@pytest.mark.parametrize(
    ("kind", "statuses"),
    [
        ("http_429", {429}),
        ("http_5xx", {500, 502, 503, 504}),
        ("http_500", {500}),
        ("http_503", {503}),
        ("http_404", {404}),
    ],
)
def test_status_faults(sim: Simulator, api: Api, kind: str, statuses: set[int]) -> None:
    sim.faults.set(kind)
    answer = api.get("/workflow/runs")
    assert answer.status_code in statuses
    assert set(answer.json()) == {"status", "message"}
    sim.faults.clear()
    assert api.get("/workflow/runs").status_code == 200


def test_retry_after_is_only_sent_when_asked_for(sim: Simulator, api: Api) -> None:
    sim.faults.set("http_429", count=1)
    assert "Retry-After" not in api.get("/workflow/runs").headers
    sim.faults.set("http_429", count=1, retry_after=2)
    assert api.get("/workflow/runs").headers["Retry-After"] == "2"


def test_count_limits_a_fault_to_the_next_requests(sim: Simulator, api: Api) -> None:
    sim.faults.set("http_503", count=2)
    codes = [api.get("/workflow/runs", params={"limit": 1}).status_code for _ in range(4)]
    assert codes == [503, 503, 200, 200]


def test_faults_by_run_id_leave_other_runs_alone(sim: Simulator, api: Api) -> None:
    target, other = sim.runs("acme")[3]["id"], sim.runs("acme")[4]["id"]
    sim.faults.set("http_500", run_ids=[target])
    assert api.get(f"/workflow/runs/{target}").status_code == 500
    assert api.get(f"/workflow/runs/{other}").status_code == 200
    assert api.get("/workflow/runs").status_code == 200


def test_endpoint_filter(sim: Simulator, api: Api) -> None:
    sim.faults.set("http_503", endpoints=("get",))
    assert api.get("/workflow/runs").status_code == 200
    assert api.get(f"/workflow/runs/{a_run_id(sim)}").status_code == 503


def test_slow_answers_outlast_a_short_read_timeout(sim: Simulator, api: Api) -> None:
    sim.faults.set("slow", slow_s=1.0, count=1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.session.get(f"{api.base_url}/workflow/runs", timeout=0.3)
    assert api.get("/workflow/runs", params={"limit": 1}).status_code == 200


def test_truncated_body_is_half_of_valid_json(sim: Simulator, api: Api) -> None:
    run_id = a_run_id(sim)
    whole = api.get(f"/workflow/runs/{run_id}").content
    sim.faults.set("truncated", count=1)
    cut = api.get(f"/workflow/runs/{run_id}")
    assert cut.status_code == 200
    assert cut.content == whole[: len(whole) // 2]
    assert int(cut.headers["Content-Length"]) == len(cut.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def test_not_json_is_an_html_page_with_200(sim: Simulator, api: Api) -> None:
    sim.faults.set("not_json")
    answer = api.get("/workflow/runs")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    assert answer.text.lstrip().startswith("<html")


@pytest.mark.parametrize(
    "variant", ["drop_id", "drop_created_at", "bad_created_at", "task_instances_not_list"]
)
def test_missing_fields_variants(sim: Simulator, api: Api, variant: str) -> None:
    run_id = a_run_id(sim)
    sim.faults.set("missing_fields", run_ids=[run_id], variant=variant)
    record = api.get(f"/workflow/runs/{run_id}", params={"view": "verbose"}).json()
    if variant == "drop_id":
        assert "id" not in record
    elif variant == "drop_created_at":
        assert "created_at" not in record
    elif variant == "bad_created_at":
        assert record["created_at"] in ("2024-13-45T99:61:00Z", "yesterday", "")
    else:
        assert not isinstance(record["task_instances"], list)


def test_missing_fields_in_a_list_hits_only_the_named_run(sim: Simulator, api: Api) -> None:
    run_id = a_run_id(sim)
    sim.faults.set("missing_fields", run_ids=[run_id], variant="drop_created_at")
    page = api.get("/workflow/runs", params={"limit": 20}).json()["data"]
    broken = [r for r in page if "created_at" not in r]
    assert len(broken) == 1 and broken[0]["id"] == run_id


def test_repeat_token_never_ends_pagination(sim: Simulator, api: Api) -> None:
    sim.faults.set("repeat_token")
    first = api.get("/workflow/runs", params={"limit": 10}).json()
    again = api.get("/workflow/runs", params={"limit": 10, "next_token": first["next_token"]})
    third = api.get(
        "/workflow/runs", params={"limit": 10, "next_token": again.json()["next_token"]}
    )
    assert first["next_token"] == again.json()["next_token"] == third.json()["next_token"]
    assert again.json()["data"] == third.json()["data"]


def test_random_fault_rate_produces_a_mix_of_faults() -> None:
    from tests.simulator.conftest import HEADERS, NOW

    with Simulator(now=NOW, fault_rate=0.5, rate_limit_per_s=10_000) as sim:
        session = requests.Session()
        answers = [
            session.get(f"{sim.base_url}/workflow/runs", headers=HEADERS, params={"limit": 2})
            for _ in range(60)
        ]
        ok_json = sum(
            1
            for a in answers
            if a.status_code == 200
            and a.headers["Content-Type"] == "application/json"
            and a.content.endswith(b"}")
        )
        assert 10 < ok_json < 50
        assert any(a.status_code >= 429 for a in answers)
        session.close()


def test_unknown_fault_kind_is_refused(sim: Simulator) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        sim.faults.set("http_418")


@pytest.mark.parametrize("variant", ["numbers_as_strings", "new_fields", "offset_timestamps"])
def test_schema_drift_changes_how_a_record_is_written_not_what_it_says(
    sim: Simulator, api: Api, variant: str
) -> None:
    run_id = next(r["id"] for r in sim.runs("acme") if r.get("warn_after_ms") and r["ended_at"])
    plain = api.get(f"/workflow/runs/{run_id}", params={"view": "verbose"}).json()
    sim.faults.set("schema_drift", variant=variant)
    drifted = api.get(f"/workflow/runs/{run_id}", params={"view": "verbose"}).json()
    tasks = zip(plain["task_instances"], drifted["task_instances"], strict=True)
    if variant == "numbers_as_strings":
        assert drifted["warn_after_ms"] == str(plain["warn_after_ms"])
        assert all(d.get("timeout_ms") == (str(p["timeout_ms"]) if "timeout_ms" in p else None)
                   for p, d in tasks)  # fmt: skip
    elif variant == "new_fields":
        assert set(drifted) - set(plain) == {"cost_center", "labels"}
        assert all(set(d) - set(p) == {"attempt"} for p, d in tasks)
    else:
        assert drifted["created_at"].endswith("+05:30")
        assert datetime.fromisoformat(drifted["ended_at"]) == datetime.fromisoformat(
            plain["ended_at"].replace("Z", "+00:00")
        )


def test_the_request_log_names_the_faults_that_shaped_each_answer(sim: Simulator, api: Api) -> None:
    sim.faults.set("truncated", count=1)
    sim.faults.set("http_503", count=1, endpoints=("get",))
    api.get("/workflow/runs", params={"limit": 1})
    api.get(f"/workflow/runs/{a_run_id(sim)}")
    api.get("/workflow/runs", params={"limit": 1})
    assert [(r.status, r.faults) for r in sim.requests[-3:]] == [
        (200, ("truncated",)),
        (503, ("http_503",)),
        (200, ()),
    ]
