"""Answers the simulator cannot produce: a JSON body that is valid but not an object."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wf_etl.amperity import AmperityClient, BadResponseError

from .conftest import fast_config

BODIES = {
    "/api/workflow/runs/wf-list": b"[1, 2]",
    "/api/workflow/runs/wf-null": b"null",
    "/api/workflow/runs/wf-ok": b'{"id": "wf-ok", "state": "succeeded"}',
    "/api/workflow/runs": b'{"data": {"id": "wf-ok"}}',
}


class FixedBodies(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = BODIES.get(self.path.split("?")[0], b'{"status": 404, "message": "Not found"}')
        self.send_response(200 if self.path.split("?")[0] in BODIES else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fixed_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FixedBodies)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_json_that_is_not_an_object_is_reported_per_run(fixed_server: str):
    with AmperityClient(fast_config(fixed_server)) as client:
        results = {r.run_id: r for r in client.get_runs(["wf-list", "wf-null", "wf-ok"])}
        with pytest.raises(BadResponseError, match="'data' list"):
            list(client.list_runs("2024-01-01", "2024-02-01"))
    assert results["wf-ok"].run == {"id": "wf-ok", "state": "succeeded"}
    for run_id, body in (("wf-list", "[1, 2]"), ("wf-null", "null")):
        assert isinstance(results[run_id].error, BadResponseError)
        assert results[run_id].body == body and "expected a JSON object" in str(
            results[run_id].error
        )
