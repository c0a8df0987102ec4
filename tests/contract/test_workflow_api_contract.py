"""Real simulator answers validate against the project's own schema of the API contract."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.simulator.conftest import HEADERS, NOW
from wf_etl.simulator import Simulator

SCHEMA = json.loads((Path(__file__).parent / "workflow_api.schema.json").read_text())
REGISTRY = Registry().with_resource(SCHEMA["$id"], Resource.from_contents(SCHEMA))


def check(definition: str, instance: object) -> None:
    validator = Draft202012Validator(
        {"$ref": f"{SCHEMA['$id']}#/$defs/{definition}"}, registry=REGISTRY
    )
    errors = sorted(validator.iter_errors(instance), key=str)
    assert not errors, f"{definition}: {errors[0].message} at {list(errors[0].path)}"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Simulator, requests.Session]]:
    with Simulator(tenants=("acme",), now=NOW, rate_limit_per_s=10_000) as sim:
        session = requests.Session()
        session.headers.update(HEADERS)
        yield sim, session
        session.close()


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_schema_rejects_what_the_contract_forbids() -> None:
    with pytest.raises(AssertionError):
        check("error_body", {"status": 400, "message": "x", "request_id": "r"})
    with pytest.raises(AssertionError):
        check("list_page", {"data": [], "next_token": None})
    with pytest.raises(AssertionError):
        check(
            "list_item",
            {
                "id": "wf-20240603-12345-MNabc",
                "name": "n",
                "type": "t",
                "state": "succeeded",
                "tenant": "a",
                "created_at": "2024-06-03T00:00:00.000Z",
                "task_instances": [],
            },
        )


def test_list_pages_match_the_contract(served: tuple[Simulator, requests.Session]) -> None:
    sim, session = served
    params: dict[str, object] = {"limit": 250, "with_total": "true"}
    pages = 0
    while True:
        body = session.get(f"{sim.base_url}/workflow/runs", params=params, timeout=10).json()
        check("list_page", body)
        pages += 1
        if not body.get("next_token"):
            break
        params["next_token"] = body["next_token"]
    assert pages >= 2


def test_overview_and_verbose_records_match_the_contract(
    served: tuple[Simulator, requests.Session],
) -> None:
    sim, session = served
    runs = sim.runs("acme")
    wanted = {
        "failed": [r for r in runs if r["state"].lower() == "failed"][:5],
        "running": [r for r in runs if "ended_at" not in r][:3],
        "stopped": [r for r in runs if r["state"].lower() in ("stopped", "canceled")][:3],
        "succeeded": [r for r in runs if r["state"].lower() == "succeeded"][:5],
    }
    for kind, sample in wanted.items():
        assert sample, f"no {kind} run in the simulated history"
        for run in sample:
            url = f"{sim.base_url}/workflow/runs/{run['id']}"
            check("overview", session.get(url, timeout=10).json())
            record = session.get(url, params={"view": "verbose"}, timeout=10).json()
            check("verbose", record)
            assert record == run


def test_token_answer_matches_the_contract(served: tuple[Simulator, requests.Session]) -> None:
    sim, _ = served
    form = {
        "grant_type": "client_credentials",
        "client_id": "sim-client",
        "client_secret": "sim-secret",
    }
    check("token", requests.post(f"{sim.base_url}/v0/oauth2/token", data=form, timeout=10).json())


@pytest.mark.parametrize(
    ("status", "change"),
    [
        (400, {"params": {"limit": "many"}}),
        (401, {"headers": {"Authorization": "Bearer nope"}}),
        (403, {"headers": {"amperity-tenant": "someone-else"}}),
        (404, {"path": "/workflow/runs/wf-20240101-00000-nope0"}),
    ],
)
def test_error_bodies_match_the_contract(
    served: tuple[Simulator, requests.Session], status: int, change: dict
) -> None:
    sim, session = served
    answer = session.get(
        f"{sim.base_url}{change.get('path', '/workflow/runs')}",
        params=change.get("params"),
        headers=change.get("headers"),
        timeout=10,
    )
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["x-request-id"]
    check("error_body", answer.json())
    assert answer.json()["status"] == status


def test_rate_limited_body_matches_the_contract() -> None:
    with Simulator(now=NOW, rate_limit_per_s=2) as sim:
        session = requests.Session()
        answers = [
            session.get(f"{sim.base_url}/workflow/runs", headers=HEADERS, params={"limit": 1})
            for _ in range(4)
        ]
        limited = [a for a in answers if a.status_code == 429]
        assert limited
        check("error_body", limited[0].json())
        session.close()
