"""Each attack of issue 13 against the real client and the real landing, one good run beside it.

The invariant every test checks: the good run loads, the hostile one ends as that run's
rejection with a reason naming it, and nothing else is lost.
"""

from __future__ import annotations

import gzip
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from tests.hostile.conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    NOW,
    TOKEN,
    beside_a_good_run,
    fetch_all,
    hostile_config,
    land,
    outcomes,
)
from tests.hostile.server import (
    HostileServer,
    deep_nesting,
    echo_request,
    good_record,
    gzip_bomb,
    huge_record,
    raw_answer,
    trickle,
    trickle_headers,
)
from tests.reliability.conftest import warehouse_places
from wf_etl.amperity import AnswerTooLargeError, TransportError


def test_json_nested_10000_deep_is_that_runs_rejection_and_the_run_beside_it_loads(
    hostile: HostileServer, tmp_path: Path
) -> None:
    answer = deep_nesting("wf-deep", 10_000)
    fetches, reason = beside_a_good_run(hostile, tmp_path / "wh.duckdb", "wf-deep", answer)
    assert "nested too deeply" in reason
    assert not fetches["wf-deep"].retryable


@pytest.mark.parametrize(
    "attack",
    [
        pytest.param(lambda: trickle(interval_s=0.2, size=100_000), id="body"),  # 5.5 hours
        pytest.param(lambda: trickle_headers(interval_s=0.2, size=100_000), id="headers"),
    ],
)
def test_a_trickling_server_is_cut_off_at_the_request_deadline_and_retries_stay_in_budget(
    hostile: HostileServer, attack
) -> None:
    hostile.run("wf-trickle", attack())
    hostile.run("wf-good", good_record("wf-good"))
    config = hostile_config(hostile, request_deadline_s=1.0, max_attempts=10, max_retry_seconds=2.5)
    started = time.monotonic()
    fetches = fetch_all(config)
    took = time.monotonic() - started

    error = fetches["wf-trickle"].error
    assert isinstance(error, TransportError) and "WF_ETL_REQUEST_DEADLINE_S=1 s" in str(error)
    assert fetches["wf-trickle"].retryable and "retry budget" in str(error)
    assert fetches["wf-good"].ok
    # Attempts of 1 s each, resent while the 2.5 s budget lasts: never the trickle's hours.
    assert took < 2.5 + 1.0 + 2.0, f"the request ran {took:.1f} s"
    assert hostile.log.count(("GET", "/api/workflow/runs/wf-trickle")) in (2, 3)


@pytest.mark.parametrize(
    "attack",
    [
        pytest.param(lambda: gzip_bomb(decoded_mib=1024), id="1 MB of gzip inflating to 1 GiB"),
        pytest.param(lambda: huge_record("wf-big", mib=20), id="a 20 MB record"),
    ],
)
def test_an_answer_over_the_size_cap_is_that_runs_rejection(
    hostile: HostileServer, tmp_path: Path, attack
) -> None:
    hostile.run("wf-big", attack())
    hostile.run("wf-good", good_record("wf-good"))
    hostile.run("wf-under-cap", huge_record("wf-under-cap", mib=5))
    fetches = fetch_all(hostile_config(hostile, max_answer_mb=8))
    land(tmp_path / "wh.duckdb", fetches.values())

    assert isinstance(fetches["wf-big"].error, AnswerTooLargeError)
    result = outcomes(tmp_path / "wh.duckdb")
    assert result["wf-good"] == result["wf-under-cap"] == ("loaded", None)
    state, reason = result["wf-big"]
    assert state == "rejected" and "run wf-big" in reason
    assert "answer larger than 8 MB" in reason


@pytest.mark.parametrize("status", [200, 502])
@pytest.mark.parametrize("credentials", ["static token", "client credentials"])
def test_an_answer_echoing_the_request_stores_no_secret(
    hostile: HostileServer, tmp_path: Path, status: int, credentials: str
) -> None:
    hostile.run("wf-echo", echo_request(status))
    hostile.run("wf-good", good_record("wf-good"))
    keys = {"api_token": TOKEN}
    if credentials == "client credentials":
        keys = {"api_token": None, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    fetches = fetch_all(hostile_config(hostile, **keys))
    db = tmp_path / "wh.duckdb"
    land(db, fetches.values())

    echoed = fetches["wf-echo"]
    assert echoed.body is not None and "Authorization: Bearer ***" in echoed.body
    secrets = [TOKEN, CLIENT_SECRET, *hostile.minted]
    assert credentials == "static token" or hostile.minted, "a token must have been minted"
    texts = [echoed.body, str(echoed.error), repr(echoed.error)]
    assert not [s for s in secrets for t in texts if s in t]
    assert warehouse_places(db, secrets) == {s: [] for s in secrets}
    assert outcomes(db)["wf-echo"][0] == "rejected"
    assert outcomes(db)["wf-good"] == ("loaded", None)


def test_a_token_endpoint_echoing_the_client_secret_leaves_it_in_no_error(
    hostile: HostileServer,
) -> None:
    hostile.answers["/api/v0/oauth2/token"] = echo_request(502)  # a proxy's error page
    hostile.run("wf-good", good_record("wf-good"))
    config = hostile_config(
        hostile, api_token=None, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )
    with pytest.raises(Exception) as raised:
        fetch_all(config)  # the listing needs a token first: the tenant fails, with a reason
    error = raised.value
    texts = [str(error), repr(error), getattr(error, "body", None) or ""]
    assert "HTTP 502" in str(error)
    assert "client_secret=***" in texts[2]
    assert not [t for t in texts if "H0st1le" in t]


def test_a_refused_run_id_keeps_one_open_rejection_however_often_it_is_synced(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.also_listed.append("../admin")
    hostile.run("wf-good", good_record("wf-good"))
    db = tmp_path / "wh.duckdb"
    for sync in range(3):
        fetches = fetch_all(hostile_config(hostile))
        land(db, fetches.values(), fetched_at=NOW + timedelta(hours=sync))
    assert ("GET", "/api/admin") not in hostile.log and len(hostile.log) == 3 * 2
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select reason from rejected_records where resolved_at is null"
        ).fetchall()
    assert len(rows) == 1 and "'../admin'" in rows[0][0]


def test_a_body_that_is_not_the_gzip_it_claims_is_that_runs_rejection(
    hostile: HostileServer, tmp_path: Path
) -> None:
    packed = bytearray(gzip.compress(b'{"id": "wf-badzip", "state": "failed"}' * 50))
    packed[12:40] = b"\xff" * 28  # the deflate stream broken just after the gzip header
    answer = raw_answer(bytes(packed), **{"Content-Encoding": "gzip"})
    _, reason = beside_a_good_run(hostile, tmp_path / "wh.duckdb", "wf-badzip", answer)
    assert "could not be decoded" in reason
