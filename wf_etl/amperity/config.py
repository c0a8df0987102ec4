"""Client configuration, read from the environment in exactly one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from .errors import ConfigurationError
from .ratelimit import DEFAULT_MARGIN_S
from .validation import resolve_base_url, validate_tenant

DEFAULT_BASE_URL = "https://{tenant}.amperity.com/api"
DEFAULT_API_VERSION = "2024-04-01"

# Environment variable -> ClientConfig field. The README's configuration table mirrors this.
ENV_FIELDS: dict[str, str] = {
    "AMPERITY_BASE_URL": "base_url",
    "AMPERITY_API_TOKEN": "api_token",
    "AMPERITY_CLIENT_ID": "client_id",
    "AMPERITY_CLIENT_SECRET": "client_secret",
    "AMPERITY_API_VERSION": "api_version",
    "WF_ETL_MAX_REQUESTS_PER_SECOND": "max_requests_per_second",
    "WF_ETL_FETCH_WORKERS": "fetch_workers",
    "WF_ETL_CONNECT_TIMEOUT_S": "connect_timeout_s",
    "WF_ETL_READ_TIMEOUT_S": "read_timeout_s",
    "WF_ETL_MAX_ATTEMPTS": "max_attempts",
    "WF_ETL_MAX_RETRY_SECONDS": "max_retry_seconds",
    "WF_ETL_MAX_PAGES": "max_pages",
    "WF_ETL_REQUEST_DEADLINE_S": "request_deadline_s",
    "WF_ETL_MAX_ANSWER_MB": "max_answer_mb",
}
SECRET_FIELDS = frozenset({"api_token", "client_secret"})


@dataclass(frozen=True)
class ClientConfig:
    """Everything one tenant's client needs; secrets never show in its repr."""

    tenant: str
    base_url: str | None = None  # may contain "{tenant}"; None means DEFAULT_BASE_URL
    api_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    api_version: str = DEFAULT_API_VERSION
    max_requests_per_second: float = 10.0
    # Little's law: 10 req/s with answers of 1-3 s needs 10-30 requests in flight, so 8
    # workers cap throughput near 4-8 req/s. The rate limiter, not the pool, bounds the rate.
    fetch_workers: int = 32
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    # Wall clock per attempt, connect to last byte: a server trickling bytes never trips the
    # read timeout (it bounds one socket read), so this is what cuts it off.
    request_deadline_s: float = 60.0
    # Decoded size of one answer. A run of 200,000 tasks shaped like the simulator's (about
    # 480 bytes a task) is about 90 MB; a bigger answer is that run's rejection.
    max_answer_mb: float = 256.0
    max_attempts: int = 6
    max_retry_seconds: float = 120.0
    max_pages: int = 10_000
    # Full-jitter backoff: attempt n sleeps uniform(0, min(backoff_max_s, base * 2**(n-1))).
    backoff_base_s: float = 0.5
    backoff_max_s: float = 30.0
    # Added to the limiter's 1 s window: the server counts arrivals, and loopback and thread
    # scheduling can bunch requests that left evenly spaced (ratelimit.py: 2.5% of the window).
    rate_limit_margin_s: float = DEFAULT_MARGIN_S

    def __post_init__(self) -> None:
        validate_tenant(self.tenant)
        resolve_base_url(self.base_url, self.tenant, DEFAULT_BASE_URL)
        positive = {
            "max_requests_per_second": self.max_requests_per_second,
            "fetch_workers": self.fetch_workers,
            "connect_timeout_s": self.connect_timeout_s,
            "read_timeout_s": self.read_timeout_s,
            "request_deadline_s": self.request_deadline_s,
            "max_answer_mb": self.max_answer_mb,
            "max_attempts": self.max_attempts,
            "max_pages": self.max_pages,
        }
        for name, value in positive.items():
            if not value > 0:
                raise ConfigurationError(f"{name}={value!r} must be greater than zero")
        for name in ("max_retry_seconds", "backoff_base_s", "backoff_max_s", "rate_limit_margin_s"):
            if not getattr(self, name) >= 0:
                raise ConfigurationError(f"{name} must not be negative")
        if not self.api_version or any(c.isspace() for c in self.api_version):
            raise ConfigurationError(f"api_version={self.api_version!r} is not a version string")

    @property
    def resolved_base_url(self) -> str:
        """The API root with {tenant} filled in, e.g. https://acme.amperity.com/api."""
        return resolve_base_url(self.base_url, self.tenant, DEFAULT_BASE_URL)

    @property
    def max_answer_bytes(self) -> int:
        return int(self.max_answer_mb * 2**20)

    @property
    def has_credentials(self) -> bool:
        return bool(self.api_token) or bool(self.client_id and self.client_secret)

    @classmethod
    def from_env(
        cls, tenant: str | None = None, env: Mapping[str, str] | None = None
    ) -> ClientConfig:
        """Build the config for one tenant (default: the first of AMPERITY_TENANT)."""
        env = os.environ if env is None else env
        if tenant is None:
            names = tenants_from_env(env)
            if not names:
                raise ConfigurationError("AMPERITY_TENANT is not set: name the tenant id to sync")
            tenant = names[0]
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, object] = {}
        for var, name in ENV_FIELDS.items():
            raw = env.get(var, "").strip()
            if not raw:
                continue
            kind = types[name]
            try:
                if "float" in str(kind):
                    values[name] = float(raw)
                elif "int" in str(kind):
                    values[name] = int(raw)
                else:
                    values[name] = raw
            except ValueError:
                raise ConfigurationError(f"{var}={raw!r} is not a number") from None
        return cls(tenant=tenant, **values)  # type: ignore[arg-type]


def tenants_from_env(env: Mapping[str, str] | None = None) -> list[str]:
    """Tenant ids from AMPERITY_TENANT, which may list several separated by commas."""
    env = os.environ if env is None else env
    return parse_tenants(env.get("AMPERITY_TENANT", ""))


def parse_tenants(text: str) -> list[str]:
    """The distinct tenant ids of a comma-separated list, in order.

    A tenant listed twice would get two clients, each spending the API's whole rate budget
    against one server-side limit, so every sync would end in 429s.
    """
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
