"""A real HTTP receiver on 127.0.0.1 that records what it is sent and answers as told, and a
warehouse file whose rows raise one alert of each kind at NOW."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from tests.analytics.conftest import ts
from tests.analytics.test_change_views import add_change_fixture

NOW = datetime(2024, 6, 8, 12, tzinfo=UTC)
# Alerts at NOW with a 96-hour lookback and streaks of 2 (worked out from the rows):
# new_error_family gamma 'amperity.platform.test/down' (first g1, 06-05 10:00); platform_incident
# gamma g1 (g1-g3, three workflows); failing_streak gamma "A" (g1, g4); runaway r07 (flagged
# below, 06-08 10:00); runtime_regression delta "Slow one". The guard's stop of r16 (06-03) and
# acme's and beta's families are older than the lookback.
EXPECTED_KINDS = {
    "new_error_family": 1,
    "platform_incident": 1,
    "failing_streak": 1,
    "runaway": 1,
    "runtime_regression": 1,
}
SECRET = "T000/B000/s3cr3t-hook-token"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict


class Receiver:
    """Records every POST; answers with the next status of `answers` (then 200)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: list[int] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with receiver.lock:
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    if status == 200:
                        receiver.received.append(Received(self.path, dict(self.headers), body))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/{SECRET}"

    def start(self) -> Receiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def slack() -> Iterator[Receiver]:
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def hook() -> Iterator[Receiver]:
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def alert_warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "wf_etl.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("set TimeZone = 'UTC'")
        add_change_fixture(con)
        con.execute(
            "insert into guard_actions (decided_at, batch_id, source, tenant, run_id, name,"
            " rule, runtime_ms, limit_ms, limit_basis, action, dry_run, outcome) values"
            " (?, 'b2', 'sensor', 'acme', 'r07', 'Daily Stitch', 'p95x3', 19800000, 10800000,"
            " '3x p95', 'flag', false, 'flagged')",
            [ts("08 10:00")],
        )
    return path


def env_for(slack: Receiver | None, hook: Receiver | None, **extra: str) -> dict[str, str]:
    env = {
        "WF_ETL_ALERTS_LOOKBACK_HOURS": "96",
        "WF_ETL_ALERTS_FAILING_STREAK": "2",
        **extra,
    }
    if slack is not None:
        env["WF_ETL_ALERTS_SLACK_WEBHOOK_URL"] = slack.url
    if hook is not None:
        env["WF_ETL_ALERTS_WEBHOOK_URL"] = hook.url
    return env
