"""The Simulator: one local HTTP server with tenants, tokens, the rate limit and a request log."""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wf_etl.simulator.clock import SimClock
from wf_etl.simulator.faults import Faults
from wf_etl.simulator.history import DAY_MS, RunPlan, TenantHistory
from wf_etl.simulator.timeline import RunState, TaskPlan, run_state, task_plans
from wf_etl.simulator.views import verbose


@dataclass(frozen=True)
class LoggedRequest:
    at: datetime  # wall clock, when the answer was decided (just before it is sent)
    method: str
    path: str
    query: dict[str, str]
    status: int
    tenant: str | None
    run_id: str | None
    view: str | None
    endpoint: str  # list | get | stop | token | other
    sim_at: datetime | None = None  # simulated clock at the same moment
    request_id: str = ""
    faults: tuple[str, ...] = ()  # fault kinds that shaped the answer (a 200 may be truncated)


@dataclass
class TenantState:
    """One tenant's history plus what the API changed in it (stop requests)."""

    history: TenantHistory
    lock: threading.RLock = field(default_factory=threading.RLock)
    stops: dict[str, int] = field(default_factory=dict)
    tasks: dict[str, list[TaskPlan]] = field(default_factory=dict)
    arrivals: deque[float] = field(default_factory=deque)
    max_window: int = 0

    def state_of(self, plan: RunPlan, now_ms: int) -> RunState:
        return run_state(plan, now_ms, self.stops.get(plan.id))

    def tasks_of(self, plan: RunPlan) -> list[TaskPlan]:
        cached = self.tasks.get(plan.id)
        if cached is None:
            if len(self.tasks) > 20_000:
                self.tasks.clear()
            cached = self.tasks[plan.id] = task_plans(plan)
        return cached

    def verbose(self, plan: RunPlan, now_ms: int) -> dict[str, Any]:
        stop = self.stops.get(plan.id)
        rs = run_state(plan, now_ms, stop)
        return verbose(plan, rs, self.tasks_of(plan), now_ms, stop)


class Simulator:
    """A simulated Amperity tenant (or several) behind a real HTTP server on 127.0.0.1."""

    def __init__(
        self,
        tenants: Iterable[str] = ("acme",),
        token: str = "sim-token",
        client_id: str = "sim-client",
        client_secret: str = "sim-secret",
        seed: int = 42,
        days: int = 14,
        runs_per_day: int = 40,
        latency_ms: tuple[float, float] = (0, 0),
        fault_rate: float = 0.0,
        rate_limit_per_s: int = 10,
        host: str = "127.0.0.1",
        port: int = 0,
        now: datetime | None = None,
        token_ttl_s: int = 3600,
    ) -> None:
        self.tenants = tuple(tenants)
        if not self.tenants:
            raise ValueError("a simulator needs at least one tenant")
        self.token = token
        self.client_id = client_id
        self.client_secret = client_secret
        self.seed = seed
        self.latency_ms = latency_ms
        self.rate_limit_per_s = rate_limit_per_s
        self.host = host
        self.port = port
        self.token_ttl_s = token_ttl_s
        self.clock = SimClock(now)
        self.faults = Faults(seed, fault_rate)
        start_ms = self.clock.now_ms()
        self.state = {
            t: TenantState(TenantHistory(t, seed, start_ms, days, runs_per_day))
            for t in self.tenants
        }
        self._lock = threading.Lock()
        self._issued: dict[str, int] = {}  # access token -> expiry (simulated ms)
        self._cursors: dict[str, tuple[str, str]] = {}  # next_token -> (tenant, last run id)
        self._log: list[LoggedRequest] = []
        self._statuses: Counter[int] = Counter()
        self._rate_limited = 0
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.base_url: str | None = None

    # lifecycle -------------------------------------------------------------------------------
    def start(self) -> str:
        from wf_etl.simulator.app import make_server

        if self._server is not None:
            raise RuntimeError("simulator already started")
        self._server = make_server(self, self.host, self.port)
        port = self._server.server_address[1]
        self.base_url = f"http://{self.host}:{port}/api"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name=f"simulator:{port}", daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # simulated world -------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        """Move simulated time on: runs progress and end, new runs appear."""
        self.clock.advance(seconds)
        now = self.clock.now_ms()
        for st in self.state.values():
            with st.lock:
                st.history.extend_to(now + DAY_MS)

    def add_run(self, tenant: str, created_at: datetime, outcome: str = "succeeded") -> str:
        """Add a run created at exactly `created_at`; returns its id."""
        with self._lock:
            plan = self.state[tenant].history.add_run(int(created_at.timestamp() * 1000), outcome)
        return plan.id

    def runs(self, tenant: str) -> list[dict[str, Any]]:
        """Every visible run of `tenant` as its verbose record, in list order."""
        st = self.state[tenant]
        now = self.clock.now_ms()
        with st.lock:
            visible = st.history.runs[: st.history.visible_count(now)]
            return [st.verbose(plan, now) for plan in visible]

    # auth ------------------------------------------------------------------------------------
    def issue_token(self) -> str:
        now = self.clock.now_ms()
        exp = now + self.token_ttl_s * 1000

        def part(obj: dict[str, Any]) -> str:
            raw = json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        claims = {"sub": self.client_id, "iat": now // 1000, "exp": exp // 1000}
        claims["jti"] = secrets.token_hex(8)
        sig = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
        access = f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{sig}"
        with self._lock:
            self._issued[access] = exp
        return access

    def token_valid(self, access: str) -> bool:
        if access == self.token:
            return True
        with self._lock:
            exp = self._issued.get(access)
        return exp is not None and self.clock.now_ms() < exp

    def issued_tokens(self) -> list[str]:
        """Every OAuth access token issued so far (tests look for them where none may be)."""
        with self._lock:
            return list(self._issued)

    def revoke_tokens(self) -> None:
        """Invalidate every issued OAuth token (the static token stays valid)."""
        with self._lock:
            self._issued.clear()

    # cursors ---------------------------------------------------------------------------------
    def remember_cursor(self, token: str, tenant: str, run_id: str) -> None:
        with self._lock:
            self._cursors[token] = (tenant, run_id)

    def cursor(self, token: str) -> tuple[str, str] | None:
        with self._lock:
            return self._cursors.get(token)

    # rate limit and bookkeeping --------------------------------------------------------------
    def admit(self, tenant: str, arrival: float) -> bool:
        """Count a request at arrival; False when the tenant's sliding 1-s window overflows."""
        st = self.state[tenant]
        with self._lock:
            window = st.arrivals
            window.append(arrival)
            while window and window[0] <= arrival - 1.0:
                window.popleft()
            st.max_window = max(st.max_window, len(window))
            if len(window) > self.rate_limit_per_s:
                self._rate_limited += 1
                return False
            return True

    def record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)
            self._statuses[entry.status] += 1

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()

    @property
    def stats(self) -> dict[str, Any]:
        """Counts by status, 429s from the rate limit, and the busiest 1-s window per tenant."""
        with self._lock:
            return {
                "requests": sum(self._statuses.values()),
                "by_status": dict(self._statuses),
                "rate_limited": self._rate_limited,
                "max_requests_per_window": {t: s.max_window for t, s in self.state.items()},
                "max_window": max((s.max_window for s in self.state.values()), default=0),
            }


def utcnow() -> datetime:
    return datetime.now(UTC)
