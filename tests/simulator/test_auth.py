"""Auth and headers: what the simulator demands before it answers with runs."""

from __future__ import annotations

import requests

from tests.simulator.conftest import HEADERS, Api
from wf_etl.simulator import Simulator

TOKEN_FORM = {
    "grant_type": "client_credentials",
    "client_id": "sim-client",
    "client_secret": "sim-secret",
}


def bare_get(sim: Simulator, headers: dict[str, str], **params: str) -> requests.Response:
    return requests.get(f"{sim.base_url}/workflow/runs", headers=headers, params=params, timeout=10)


def test_missing_token_is_401_with_the_error_body(sim: Simulator) -> None:
    headers = {k: v for k, v in HEADERS.items() if k != "Authorization"}
    answer = bare_get(sim, headers)
    assert answer.status_code == 401
    assert set(answer.json()) == {"status", "message"}
    assert answer.json()["status"] == 401


def test_unknown_tenant_is_403_and_missing_tenant_is_400(sim: Simulator) -> None:
    assert bare_get(sim, {**HEADERS, "amperity-tenant": "initech"}).status_code == 403
    headers = {k: v for k, v in HEADERS.items() if k != "amperity-tenant"}
    assert bare_get(sim, headers).status_code == 400


def test_both_tenant_header_spellings_are_accepted(sim: Simulator) -> None:
    headers = {k: v for k, v in HEADERS.items() if k != "amperity-tenant"}
    for name in ("amperity-tenant", "X-Amperity-Tenant", "AMPERITY-TENANT", "x-amperity-tenant"):
        answer = bare_get(sim, {**headers, name: "globex"}, limit="1")
        assert answer.status_code == 200, name
        assert answer.json()["data"][0]["tenant"] == "globex"


def test_api_version_may_be_a_query_parameter_and_must_be_supported(sim: Simulator) -> None:
    headers = {k: v for k, v in HEADERS.items() if k != "api-version"}
    assert bare_get(sim, headers).status_code == 400
    assert bare_get(sim, headers, api_version="2024-04-01").status_code == 200
    bad = bare_get(sim, {**HEADERS, "api-version": "2023-01-01"})
    assert bad.status_code == 400
    assert "2023-01-01" in bad.json()["message"]


def test_oauth_token_is_accepted_until_revoked(sim: Simulator) -> None:
    answer = requests.post(f"{sim.base_url}/v0/oauth2/token", data=TOKEN_FORM, timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["access_token"].count(".") == 2
    headers = {**HEADERS, "Authorization": f"Bearer {body['access_token']}"}
    assert bare_get(sim, headers).status_code == 200
    sim.revoke_tokens()
    assert bare_get(sim, headers).status_code == 401
    assert bare_get(sim, HEADERS).status_code == 200  # the static token is not an issued one


def test_oauth_token_expires_in_simulated_time(sim: Simulator) -> None:
    access = requests.post(f"{sim.base_url}/v0/oauth2/token", data=TOKEN_FORM, timeout=10)
    headers = {**HEADERS, "Authorization": f"Bearer {access.json()['access_token']}"}
    sim.advance(3599)
    assert bare_get(sim, headers).status_code == 200
    sim.advance(2)
    assert bare_get(sim, headers).status_code == 401


def test_wrong_client_secret_is_401(sim: Simulator) -> None:
    form = {**TOKEN_FORM, "client_secret": "guess"}
    answer = requests.post(f"{sim.base_url}/v0/oauth2/token", data=form, timeout=10)
    assert answer.status_code == 401
    assert answer.json() == {"status": 401, "message": answer.json()["message"]}


def test_every_answer_has_a_request_id_and_is_logged(sim: Simulator, api: Api) -> None:
    ok = api.get("/workflow/runs", params={"limit": 1})
    missing = api.get("/workflow/runs/wf-20240101-00000-abcde")
    assert ok.headers["x-request-id"] != missing.headers["x-request-id"]
    logged = sim.requests
    assert [(r.endpoint, r.status) for r in logged] == [("list", 200), ("get", 404)]
    assert logged[1].run_id == "wf-20240101-00000-abcde" and logged[1].view == "overview"
    assert logged[0].tenant == "acme" and logged[0].query == {"limit": "1"}
    sim.clear_requests()
    assert sim.requests == []
