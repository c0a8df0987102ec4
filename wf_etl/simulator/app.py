"""The HTTP side: routing, headers, auth, rate limit, latency and faults around the run views."""

from __future__ import annotations

import contextlib
import json
import logging
import random
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from wf_etl.simulator import faults as fault_kinds
from wf_etl.simulator.audit_routes import damage_audit, route_audit
from wf_etl.simulator.responses import Response, error
from wf_etl.simulator.routes import damage, drift, route_workflow
from wf_etl.simulator.server import LoggedRequest, utcnow

if TYPE_CHECKING:
    from wf_etl.simulator.faults import FaultRule
    from wf_etl.simulator.server import Simulator

LOG = logging.getLogger(__name__)
API_VERSIONS = frozenset({"2024-04-01"})
RUN_PATH = re.compile(r"^/api/workflow/runs/([^/]+)(/stop)?/?$")
HTML_ERROR = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    "</h1></center><hr><center>nginx</center></body></html>"
)


def classify(method: str, path: str) -> tuple[str, str | None]:
    """(endpoint, run id) for a request path."""
    if path.rstrip("/") == "/api/v0/oauth2/token":
        return "token", None
    if path.rstrip("/") == "/api/workflow/runs":
        return "list", None
    if path.rstrip("/") == "/api/audit-events":
        return "audit", None
    match = RUN_PATH.match(path)
    if match:
        return ("stop" if match.group(2) else "get"), match.group(1)
    return "other", None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AmperitySimulator/1.0"
    timeout = 60  # idle keep-alive connections close after this
    # Headers and body leave in one segment: no Nagle/delayed-ACK stall of ~40 ms per answer.
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024

    def log_message(self, format: str, *args: Any) -> None:  # the request log is sim.requests
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        sim: Simulator = self.server.sim  # type: ignore[attr-defined]
        arrival = time.monotonic()
        request_id = uuid.uuid4().hex
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        endpoint, run_id = classify(method, parts.path)
        tenant = self.headers.get("amperity-tenant") or self.headers.get("x-amperity-tenant")
        try:
            response = respond(sim, method, endpoint, run_id, query, self.headers, body, arrival)
        except Exception as exc:  # a simulator bug must still answer like a server would
            LOG.exception("simulator failed on %s %s", method, parts.path)
            response = error(500, f"Internal error: {type(exc).__name__}")
        sim.record(
            LoggedRequest(
                at=utcnow(),
                method=method,
                path=parts.path,
                query=query,
                status=response.status,
                tenant=tenant,
                run_id=run_id,
                view=query.get("view", "overview") if endpoint == "get" else None,
                endpoint=endpoint,
                sim_at=sim.now(),
                request_id=request_id,
                faults=response.faults,
            )
        )
        # Logged before the answer leaves, so a client that has its answer sees it logged.
        self._write(response, request_id)

    def _write(self, response: Response, request_id: str) -> None:
        if isinstance(response.body, bytes):
            payload = response.body
        else:
            payload = json.dumps(response.body).encode()
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("x-request-id", request_id)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def respond(
    sim: Simulator,
    method: str,
    endpoint: str,
    run_id: str | None,
    query: dict[str, str],
    headers: Any,
    body: bytes,
    arrival: float,
) -> Response:
    """The full answer to one request, in the order a gateway would decide it."""
    if endpoint == "other":
        return error(404, "Not found")
    expected = "GET" if endpoint in ("list", "get", "audit") else "POST"
    if method != expected:
        return error(405, f"Method {method} not allowed here")
    tenant = headers.get("amperity-tenant") or headers.get("x-amperity-tenant")
    known = endpoint != "token" and tenant is not None and tenant in sim.state
    admitted = sim.admit(tenant, arrival) if known else True
    low, high = sim.latency_ms
    if high > 0:
        time.sleep(random.uniform(low, high) / 1000)
    if not admitted:
        return error(429, f"Too many requests: the limit is {sim.rate_limit_per_s} per second")
    if endpoint == "token":
        return _with_faults(sim, endpoint, None, query, lambda: _token(sim, body))
    auth = headers.get("Authorization") or ""
    scheme, _, access = auth.partition(" ")
    if scheme.lower() != "bearer" or not access.strip():
        return error(401, "Authentication required: send Authorization: Bearer <token>")
    if not sim.token_valid(access.strip()):
        return error(401, "The access token is invalid or expired")
    if not tenant:
        return error(400, "Missing tenant header: send amperity-tenant: <tenant id>")
    if tenant not in sim.state:
        return error(403, f"Not authorized for tenant '{tenant}'")
    version = headers.get("api-version") or query.get("api_version")
    if not version:
        return error(400, "Missing api version: send the api-version header (2024-04-01)")
    if version not in API_VERSIONS:
        return error(400, f"Unsupported api version '{version}'; supported: 2024-04-01")
    if endpoint == "audit":
        return _with_faults(sim, endpoint, None, query, lambda: route_audit(sim, tenant, query))
    return _with_faults(
        sim, endpoint, run_id, query, lambda: route_workflow(sim, tenant, endpoint, run_id, query)
    )


