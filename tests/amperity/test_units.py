"""Validation, config, backoff and pagination rules that need no server."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest

from wf_etl.amperity import (
    AmperityClient,
    AuthenticationError,
    BadResponseError,
    ClientConfig,
    ConfigurationError,
    PaginationError,
)
from wf_etl.amperity.pagination import NextTokenPaginator
from wf_etl.amperity.retry import build_retry
from wf_etl.amperity.validation import query_timestamp, run_path


@pytest.mark.parametrize("tenant", ["evil.com/", "a b", "-x", "x-", "Acme", "", "a" * 64, "é"])
def test_tenant_must_be_a_dns_label(tenant: str) -> None:
    with pytest.raises(ConfigurationError, match="DNS label"):
        ClientConfig(tenant=tenant, api_token="t")


def test_default_base_url_takes_the_tenant() -> None:
    cfg = ClientConfig(tenant="acme-01", api_token="t")
    assert cfg.resolved_base_url == "https://acme-01.amperity.com/api"
    cfg = ClientConfig(tenant="acme", base_url="http://127.0.0.1:9/{tenant}/api/", api_token="t")
    assert cfg.resolved_base_url == "http://127.0.0.1:9/acme/api"


@pytest.mark.parametrize(
    "base_url",
    ["ftp://x/api", "https://", "https://user:pw@x/api", "https://x/api?a=1", "https://{other}/"],
)
def test_unusable_base_url_is_refused_without_echoing_it(base_url: str) -> None:
    with pytest.raises(ConfigurationError) as err:
        ClientConfig(tenant="acme", base_url=base_url, api_token="t")
    assert "pw" not in str(err.value)


@pytest.mark.parametrize("run_id", ["../x", "a/b", "a?b", "a#b", " a", "", "a\nb", "a..b", "%2F"])
def test_run_id_that_could_leave_its_path_segment_is_refused(run_id: str) -> None:
    with pytest.raises(ConfigurationError, match="not a workflow id"):
        run_path(run_id)


def test_run_path_percent_encodes_the_id() -> None:
    assert run_path("wf-20240603-12345-MNabc", "/stop") == (
        "/workflow/runs/wf-20240603-12345-MNabc/stop"
    )
    assert run_path("wf-a:b") == "/workflow/runs/wf-a%3Ab"


def test_list_filters_become_utc_iso_strings() -> None:
    plus2 = timezone(timedelta(hours=2))
    assert query_timestamp(datetime(2024, 6, 3, 12, tzinfo=plus2), "x") == (
        "2024-06-03T10:00:00.000Z"
    )
    assert query_timestamp(datetime(2024, 6, 3), "x") == "2024-06-03T00:00:00.000Z"
    assert query_timestamp(date(2024, 6, 3), "x") == "2024-06-03"
    assert query_timestamp("2024-06-03T00:00:00Z", "x") == "2024-06-03T00:00:00Z"
    with pytest.raises(ConfigurationError, match="created_from"):
        query_timestamp("yesterday", "created_from")


def test_client_without_credentials_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="AMPERITY_API_TOKEN"):
        AmperityClient(ClientConfig(tenant="acme"))


def test_config_from_env_reads_numbers_and_hides_secrets() -> None:
    env = {
        "AMPERITY_TENANT": "acme, beta",
        "AMPERITY_API_TOKEN": "tok-SECRET-1",
        "AMPERITY_CLIENT_SECRET": "cs-SECRET-2",
        "WF_ETL_FETCH_WORKERS": "12",
    }
    cfg = ClientConfig.from_env(env=env)
    assert (cfg.tenant, cfg.fetch_workers) == ("acme", 12)
    for text in (repr(cfg), str(cfg)):
        assert "SECRET" not in text
    with pytest.raises(ConfigurationError, match="WF_ETL_FETCH_WORKERS"):
        ClientConfig.from_env(env={**env, "WF_ETL_FETCH_WORKERS": "many"})


def test_client_repr_hides_secrets() -> None:
    cfg = ClientConfig(tenant="acme", client_id="cid", client_secret="cs-SECRET")
    with AmperityClient(cfg) as client:
        assert "SECRET" not in repr(client)
        assert "SECRET" not in repr(client._auth)


def test_backoff_is_full_jitter_under_an_exponential_cap() -> None:
    random.seed(7)
    retry = build_retry(10, backoff_base_s=0.5, backoff_max_s=3.0)
    assert retry.get_backoff_time() == 0.0
    caps = []
    for _ in range(6):
        retry = retry.increment("GET", "/x", error=OSError("boom"))
        samples = [retry.get_backoff_time() for _ in range(200)]
        cap = min(3.0, 0.5 * 2 ** (len(retry.history) - 1))
        assert all(0.0 <= s <= cap for s in samples)
        assert min(samples) < cap * 0.2 and max(samples) > cap * 0.8  # spread over [0, cap]
        caps.append(cap)
    assert caps == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


def test_post_is_not_retried_unless_asked() -> None:
    assert not build_retry(6, 0.1, 1.0).is_retry("POST", 503)
    assert build_retry(6, 0.1, 1.0, any_method=True).is_retry("POST", 503)
    assert build_retry(6, 0.1, 1.0).is_retry("GET", 429)
    assert not build_retry(6, 0.1, 1.0).is_retry("GET", 404)


def test_paginator_stops_on_empty_or_absent_token() -> None:
    for last in ({"data": []}, {"data": [], "next_token": ""}, {"data": [], "next_token": None}):
        pages = NextTokenPaginator(max_pages=5)
        assert pages.update({"data": [], "next_token": "t1"})
        assert pages.params({"limit": 2}) == {"limit": 2, "next_token": "t1"}
        assert not pages.update(last)
        assert "next_token" not in pages.params({"limit": 2})


def test_paginator_refuses_a_repeated_token_and_names_it() -> None:
    pages = NextTokenPaginator(max_pages=5)
    pages.update({"next_token": "abc"})
    with pytest.raises(PaginationError, match="'abc'"):
        pages.update({"next_token": "abc"})


def test_paginator_stops_at_the_page_cap() -> None:
    pages = NextTokenPaginator(max_pages=2)
    pages.update({"next_token": "a"})
    with pytest.raises(PaginationError, match="max_pages=2"):
        pages.update({"next_token": "b"})


def test_errors_render_ids_and_keep_body_out_of_str() -> None:
    err = BadResponseError(
        "GET /x: not JSON", status=200, request_id="req-1", run_id="wf-1", body="{oops"
    )
    assert "req-1" in str(err) and "wf-1" in str(err) and "{oops" not in str(err)
    assert err.body == "{oops"
    assert isinstance(ConfigurationError("x"), ValueError)
    import pickle

    copy = pickle.loads(pickle.dumps(AuthenticationError("no", status=401, request_id="r")))
    assert (copy.status, copy.request_id) == (401, "r")


def test_the_answer_limits_are_read_from_the_environment_on_both_paths() -> None:
    from wf_etl.defs.resources import resources_from_env

    env = {
        "AMPERITY_TENANT": "acme",
        "WF_ETL_MAX_ANSWER_MB": "3.5",
        "WF_ETL_REQUEST_DEADLINE_S": "7",
    }
    direct = ClientConfig.from_env(env=env)
    dagster = resources_from_env(env)["amperity"].client_config("acme")
    for cfg in (direct, dagster):
        assert (cfg.max_answer_mb, cfg.max_answer_bytes, cfg.request_deadline_s) == (
            3.5,
            int(3.5 * 2**20),
            7.0,
        )
    defaults = ClientConfig(tenant="acme")
    assert (defaults.max_answer_mb, defaults.request_deadline_s) == (256.0, 60.0)
    for bad in ({"WF_ETL_MAX_ANSWER_MB": "0"}, {"WF_ETL_REQUEST_DEADLINE_S": "-1"}):
        with pytest.raises(ConfigurationError, match="must be greater than zero"):
            ClientConfig.from_env(env={**env, **bad})
