"""The one place a request leaves the client: limiter, auth, timeouts, retries, typed errors.

See ``retry.py`` for why this loop drives urllib3's ``Retry`` itself instead of handing it
to the adapter.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError

from .. import __version__
from .errors import AmperityError, BadResponseError, TransportError, error_class_for_status
from .ratelimit import SlidingWindowLimiter
from .retry import build_retry, may_retry_method

log = logging.getLogger("wf_etl.amperity")

_COUNTERS = (
    "requests",
    "retries",
    "http_429",
    "http_5xx",
    "timeouts",
    "token_exchanges",
    "bad_bodies",
)


@dataclass
class ClientStats:
    """Thread-safe counters of what the client did, for logs, metadata and benchmarks."""

    requests: int = 0
    retries: int = 0
    http_429: int = 0
    http_5xx: int = 0
    timeouts: int = 0
    token_exchanges: int = 0
    bad_bodies: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + n)

    def as_dict(self) -> dict[str, int]:
        with self._lock:
            return {name: getattr(self, name) for name in _COUNTERS}


@dataclass(frozen=True)
class Reply:
    """A final answer with a 2xx status; ``text`` is the body as received."""

    status: int
    text: str
    request_id: str | None


def body_text(response: requests.Response) -> str:
    """Decode the body as UTF-8 (JSON's encoding) unless the server named a charset."""
    declared = "charset=" in response.headers.get("content-type", "").lower()
    encoding = (response.encoding if declared else None) or "utf-8"
    try:
        return response.content.decode(encoding, errors="replace")
    except LookupError:
        return response.content.decode("utf-8", errors="replace")


class Transport:
    """Sends requests for one tenant through one session, one limiter and one retry policy."""

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        *,
        limiter: SlidingWindowLimiter,
        stats: ClientStats,
        timeout: tuple[float, float],
        max_attempts: int,
        max_retry_seconds: float,
        backoff: tuple[float, float],
        pool_size: int,
    ) -> None:
        self.base_url = base_url
        self.limiter = limiter
        self.stats = stats
        self._timeout = timeout
        self._max_attempts = max_attempts
        self._max_retry_seconds = max_retry_seconds
        self._backoff = backoff
        self._secrets: tuple[str, ...] = ()
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy or .netrc credentials picked up silently
        self.session.headers.clear()
        self.session.headers.update({**headers, "User-Agent": f"wf-etl/{__version__}"})
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def set_secrets(self, secrets: Iterable[str]) -> None:
        self._secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def close(self) -> None:
        self.session.close()

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        data: Mapping[str, str] | None = None,
        auth: requests.auth.AuthBase | None = None,
        run_id: str | None = None,
        retry_post: bool = False,
    ) -> Reply:
        """Send until a final answer: 2xx returns, anything else raises a typed error."""
        retry = build_retry(self._max_attempts, *self._backoff, any_method=retry_post)
        deadline = time.monotonic() + self._max_retry_seconds
        url = self.base_url + path
        renewed = False
        attempt = 0
        while True:
            attempt += 1
            request = requests.Request(method, url, params=params, data=data, auth=auth)
            prepared = self.session.prepare_request(request)  # auth hook runs here
            self.limiter.acquire()
            self.stats.add("requests")
            started = time.monotonic()
            try:
                response = self.session.send(prepared, timeout=self._timeout, allow_redirects=False)
            except requests.RequestException as exc:
                error = self._transport_error(exc, method, path, run_id, attempt)
                if not may_retry_method(retry, method):
                    raise error from exc
                try:
                    retry = retry.increment(method, url, error=exc)
                except MaxRetryError:
                    raise error from exc
                self._pause(retry.get_backoff_time(), deadline, error, method, path)
                continue
            elapsed_ms = (time.monotonic() - started) * 1000
            status = response.status_code
            log.debug(
                "%s %s status=%s ms=%.0f attempt=%d", method, path, status, elapsed_ms, attempt
            )
            if status == 429:
                self.stats.add("http_429")
            elif status >= 500:
                self.stats.add("http_5xx")
            if 200 <= status < 300:
                return Reply(status, body_text(response), self._request_id(response, None))
            if status == 401 and not renewed and getattr(auth, "renewable", False):
                renewed = True
                auth.renew_after_rejection(prepared.headers.get("Authorization"))  # type: ignore[union-attr]
                log.info("%s %s status=401: renewing the access token once", method, path)
                continue
            error = self.http_error(response, method, path, run_id)
            has_retry_after = "Retry-After" in response.headers
            if not retry.is_retry(method, status, has_retry_after):
                raise error
            try:
                retry = retry.increment(method, url, response=response.raw)
            except MaxRetryError:
                raise error from None
            delay = retry.get_retry_after(response) if has_retry_after else None
            if delay is None:
                delay = retry.get_backoff_time()
            self._pause(delay, deadline, error, method, path)

    def _pause(
        self, delay: float, deadline: float, error: AmperityError, method: str, path: str
    ) -> None:
        """Sleep before a resend, or give up with ``error`` if that would pass the deadline."""
        if time.monotonic() + delay > deadline:
            error.message += f" (gave up: the {self._max_retry_seconds:g} s retry budget is spent)"
            raise error
        self.stats.add("retries")
        log.info("%s %s failed (%s); retrying in %.2f s", method, path, error.message, delay)
        time.sleep(delay)

    def _transport_error(
        self, exc: Exception, method: str, path: str, run_id: str | None, attempt: int
    ) -> TransportError:
        if isinstance(exc, requests.Timeout):
            self.stats.add("timeouts")
            what = "connect" if isinstance(exc, requests.ConnectTimeout) else "read"
            detail = f"{what} timeout after {self._timeout[0 if what == 'connect' else 1]:g} s"
        elif isinstance(exc, requests.ConnectionError):
            detail = f"connection failed ({type(exc).__name__})"
        else:
            detail = f"request failed ({type(exc).__name__})"
        log.debug("%s %s %s attempt=%d", method, path, detail, attempt)
        return TransportError(f"{method} {path}: {detail}; {TransportError.hint}", run_id=run_id)

    @staticmethod
    def _request_id(response: requests.Response, payload: object) -> str | None:
        header = response.headers.get("x-request-id")
        if header:
            return header
        if isinstance(payload, dict) and isinstance(payload.get("request_id"), str):
            return payload["request_id"]
        return None

    def http_error(
        self, response: requests.Response, method: str, path: str, run_id: str | None
    ) -> AmperityError:
        """The typed error for a non-2xx answer, with the server's message and request id."""
        text = body_text(response)
        try:
            payload = json.loads(text)
        except ValueError:
            payload = None
        server_message = ""
        if isinstance(payload, dict) and isinstance(payload.get("message"), str):
            server_message = payload["message"]
        server_message = self.redact(server_message.strip())[:300]
        cls = error_class_for_status(response.status_code)
        message = f"{method} {path}: HTTP {response.status_code}"
        if server_message:
            message += f" ({server_message})"
        message += f"; {cls.hint}"
        return cls(
            message,
            status=response.status_code,
            request_id=self._request_id(response, payload),
            run_id=run_id,
            body=text,
        )

    def bad_body(
        self, reply: Reply, what: str, method: str, path: str, run_id: str | None
    ) -> BadResponseError:
        self.stats.add("bad_bodies")
        return BadResponseError(
            f"{method} {path}: {what}; {BadResponseError.hint}",
            status=reply.status,
            request_id=reply.request_id,
            run_id=run_id,
            body=reply.text,
        )
