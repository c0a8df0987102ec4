"""AmperityClient: list, fetch and stop workflow runs for one tenant.

One client owns one session, one rate limiter and one token cache; every thread of
``get_runs`` shares them, so the tenant's 10 requests/s budget holds however many workers run.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from urllib3.exceptions import MaxRetryError

from .auth import AccessToken, ClientCredentialsAuth, StaticTokenAuth
from .batch import RunFetch, fetch_concurrently
from .config import DEFAULT_BASE_URL, ClientConfig
from .errors import (
    AmperityError,
    AuthenticationError,
    BadResponseError,
    ConfigurationError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from .pagination import paginate
from .ratelimit import SlidingWindowLimiter
from .redaction import Redactor
from .retry import build_retry
from .transport import ClientStats, Reply, Transport
from .validation import (
    query_timestamp,
    resolve_base_url,
    run_path,
    validate_page_size,
    validate_view,
)

log = logging.getLogger("wf_etl.amperity")

TimeArg = datetime | date | str
# A stop has taken effect once the run is in one of these (canonical) states.
STOPPED_OR_TERMINAL = frozenset(
    {"stopping", "stopped", "succeeded", "failed", "canceled", "cancelled", "skipped"}
)
TENANT_WIDE = (AuthenticationError, PermissionDeniedError)


def canonical_state(state: object) -> str:
    """Lower case with "_" for spaces and hyphens: "In progress" -> "in_progress"."""
    return str(state or "").strip().lower().replace(" ", "_").replace("-", "_")


class AmperityClient:
    """Typed access to the Amperity workflow API for one tenant; use as a context manager."""

    def __init__(self, config: ClientConfig) -> None:
        if not isinstance(config, ClientConfig):
            raise ConfigurationError("AmperityClient needs a ClientConfig")
        if not config.has_credentials:
            raise ConfigurationError(
                f"no credentials for tenant {config.tenant!r}: set AMPERITY_API_TOKEN, or "
                "AMPERITY_CLIENT_ID and AMPERITY_CLIENT_SECRET"
            )
        self.config = config
        self.base_url = resolve_base_url(config.base_url, config.tenant, DEFAULT_BASE_URL)
        self.stats = ClientStats()
        # Every secret this client knows, masked in every body, message and request id it
        # hands out (see redaction.py); minted access tokens are added as they arrive.
        self.redactor = Redactor((config.api_token or "", config.client_secret or ""))
        self._answers = threading.local()  # per thread: get_runs answers on many at once
        self.limiter = SlidingWindowLimiter(
            config.max_requests_per_second, config.rate_limit_margin_s
        )
        self._transport = Transport(
            self.base_url,
            {
                "amperity-tenant": config.tenant,
                "api-version": config.api_version,
                "Accept": "application/json",
            },
            limiter=self.limiter,
            stats=self.stats,
            redactor=self.redactor,
            timeout=(config.connect_timeout_s, config.read_timeout_s),
            request_deadline_s=config.request_deadline_s,
            max_answer_bytes=config.max_answer_bytes,
            max_attempts=config.max_attempts,
            max_retry_seconds=config.max_retry_seconds,
            backoff=(config.backoff_base_s, config.backoff_max_s),
            pool_size=max(config.fetch_workers, 10),
        )
        self._auth: StaticTokenAuth | ClientCredentialsAuth
        if config.api_token:
            self._auth = StaticTokenAuth(config.api_token)
        else:
            self._auth = ClientCredentialsAuth(
                config.client_id or "", config.client_secret or "", self._exchange_token
            )
        self.redactor.add(*self._auth.secrets())

    def __enter__(self) -> AmperityClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()

    def __repr__(self) -> str:
        return f"AmperityClient(tenant={self.config.tenant!r}, base_url={self.base_url!r})"

    # -- auth -------------------------------------------------------------------------------
    def _exchange_token(self, client_id: str, client_secret: str) -> AccessToken:
        """POST the client credentials; safe to retry, since a second token does no harm."""
        self.stats.add("token_exchanges")
        path = "/v0/oauth2/token"
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        }
        reply = self._transport.send("POST", path, data=form, retry_post=True, carries_secret=True)
        payload = self._parse_object(reply, "POST", path, None)
        token = payload.get("access_token")
        if isinstance(token, str):
            self.redactor.add(token)  # before this answer can reach any message
        token_type = str(payload.get("token_type") or "Bearer")
        expires_in = payload.get("expires_in", 3600)
        if not isinstance(token, str) or not token or token_type.lower() != "bearer":
            raise self._transport.bad_body(
                reply, "the token answer has no bearer access_token", "POST", path, None
            )
        if not isinstance(expires_in, int | float) or isinstance(expires_in, bool):
            expires_in = 3600
        log.debug("exchanged client credentials for an access token (expires_in=%s s)", expires_in)
        return AccessToken(token, float(expires_in))

    # -- reads ------------------------------------------------------------------------------
    def _parse_object(
        self, reply: Reply, method: str, path: str, run_id: str | None
    ) -> dict[str, Any]:
        try:
            payload = json.loads(reply.text)
        except ValueError:
            raise self._transport.bad_body(
                reply, "the body is not valid JSON (truncated or malformed)", method, path, run_id
            ) from None
        except RecursionError:
            raise self._transport.bad_body(
                reply, "the body is JSON nested too deeply to parse", method, path, run_id
            ) from None
        if not isinstance(payload, dict):
            raise self._transport.bad_body(
                reply,
                f"expected a JSON object, got {type(payload).__name__}",
                method,
                path,
                run_id,
            )
        return payload

    def _get(self, path: str, params: dict[str, str | int], run_id: str | None) -> Reply:
        return self._send("GET", path, params=params, run_id=run_id)

    def _send(self, method: str, path: str, **kwargs: Any) -> Reply:
        reply = self._transport.send(method, path, auth=self._auth, **kwargs)
        self._answers.request_id = reply.request_id
        return reply

    @property
    def last_request_id(self) -> str | None:
        """The x-request-id of the last answer this thread received, e.g. an accepted stop's,
        to quote to Amperity support; a failed request's id travels on its error instead."""
        return getattr(self._answers, "request_id", None)

    def get_json(self, path: str, params: dict[str, str | int]) -> dict[str, Any]:
        """GET one path as a JSON object with the client's auth, rate limit and retries; the
        public hook for endpoints listed outside this module (amperity/audit.py)."""
        return self._parse_object(self._get(path, dict(params), None), "GET", path, None)

    def pages(
        self,
        path: str,
        params: dict[str, str | int],
        fetch_once: Callable[[Any], dict[str, Any]],
    ) -> Iterator[dict[str, Any]]:
        """The items of every page `fetch_once` reads, following `next_token`.

        A run's unreadable answer is kept as a rejection; a page's cannot be (its items are
        unknown), and one bad page would fail the whole listing. Asking for the same page
        again is safe, so an unreadable page is asked for again, boundedly.
        """

        def fetch(query: Any) -> dict[str, Any]:
            attempt = 1
            while True:
                try:
                    return fetch_once(query)
                except BadResponseError as exc:
                    if attempt >= self.config.max_attempts:
                        exc.message += f" (the same page, {attempt} attempts)"
                        raise
                attempt += 1
                self.stats.add("retries")
                log.info("GET %s: unreadable page; asking for it again", path)

        for page in paginate(fetch, params, self.config.max_pages):
            yield from page["data"]

    def get_run(self, run_id: str, view: str = "verbose") -> dict[str, Any]:
        """One run; ``view="overview"`` skips the task list."""
        path = run_path(run_id)
        reply = self._get(path, {"view": validate_view(view)}, run_id)
        return self._parse_object(reply, "GET", path, run_id)

    def list_runs(
        self,
        created_from: TimeArg,
        created_to: TimeArg,
        *,
        state: str | None = None,
        type: str | None = None,  # the API's own parameter name
        ended_from: TimeArg | None = None,
        ended_to: TimeArg | None = None,
        page_size: int = 100,
    ) -> Iterator[dict[str, Any]]:
        """Yield overview items of every run created in [created_from, created_to)."""
        params: dict[str, str | int] = {
            "limit": validate_page_size(page_size),
            "created_from": query_timestamp(created_from, "created_from"),
            "created_to": query_timestamp(created_to, "created_to"),
        }
        for name, value in (("ended_from", ended_from), ("ended_to", ended_to)):
            if value is not None:
                params[name] = query_timestamp(value, name)
        for name, text in (("state", state), ("type", type)):
            if text is not None:
                params[name] = str(text)
        path = "/workflow/runs"

        def fetch_once(query: Any) -> dict[str, Any]:
            reply = self._get(path, dict(query), None)
            page = self._parse_object(reply, "GET", path, None)
            data = page.get("data")
            if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
                raise self._transport.bad_body(
                    reply, "the page has no 'data' list of objects", "GET", path, None
                )
            token = page.get("next_token")
            if token is not None and not isinstance(token, str):
                raise self._transport.bad_body(
                    reply, "next_token is not a string", "GET", path, None
                )
            return page

        yield from self.pages(path, params, fetch_once)

    def _fetch_one(self, run_id: str, view: str) -> RunFetch:
        """Fetch one run for get_runs; every per-run failure becomes part of the result.

        Not only the client's own errors: anything raised while reading or parsing one answer
        (a RecursionError, a MemoryError, a decoder's bug) concerns that answer alone, so it
        becomes that run's failure with a reason, and the other runs go on.
        """
        body = None
        path = "/workflow/runs/..."
        try:
            path = run_path(run_id)
            reply = self._get(path, {"view": view}, run_id)
            body = reply.text
            run = self._parse_object(reply, "GET", path, run_id)
            return RunFetch(run_id, datetime.now(UTC), run, body, None)
        except TENANT_WIDE:
            raise
        except AmperityError as exc:
            return RunFetch(run_id, datetime.now(UTC), None, exc.body or body, exc)
        except Exception as exc:  # see the docstring
            log.warning("GET %s: the answer could not be read (%s)", path, type(exc).__name__)
            error = BadResponseError(
                self.redactor.redact(
                    f"GET {path}: the answer could not be read ({type(exc).__name__}: "
                    f"{str(exc)[:200]}); {BadResponseError.hint}"
                ),
                run_id=run_id if isinstance(run_id, str) else None,
                body=body,
            )
            return RunFetch(run_id, datetime.now(UTC), None, body, error)

    def get_runs(
        self, run_ids: Iterable[str], view: str = "verbose", *, distinct: bool = False
    ) -> Iterator[RunFetch]:
        """Fetch runs on ``fetch_workers`` threads and yield each result as it completes;
        `distinct` says the ids hold no repeats, so they are taken as they come, never held.

        A 404 or a bad body affects one run and is yielded with it; a 401 or 403 affects the
        whole tenant, so it is raised once and the remaining fetches are cancelled.
        """
        view = validate_view(view)
        return fetch_concurrently(
            lambda run_id: self._fetch_one(run_id, view),
            run_ids,
            self.config.fetch_workers,
            distinct=distinct,
        )

    # -- stop -------------------------------------------------------------------------------
    def stop_run(self, run_id: str) -> dict[str, Any]:
        """Stop a running workflow; returns the run's overview after the stop.

        A stop is not idempotent by contract, and a 5xx or a timeout does not say whether it
        took effect. So it is never resent blindly: after such a failure the run is re-read,
        and the stop is repeated only while the run is still not stopping or terminal.
        """
        path = run_path(run_id, "/stop")
        retry = build_retry(
            self.config.max_attempts, self.config.backoff_base_s, self.config.backoff_max_s
        )
        deadline = time.monotonic() + self.config.max_retry_seconds
        attempt = 0
        while True:
            attempt += 1
            try:
                reply = self._send("POST", path, run_id=run_id)
                return self._parse_object(reply, "POST", path, run_id)
            except (RateLimitedError, ServerError, TransportError) as exc:
                failure = exc
            try:
                retry = retry.increment("POST", path, error=failure)
            except MaxRetryError:
                retry = None
            delay = retry.get_backoff_time() if retry else 0.0
            if retry is None or time.monotonic() + delay > deadline:
                failure.message += f" (stop not confirmed after {attempt} attempts)"
                raise failure from None
            log.info(
                "stop of %s failed (%s); re-reading the run before retrying",
                run_id,
                failure.message,
            )
            time.sleep(delay)
            current = self.get_run(run_id, view="overview")
            if canonical_state(current.get("state")) in STOPPED_OR_TERMINAL:
                log.info(
                    "run %s is already %s; not sending the stop again", run_id, current.get("state")
                )
                return current