def _token(sim: Simulator, body: bytes) -> Response:
    form = dict(parse_qsl(body.decode("utf-8", "replace")))
    if form.get("grant_type") != "client_credentials":
        return error(400, "grant_type must be client_credentials")
    if form.get("client_id") != sim.client_id or form.get("client_secret") != sim.client_secret:
        return error(401, "Invalid client credentials")
    access = sim.issue_token()
    return Response(
        200, {"access_token": access, "token_type": "Bearer", "expires_in": sim.token_ttl_s}
    )


def _with_faults(
    sim: Simulator, endpoint: str, run_id: str | None, query: dict[str, str], answer: Any
) -> Response:
    """The answer as the fired faults make it: a status, a damaged or drifted body, or cut.

    The answer carries the kinds that shaped it, so the request log tells a truncated 200
    from a whole one.
    """
    fired = {rule.kind: rule for rule in sim.faults.draw(endpoint, run_id)}
    applied = [kind for kind in ("slow",) if kind in fired]
    if "slow" in fired:
        time.sleep(fired["slow"].slow_s)
    status_rule = next((r for k, r in fired.items() if k in fault_kinds.STATUS_KINDS), None)
    if status_rule is not None:
        return _tagged(_status_fault(sim, status_rule), [*applied, status_rule.kind])
    response: Response = answer()
    if response.status != 200:
        return _tagged(response, applied)
    if "missing_fields" in fired and endpoint == "audit":
        damage_audit(response.body, sim.faults.choose((0, 1, 2, 3)))
        applied.append("missing_fields")
    elif "missing_fields" in fired:
        damage(sim, response.body, fired["missing_fields"], endpoint)
        applied.append("missing_fields")
    if "schema_drift" in fired and endpoint != "audit":
        drift(response.body, fired["schema_drift"], endpoint)
        applied.append("schema_drift")
    if "repeat_token" in fired and endpoint in ("list", "audit") and query.get("next_token"):
        response.body["next_token"] = query["next_token"]
        applied.append("repeat_token")
    if "not_json" in fired:
        response = Response(200, HTML_ERROR.encode(), content_type="text/html")
        applied.append("not_json")
    elif "truncated" in fired:
        text = json.dumps(response.body).encode()
        response = Response(200, text[: len(text) // 2], response.headers)
        applied.append("truncated")
    return _tagged(response, applied)


def _tagged(response: Response, applied: list[str]) -> Response:
    response.faults = tuple(applied)
    return response


def _status_fault(sim: Simulator, rule: FaultRule) -> Response:
    if rule.kind == "http_429":
        headers = {"Retry-After": str(rule.retry_after)} if rule.retry_after is not None else {}
        return error(429, "Too many requests", **headers)
    if rule.kind == "http_404":
        return error(404, "Not found")
    status = {"http_500": 500, "http_503": 503}.get(rule.kind) or sim.faults.choose(
        (500, 502, 503, 504)
    )
    return error(status, "The service is temporarily unavailable")


class SimulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, sim: Simulator, address: tuple[str, int]) -> None:
        self.sim = sim
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Drop idle keep-alive connections so stop() leaves no handler thread behind."""
        with self._open_lock:
            for conn in list(self._open):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


def make_server(sim: Simulator, host: str, port: int) -> SimulatorHTTPServer:
    return SimulatorHTTPServer(sim, (host, port))
