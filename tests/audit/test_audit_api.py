"""The simulator's GET /audit-events: the contract, and a log consistent with the run history."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.audit.conftest import HEADERS, NOW, all_events
from wf_etl.simulator import Simulator

SCHEMA = json.loads((Path(__file__).parent / "audit_api.schema.json").read_text())
REGISTRY = Registry().with_resource(SCHEMA["$id"], Resource.from_contents(SCHEMA))
OPENAPI = Path("/work/shared/reference/amperity-openapi-2024-04-01.json")
CHANGE_KINDS = ("credential/", "destination/", "courier/", "database/")


def violations(definition: str, instance: object) -> list[str]:
    validator = Draft202012Validator(
        {"$ref": f"{SCHEMA['$id']}#/$defs/{definition}"}, registry=REGISTRY
    )
    return [f"{e.message} at {list(e.path)}" for e in validator.iter_errors(instance)]


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def pages(sim: Simulator, **params: object) -> list[dict]:
    query: dict[str, object] = {"limit": 40, "with_total": "true", **params}
    bodies = []
    with requests.Session() as session:
        session.headers.update({**HEADERS, "amperity-tenant": "acme"})
        while True:
            body = session.get(f"{sim.base_url}/audit-events", params=query, timeout=10).json()
            bodies.append(body)
            if not body.get("next_token"):
                return bodies
            query["next_token"] = body["next_token"]


def test_every_page_matches_the_contract_and_pages_do_not_overlap(audit_sim: Simulator) -> None:
    bodies = pages(audit_sim)
    assert len(bodies) >= 3
    for body in bodies:
        assert violations("page", body) == []
    events = [e for body in bodies for e in body["data"]]
    keys = [(instant(e["happened_at"]), e["event_id"]) for e in events]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert bodies[0]["total"] == len(events)
    assert all(instant(e["happened_at"]) <= NOW for e in events)


@pytest.mark.skipif(not OPENAPI.is_file(), reason="the published OpenAPI document is not here")
def test_pages_validate_against_the_published_openapi_document(audit_sim: Simulator) -> None:
    document = json.loads(OPENAPI.read_text())
    uri = "urn:amperity-openapi"
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource(uri, resource)
    validator = Draft202012Validator(
        {"$ref": f"{uri}#/components/schemas/AuditEventList"}, registry=registry
    )
    for body in pages(audit_sim):
        assert [e.message for e in validator.iter_errors(body)] == []


def test_the_window_bounds_are_inclusive_then_exclusive(audit_sim: Simulator) -> None:
    everything = all_events(audit_sim)
    pivot = everything[len(everything) // 2]["happened_at"]
    later = all_events(audit_sim, happened_from=pivot)
    earlier = all_events(audit_sim, happened_to=pivot)
    assert later[0]["happened_at"] == pivot
    assert all(e["happened_at"] < pivot for e in earlier)
    assert len(earlier) + len(later) == len(everything)


def test_user_stops_name_runs_that_then_end_canceled_or_stopped(audit_sim: Simulator) -> None:
    runs = {r["id"]: r for r in audit_sim.runs("acme")}
    stops = [e for e in all_events(audit_sim) if e["event_type"].endswith("workflow/cancel")]
    assert len(stops) >= 5
    for event in stops:
        run = runs[event["object_id"]]
        assert run["state"].lower() in ("canceled", "stopped"), run["state"]
        assert instant(run["created_at"]) < instant(event["happened_at"])
        assert instant(event["happened_at"]) < instant(run["ended_at"])
        assert event["object_name"] == run["name"]
    stopped = [r for r in runs.values() if r["state"].lower() in ("canceled", "stopped")]
    assert len(stops) < len(stopped), "some stops must come from the platform, not a user"


def test_changes_precede_some_customer_failures_and_not_all(audit_sim: Simulator) -> None:
    changes = [
        instant(e["happened_at"])
        for e in all_events(audit_sim)
        if any(kind in e["event_type"] for kind in CHANGE_KINDS)
    ]
    failures = [
        r
        for r in audit_sim.runs("acme")
        if r["state"].lower() == "failed" and r["error"]["attribution"] == "customer"
    ]

    def preceded(run: dict) -> bool:
        start = instant(run["created_at"])
        return any(start - timedelta(hours=3) <= at < start for at in changes)

    with_change = [r for r in failures if preceded(r)]
    assert 0.2 * len(failures) < len(with_change) < len(failures)


def test_a_stop_sent_through_the_api_is_the_api_keys_event(audit_sim: Simulator) -> None:
    running = next(r for r in audit_sim.runs("acme") if "ended_at" not in r)
    with requests.Session() as session:
        session.headers.update({**HEADERS, "amperity-tenant": "acme"})
        stop = session.post(f"{audit_sim.base_url}/workflow/runs/{running['id']}/stop", timeout=10)
        assert stop.status_code == 200, stop.text
    events = [e for e in all_events(audit_sim) if e["object_id"] == running["id"]]
    assert [e["principal_id"].split("|")[0] for e in events] == ["api-key"]
    assert events[0]["event_type"].endswith("workflow/cancel")


def test_two_simulators_with_one_seed_list_the_same_events() -> None:
    with Simulator(tenants=("acme",), now=NOW) as one, Simulator(tenants=("acme",), now=NOW) as two:
        assert all_events(one) == all_events(two)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"next_token": "bm90LWEtdG9rZW4"}, "next_token"),
        ({"happened_from": "yesterday"}, "happened_from"),
        ({"limit": "0"}, "limit"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    audit_sim: Simulator, params: dict, message: str
) -> None:
    answer = requests.get(
        f"{audit_sim.base_url}/audit-events",
        params=params,
        headers={**HEADERS, "amperity-tenant": "acme"},
        timeout=10,
    )
    assert answer.status_code == 400
    assert message in answer.json()["message"]
