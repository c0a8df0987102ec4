"""A tenant listed twice is one tenant; a fetch says whether its failure may pass on a retry."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import fetch_all, hostile_config
from tests.hostile.server import HostileServer, good_record, json_answer, raw_answer
from wf_etl.amperity import tenants_from_env
from wf_etl.defs.resources import AmperityResource, resources_from_env


@pytest.mark.parametrize(
    ("listed", "tenants"),
    [("acme,acme", ["acme"]), (" acme , beta,acme,, beta ", ["acme", "beta"]), ("", [])],
)
def test_a_tenant_listed_twice_gets_one_client_and_one_rate_budget(
    listed: str, tenants: list[str]
) -> None:
    assert tenants_from_env({"AMPERITY_TENANT": listed}) == tenants
    if tenants:  # the Dagster path parses the same variable the same way
        resource = resources_from_env({"AMPERITY_TENANT": listed})["amperity"]
        assert AmperityResource(tenant=listed).tenants() == tenants
        assert isinstance(resource, AmperityResource)


def test_each_failed_fetch_says_whether_a_retry_may_load_it(hostile: HostileServer) -> None:
    hostile.run("wf-busy", raw_answer(b'{"status": 429}', 429, **{"Retry-After": "0"}))
    hostile.run("wf-down", json_answer({"status": 503, "message": "maintenance"}, 503))
    hostile.run("wf-gone", json_answer({"status": 404, "message": "Not found"}, 404))
    hostile.run("wf-junk", raw_answer(b"<html>not json</html>"))
    hostile.run("wf-good", good_record("wf-good"))
    fetches = fetch_all(hostile_config(hostile, max_attempts=2, max_retry_seconds=1.0))

    retryable = {run_id: f.retryable for run_id, f in fetches.items() if not f.ok}
    assert retryable == {"wf-busy": True, "wf-down": True, "wf-gone": False, "wf-junk": False}
    assert fetches["wf-good"].ok and not fetches["wf-good"].retryable
