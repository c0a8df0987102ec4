"""A hostile Amperity API on 127.0.0.1: each run id answers the way the test set it to.

The simulator plays a well-behaved API with faults; this server plays a broken or malicious
one: JSON nested 10,000 deep, a body trickled a byte at a time, a gzip bomb, a debug page
that echoes the request (bearer token included), records far larger than any real one.
The list endpoint lists every id that has an answer; the token endpoint mints tokens.
"""

from __future__ import annotations

import gzip
import json
import secrets
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

Answer = Callable[[BaseHTTPRequestHandler, "HostileServer"], None]
RUNS = "/api/workflow/runs"
TOKEN_PATH = "/api/v0/oauth2/token"


def send(
    handler: BaseHTTPRequestHandler,
    body: bytes,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    sent = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    sent.update(headers or {})
    for name, value in sent.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def json_answer(value: Any, status: int = 200) -> Answer:
    body = json.dumps(value).encode()
    return lambda handler, _server: send(handler, body, status)


def raw_answer(body: bytes | str, status: int = 200, **headers: str) -> Answer:
    data = body.encode() if isinstance(body, str) else body
    return lambda handler, _server: send(handler, data, status, headers)


def deep_nesting(run_id: str, levels: int = 10_000) -> Answer:
    """A valid JSON object whose one extra field is nested ``levels`` arrays deep."""
    body = '{"id": "%s", "state": "succeeded", "created_at": "2026-06-01T00:00:00Z", "x": %s%s}'
    return raw_answer(body % (run_id, "[" * levels, "]" * levels))


def gzip_bomb(decoded_mib: int) -> Answer:
    """``decoded_mib`` MiB of zeros as gzip: one compressed MiB repeated as gzip members, so
    the bomb is built in milliseconds; about 1 KB on the wire per MiB decoded."""
    member = gzip.compress(bytes(2**20), compresslevel=9)
    body = member * decoded_mib
    return raw_answer(body, **{"Content-Encoding": "gzip"})


def _drip(
    handler: BaseHTTPRequestHandler, server: HostileServer, byte: bytes, n: int, every_s: float
) -> None:
    """Write ``byte`` ``n`` times, one every ``every_s`` seconds, until the server stops."""
    for _ in range(n):
        handler.wfile.write(byte)
        handler.wfile.flush()
        if server.stopping.wait(every_s):
            return


def trickle(interval_s: float = 1.0, size: int = 10_000) -> Answer:
    """Headers at once, then one byte of a ``size``-byte body every ``interval_s`` seconds."""

    def answer(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(size))
        handler.end_headers()
        _drip(handler, server, b" ", size, interval_s)

    return answer


def trickle_headers(interval_s: float = 0.2, size: int = 10_000) -> Answer:
    """A status line, then one byte of a never-ending header every ``interval_s`` seconds."""

    def answer(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        _drip(handler, server, b"a", size, interval_s)

    return answer


def echo_request(status: int = 200) -> Answer:
    """An HTML debug page showing the request line, every header and the body as received."""

    def answer(handler: BaseHTTPRequestHandler, _server: HostileServer) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        sent = handler.rfile.read(length).decode("latin-1") if length else ""
        lines = [handler.requestline, *(f"{k}: {v}" for k, v in handler.headers.items()), sent]
        page = "<html><body><h1>Debug</h1><pre>" + "\n".join(lines) + "</pre></body></html>"
        send(handler, page.encode(), status, {"Content-Type": "text/html"})

    return answer


def huge_record(run_id: str, mib: int) -> Answer:
    """A valid record with a ``mib`` MiB string in it."""
    record = {"id": run_id, "state": "succeeded", "created_at": "2026-06-01T00:00:00Z"}
    record["notes"] = "x" * (mib * 2**20)
    return raw_answer(json.dumps(record))


def streamed_record(run_id: str, mib: int) -> Answer:
    """A valid record with a ``mib`` MiB string, generated while sent and without a
    Content-Length (the body ends when the connection closes), so the server holds 1 MiB."""

    def answer(handler: BaseHTTPRequestHandler, _server: HostileServer) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        handler.wfile.write(b'{"id": "%s", "state": "succeeded", "notes": "' % run_id.encode())
        piece = b"x" * 2**20
        for _ in range(mib):
            handler.wfile.write(piece)
        handler.wfile.write(b'"}')

    return answer


def good_record(run_id: str) -> Answer:
    return json_answer(
        {
            "id": run_id,
            "state": "succeeded",
            "created_at": "2026-06-01T10:00:00Z",
            "ended_at": "2026-06-01T10:05:00Z",
            "task_instances": [],
        }
    )


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        hostile = self.server.hostile
        path = urlsplit(self.path).path
        hostile.log.append((self.command, path))
        if path in hostile.answers:
            hostile.answers[path](self, hostile)
        elif path == TOKEN_PATH:
            token = f"minted-{secrets.token_hex(12)}"
            hostile.minted.append(token)
            send(self, json.dumps({"access_token": token, "token_type": "Bearer"}).encode())
        elif path == RUNS:
            items = [{"id": run_id} for run_id in hostile.listed()]
            send(self, json.dumps({"data": items, "next_token": None}).encode())
        else:
            send(self, b'{"status": 404, "message": "Not found"}', 404)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    hostile: HostileServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up on a trickle or a bomb is the point, not an error


class HostileServer:
    """Start with ``with HostileServer() as server``; set ``server.answers[...]`` per run."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.also_listed: list[str] = []  # ids the list endpoint names without an answer
        self.minted: list[str] = []
        self.log: list[tuple[str, str]] = []
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.hostile = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/api"

    def run(self, run_id: str, answer: Answer) -> None:
        self.answers[f"{RUNS}/{run_id}"] = answer

    def listed(self) -> list[str]:
        prefix = RUNS + "/"
        answered = [unquote(p[len(prefix) :]) for p in self.answers if p.startswith(prefix)]
        return answered + self.also_listed

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
