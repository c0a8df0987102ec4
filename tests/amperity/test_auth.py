"""Static tokens, the client-credentials exchange, renewal, and secrets kept out of sight."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest

from wf_etl.amperity import (
    AmperityClient,
    AmperityError,
    AuthenticationError,
    PermissionDeniedError,
)

from .conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN,
    fast_config,
    logged,
    requests_to,
    sim_run_ids,
    start_simulator,
)


def oauth_config(base_url: str, **overrides: Any):
    return fast_config(
        base_url, api_token=None, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, **overrides
    )


def test_static_token_reads_a_run(sim: Any, client: AmperityClient):
    run_id = sim_run_ids(sim)[0]
    assert client.get_run(run_id)["id"] == run_id
    assert client.get_run(run_id, view="overview")["id"] == run_id
    assert [r.status for r in logged(sim)] == [200, 200]
    assert client.stats.token_exchanges == 0


def test_wrong_static_token_is_an_authentication_error_without_resend(sim: Any):
    cfg = fast_config(sim.base_url, api_token="wrong-token")
    with AmperityClient(cfg) as c, pytest.raises(AuthenticationError) as err:
        c.get_run(sim_run_ids(sim)[0])
    assert err.value.status == 401 and err.value.request_id
    assert len(logged(sim)) == 1


def test_client_credentials_exchange_once_for_many_concurrent_requests(sim: Any):
    ids = sim_run_ids(sim)[:12]
    with AmperityClient(oauth_config(sim.base_url)) as c:
        results = list(c.get_runs(ids))
        c.get_run(ids[0])
    assert all(r.ok for r in results) and len(results) == 12
    assert len(requests_to(sim, "token")) == 1
    assert c.stats.token_exchanges == 1


def test_token_is_renewed_shortly_before_it_expires():
    with start_simulator(token_ttl_s=2) as sim, AmperityClient(oauth_config(sim.base_url)) as c:
        run_id = sim_run_ids(sim)[0]
        c.get_run(run_id)
        time.sleep(2.0)  # past 90 % of the lifetime: the client must exchange again first
        c.get_run(run_id)
        assert len(requests_to(sim, "token")) == 2
        assert all(r.status != 401 for r in logged(sim))


def test_revoked_token_is_renewed_once_and_the_request_resent(sim: Any):
    run_id = sim_run_ids(sim)[0]
    with AmperityClient(oauth_config(sim.base_url)) as c:
        c.get_run(run_id)
        sim.revoke_tokens()
        before = len(logged(sim))
        assert c.get_run(run_id)["id"] == run_id
    tail = [(r.endpoint, r.status) for r in logged(sim)[before:]]
    assert tail == [("get", 401), ("token", 200), ("get", 200)]


def test_wrong_client_secret_fails_at_the_exchange(sim: Any):
    cfg = fast_config(sim.base_url, api_token=None, client_id=CLIENT_ID, client_secret="nope-x")
    with AmperityClient(cfg) as c, pytest.raises(AuthenticationError, match="oauth2/token"):
        c.get_run(sim_run_ids(sim)[0])
    assert [r.endpoint for r in logged(sim)] == ["token"]


def test_wrong_tenant_is_permission_denied_and_stops_the_batch(sim: Any):
    ids = sim_run_ids(sim)[:40]
    cfg = fast_config(sim.base_url, tenant="other")
    with AmperityClient(cfg) as c, pytest.raises(PermissionDeniedError) as err:
        list(c.get_runs(ids))
    assert err.value.status == 403
    assert len(logged(sim)) <= 16  # stopped early: not one 403 per id


def test_no_secret_reaches_logs_errors_or_reprs(sim: Any, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG, logger="wf_etl.amperity")
    run_id = sim_run_ids(sim)[0]
    errors: list[AmperityError] = []
    sim.faults.set("http_503", count=1)
    with AmperityClient(oauth_config(sim.base_url)) as c:
        c.get_run(run_id)
        sim.revoke_tokens()
        c.get_run(run_id)
        texts = [repr(c), repr(c.config), str(c.config), repr(c.stats)]
    for cfg in (
        fast_config(sim.base_url, api_token="bad-s3cr3t-token"),
        fast_config(
            sim.base_url, api_token=None, client_id=CLIENT_ID, client_secret="bad-s3cr3t-secret"
        ),
    ):
        with AmperityClient(cfg) as bad:
            try:
                bad.get_run(run_id)
            except AmperityError as exc:
                errors.append(exc)
            texts += [repr(bad), repr(cfg)]
    assert len(errors) == 2
    texts += [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [r.getMessage() for r in caplog.records]
    assert any("retrying" in r.getMessage() for r in caplog.records)
    assert any("status=200" in r.getMessage() for r in caplog.records)
    for text in texts:
        for secret in (TOKEN, CLIENT_SECRET, "s3cr3t", "Bearer"):
            assert secret not in text, text


def test_revocation_seen_by_many_threads_costs_one_exchange(sim: Any):
    ids = sim_run_ids(sim)[:16]
    with AmperityClient(oauth_config(sim.base_url)) as c:
        c.get_run(ids[0])
        sim.revoke_tokens()
        results = list(c.get_runs(ids))
    assert all(r.ok for r in results)
    assert len(requests_to(sim, "token")) == 2 and c.stats.token_exchanges == 2
