"""Alerts end to end: rules over a warehouse file, real HTTP to receivers on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import duckdb

from tests.alerts.conftest import EXPECTED_KINDS, NOW, SECRET, Receiver, env_for
from wf_etl.alerts import AlertSettings, run_alerts
from wf_etl.warehouse import connect


def no_sleep(_: float) -> None:
    pass


def alerts(db: Path, env: dict[str, str], now=NOW, dry_run: bool = False):
    con = connect(str(db))
    try:
        return run_alerts(con, AlertSettings.from_env(env), now, dry_run=dry_run, sleep=no_sleep)
    finally:
        con.close()


def table(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select destination, kind, status, attempts from alerts_sent order by all"
        ).fetchall()


def test_each_kind_reaches_both_destinations_once_however_often_it_runs(
    alert_warehouse: Path, slack: Receiver, hook: Receiver
) -> None:
    env = env_for(slack, hook)
    first = alerts(alert_warehouse, env)
    assert Counter(a.kind for a in first.raised) == EXPECTED_KINDS
    assert Counter(r.body["kind"] for r in hook.received) == EXPECTED_KINDS
    assert len(slack.received) == len(EXPECTED_KINDS)
    again = alerts(alert_warehouse, env, now=NOW + timedelta(minutes=5))
    assert again.outcomes == []
    assert len(slack.received) == len(hook.received) == len(EXPECTED_KINDS)
    assert {status for _, _, status, _ in table(alert_warehouse)} == {"sent"}


def test_slack_gets_blocks_and_the_webhook_a_flat_document(
    alert_warehouse: Path, slack: Receiver, hook: Receiver
) -> None:
    alerts(alert_warehouse, env_for(slack, hook))
    message = next(r.body for r in slack.received if "Slow one" in r.body["text"])
    assert [b["type"] for b in message["blocks"]] == ["header", "section", "context"]
    assert message["blocks"][0]["text"]["type"] == "plain_text"
    assert "2.0x slower" in message["blocks"][0]["text"]["text"]
    document = next(r.body for r in hook.received if r.body["kind"] == "runaway")
    assert document["tenant"] == "acme" and document["source"] == "wf-etl"
    assert document["occurred_at"] == "2024-06-08T10:00:00+00:00"
    keys = [r.headers["Idempotency-Key"] for r in hook.received]
    assert len(set(keys)) == len(keys)


def test_a_failed_delivery_is_retried_and_arrives_once(
    alert_warehouse: Path, hook: Receiver
) -> None:
    hook.answers = [500, 503]  # the first alert's first two attempts fail
    report = alerts(alert_warehouse, env_for(None, hook))
    assert len(hook.received) == len(EXPECTED_KINDS)
    assert Counter(r.headers["Idempotency-Key"] for r in hook.received).most_common(1)[0][1] == 1
    assert sorted(o.attempts for o in report.outcomes)[-1] == 3
    assert all(o.status == "sent" for o in report.outcomes)


def test_a_destination_down_for_an_evaluation_gets_the_alerts_at_the_next(
    alert_warehouse: Path, hook: Receiver
) -> None:
    env = env_for(None, hook, WF_ETL_ALERTS_ATTEMPTS="2")
    hook.answers = [503] * (2 * len(EXPECTED_KINDS))
    down = alerts(alert_warehouse, env)
    assert {o.status for o in down.outcomes} == {"pending"} and hook.received == []
    assert {(status, attempts) for _, _, status, attempts in table(alert_warehouse)} == {
        ("pending", 2)
    }
    alerts(alert_warehouse, env, now=NOW + timedelta(minutes=5))
    assert Counter(r.body["kind"] for r in hook.received) == EXPECTED_KINDS
    assert {(status, attempts) for _, _, status, attempts in table(alert_warehouse)} == {
        ("sent", 3)
    }


def test_an_alert_is_given_up_after_the_most_attempts_allowed(
    alert_warehouse: Path, hook: Receiver
) -> None:
    env = env_for(None, hook, WF_ETL_ALERTS_ATTEMPTS="2", WF_ETL_ALERTS_MAX_ATTEMPTS="3")
    hook.answers = [404] * 100  # a deleted webhook: no retry helps
    alerts(alert_warehouse, env)
    alerts(alert_warehouse, env, now=NOW + timedelta(minutes=5))
    alerts(alert_warehouse, env, now=NOW + timedelta(minutes=10))
    rows = table(alert_warehouse)
    assert {(status, attempts) for _, _, status, attempts in rows} == {("failed", 3)}


def test_beyond_the_hourly_budget_alerts_wait_for_the_next_hour(
    alert_warehouse: Path, hook: Receiver
) -> None:
    env = env_for(None, hook, WF_ETL_ALERTS_MAX_PER_HOUR="2")
    first = alerts(alert_warehouse, env)
    assert Counter(o.status for o in first.outcomes) == {"sent": 2, "deferred": 3}
    alerts(alert_warehouse, env, now=NOW + timedelta(minutes=30))
    assert len(hook.received) == 2
    alerts(alert_warehouse, env, now=NOW + timedelta(minutes=61))
    alerts(alert_warehouse, env, now=NOW + timedelta(minutes=122))
    assert Counter(r.body["kind"] for r in hook.received) == EXPECTED_KINDS


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wf_etl", "alerts", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_cli_dry_run_posts_and_records_nothing(
    alert_warehouse: Path, slack: Receiver, hook: Receiver
) -> None:
    done = run_cli("--dry-run", "--db", str(alert_warehouse), "--now", NOW.isoformat(),
                   env=env_for(slack, hook))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n  would_send ") == 2 * len(EXPECTED_KINDS)
    assert "Slow one" in done.stdout
    assert slack.received == hook.received == []
    assert table(alert_warehouse) == []


def test_cli_sends_and_a_webhook_url_never_shows(alert_warehouse: Path, hook: Receiver) -> None:
    dead = Receiver()  # bound, never serving, then closed: connections are refused
    dead_url = dead.url
    dead.server.server_close()
    env = env_for(None, hook, WF_ETL_ALERTS_SLACK_WEBHOOK_URL=dead_url, WF_ETL_ALERTS_ATTEMPTS="1")
    done = run_cli("--db", str(alert_warehouse), "--now", NOW.isoformat(), env=env)
    assert done.returncode == 0, done.stderr
    assert len(hook.received) == len(EXPECTED_KINDS)
    assert "no answer (ConnectionError" in done.stdout
    assert SECRET not in done.stdout + done.stderr
    with duckdb.connect(str(alert_warehouse), read_only=True) as con:
        stored = " ".join(str(v) for row in con.execute("from alerts_sent").fetchall() for v in row)
    assert SECRET not in stored and "127.0.0.1" not in stored
