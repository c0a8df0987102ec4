"""The one place a request leaves the client: limiter, auth, timeouts, retries, typed errors.

See ``retry.py`` for why this loop drives urllib3's ``Retry`` itself instead of handing it
to the adapter.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

import requests
import urllib3
from requests.exceptions import ContentDecodingError
from urllib3.exceptions import MaxRetryError

from .. import __version__
from .body import TooLarge, decode_text, read_capped
from .deadline import DeadlineAdapter, RequestDeadline
from .errors import (
    AmperityError,
    AnswerTooLargeError,
    BadResponseError,
    TransportError,
    error_class_for_status,
)
from .ratelimit import SlidingWindowLimiter
from .redaction import Redactor
from .retry import build_retry, may_retry_method
from .stats import ClientStats

log = logging.getLogger("wf_etl.amperity")
# A resend with less of the retry budget left than this is not made: no API answers whole in
# less, and its timeout would replace the error that says why the request failed (a sleep or
# the rate limiter overshooting the budget left it a millisecond under load).
MIN_RESEND_S = 0.05


@dataclass(frozen=True)
class Reply:
    """A final answer with a 2xx status; ``text`` is the body, secrets already masked."""

    status: int
    text: str
    request_id: str | None


@dataclass(frozen=True)
class _Answer:
    """One attempt's answer, read whole within the attempt's deadline and size cap."""

    response: requests.Response
    text: str

    @property
    def status(self) -> int:
        return self.response.status_code


class Transport:
    """Sends requests for one tenant through one session, one limiter and one retry policy.

    Every attempt runs under a wall-clock deadline (connect to last byte) and reads at most
    ``max_answer_bytes`` of decoded body; the retry budget bounds the whole call's wall time,
    waits and attempts together. Every text handed out passes through ``redactor``.
    """

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        *,
        limiter: SlidingWindowLimiter,
        stats: ClientStats,
        redactor: Redactor,
        timeout: tuple[float, float],
        request_deadline_s: float,
        max_answer_bytes: int,
        max_attempts: int,
        max_retry_seconds: float,
        backoff: tuple[float, float],
        pool_size: int,
    ) -> None:
        self.base_url = base_url
        self.limiter = limiter
        self.stats = stats
        self.redactor = redactor
        self._timeout = timeout
        self._request_deadline_s = request_deadline_s
        self._max_answer_bytes = max_answer_bytes
        self._max_attempts = max_attempts
        self._max_retry_seconds = max_retry_seconds
        self._backoff = backoff
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy or .netrc credentials picked up silently
        self.session.headers.clear()
        self.session.headers.update({**headers, "User-Agent": f"wf-etl/{__version__}"})
        adapter = DeadlineAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

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
        carries_secret: bool = False,
    ) -> Reply:
        """Send until a final answer: 2xx returns, anything else raises a typed error.

        ``carries_secret`` is for the token exchange alone: its answer is the secret, so it is
        returned unmasked, for the caller to learn the token before anything else sees it.
        """
        retry = build_retry(self._max_attempts, *self._backoff, any_method=retry_post)
        budget_ends = time.monotonic() + self._max_retry_seconds
        url = self.base_url + path
        renewed = False
        attempt = 0
        last_error: AmperityError | None = None  # of the attempt before this one
        while True:
            attempt += 1
            request = requests.Request(method, url, params=params, data=data, auth=auth)
            prepared = self.session.prepare_request(request)  # auth hook runs here
            self.limiter.acquire()
            # The first attempt gets the full deadline; resends only what the budget has left.
            seconds = self._request_deadline_s
            if attempt > 1:
                left = budget_ends - time.monotonic()
                if left < MIN_RESEND_S and last_error is not None:
                    raise self._budget_spent(last_error)
                seconds = max(0.001, min(seconds, left))  # a token renewal's resend too
            self.stats.add("requests")
            started = time.monotonic()
            try:
                answer = self._attempt(prepared, seconds, method, path, run_id, carries_secret)
            except TransportError as error:
                if not may_retry_method(retry, method):
                    raise
                try:
                    retry = retry.increment(method, url, error=error)
                except MaxRetryError:
                    raise error from None
                self._pause(retry.get_backoff_time(), budget_ends, error, method, path)
                last_error = error
                continue
            response, status = answer.response, answer.status
            ms = (time.monotonic() - started) * 1000
            log.debug("%s %s status=%s ms=%.0f attempt=%d", method, path, status, ms, attempt)
            if status == 429:
                self.stats.add("http_429")
            elif status >= 500:
                self.stats.add("http_5xx")
            if 200 <= status < 300:
                return Reply(status, answer.text, self._request_id(response, None))
            if status == 401 and not renewed and getattr(auth, "renewable", False):
                renewed = True
                auth.renew_after_rejection(prepared.headers.get("Authorization"))  # type: ignore[union-attr]
                log.info("%s %s status=401: renewing the access token once", method, path)
                continue
            error = self.http_error(answer, method, path, run_id)
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
            self._pause(delay, budget_ends, error, method, path)
            last_error = error

    def _attempt(
        self,
        prepared: requests.PreparedRequest,
        seconds: float,
        method: str,
        path: str,
        run_id: str | None,
        carries_secret: bool,
    ) -> _Answer:
        """One request and its whole body, within ``seconds`` and the size cap."""
        response: requests.Response | None = None
        complete = False
        try:
            with RequestDeadline(seconds) as deadline:
                try:
                    response = self.session.send(
                        prepared, timeout=self._timeout, allow_redirects=False, stream=True
                    )
                    data = read_capped(response, self._max_answer_bytes)
                except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                    if deadline.expired:
                        raise self._deadline_error(seconds, method, path, run_id) from None
                    raise self._transport_error(exc, method, path, run_id) from None
                except TooLarge as exc:
                    what = f"{method} {path}: {exc} (WF_ETL_MAX_ANSWER_MB)"
                    raise self._unreadable(AnswerTooLargeError, what, response, run_id) from None
                except AmperityError:
                    raise
                except Exception as exc:  # a decoder's or a library's own failure: this answer's
                    what = f"{method} {path}: the answer could not be read ({type(exc).__name__})"
                    raise self._unreadable(BadResponseError, what, response, run_id) from None
                if deadline.expired:  # cut off at the very end: the body may be short
                    raise self._deadline_error(seconds, method, path, run_id)
                complete = True
        finally:
            if response is not None:
                if not complete:
                    response.raw.close()  # a half-read connection is never reused
                response.raw.release_conn()
        text = decode_text(response, data)
        return _Answer(response, text if carries_secret else self.redactor.redact(text))

    def _unreadable(
        self,
        cls: type[BadResponseError],
        what: str,
        response: requests.Response | None,
        run_id: str | None,
    ) -> BadResponseError:
        self.stats.add("bad_bodies")
        return cls(
            f"{what}; {cls.hint}",
            status=response.status_code if response is not None else None,
            run_id=run_id,
        )

    def _pause(
        self, delay: float, budget_ends: float, error: AmperityError, method: str, path: str
    ) -> None:
        """Sleep before a resend, or give up with ``error`` if that would pass the budget."""
        if time.monotonic() + delay >= budget_ends:
            raise self._budget_spent(error)
        self.stats.add("retries")
        log.info("%s %s failed (%s); retrying in %.2f s", method, path, error.message, delay)
        time.sleep(delay)

    def _budget_spent(self, error: AmperityError) -> AmperityError:
        error.message += f" (gave up: the {self._max_retry_seconds:g} s retry budget is spent)"
        return error

    def _deadline_error(
        self, seconds: float, method: str, path: str, run_id: str | None
    ) -> TransportError:
        self.stats.add("timeouts")
        return TransportError(
            f"{method} {path}: no complete answer within {seconds:.3g} s (request deadline "
            f"WF_ETL_REQUEST_DEADLINE_S={self._request_deadline_s:g} s, within the retry "
            f"budget); {TransportError.hint}",
            run_id=run_id,
        )

    def _transport_error(
        self, exc: Exception, method: str, path: str, run_id: str | None
    ) -> TransportError:
        if isinstance(exc, requests.Timeout | urllib3.exceptions.TimeoutError):
            self.stats.add("timeouts")
            what = "connect" if isinstance(exc, requests.ConnectTimeout) else "read"
            detail = f"{what} timeout after {self._timeout[0 if what == 'connect' else 1]:g} s"
        elif isinstance(exc, requests.ConnectionError):
            detail = f"connection failed ({type(exc).__name__})"
        elif isinstance(exc, urllib3.exceptions.DecodeError | ContentDecodingError):
            detail = "the body could not be decoded (bad content-encoding)"
        else:
            detail = f"the answer broke off ({type(exc).__name__})"
        log.debug("%s %s %s", method, path, detail)
        return TransportError(f"{method} {path}: {detail}; {TransportError.hint}", run_id=run_id)

    def _request_id(self, response: requests.Response, payload: object) -> str | None:
        header = response.headers.get("x-request-id")
        if not header and isinstance(payload, dict) and isinstance(payload.get("request_id"), str):
            header = payload["request_id"]
        return self.redactor.redact(header[:200]) if header else None

    def http_error(
        self, answer: _Answer, method: str, path: str, run_id: str | None
    ) -> AmperityError:
        """The typed error for a non-2xx answer, with the server's message and request id."""
        text = self.redactor.redact(answer.text)
        try:
            payload = json.loads(text)
        except (ValueError, RecursionError):
            payload = None
        server_message = ""
        if isinstance(payload, dict) and isinstance(payload.get("message"), str):
            server_message = payload["message"].strip()[:300]
        status = answer.status
        cls = error_class_for_status(status)
        message = f"{method} {path}: HTTP {status}"
        if server_message:
            message += f" ({server_message})"
        message += f"; {cls.hint}"
        return cls(
            message,
            status=status,
            request_id=self._request_id(answer.response, payload),
            run_id=run_id,
            body=text,
        )

    def bad_body(
        self, reply: Reply, what: str, method: str, path: str, run_id: str | None
    ) -> BadResponseError:
        self.stats.add("bad_bodies")
        return BadResponseError(
            self.redactor.redact(f"{method} {path}: {what}; {BadResponseError.hint}"),
            status=reply.status,
            request_id=reply.request_id,
            run_id=run_id,
            body=self.redactor.redact(reply.text),
        )
