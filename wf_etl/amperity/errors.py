"""One small hierarchy of API errors; every message says what failed and what to do next.

Each error carries the HTTP ``status`` (None when no answer came), the server's
``request_id`` (quote it to Amperity support) and the ``run_id`` it concerns. Messages are
built from paths, ids and server messages only: a token or client secret never enters one.
"""

from __future__ import annotations


class AmperityError(Exception):
    """Base class: anything the Amperity client could not do."""

    hint = "see the message above"
    # Whether the same request may succeed later (429, 5xx, timeouts): a sync that leaves runs
    # unloaded for such a reason should say so, unlike for a 404 or an unreadable body.
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
        run_id: str | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.request_id = request_id
        self.run_id = run_id
        # The text as received, so a caller can land or reject it; never shown in str().
        self.body = body

    def __str__(self) -> str:
        parts = [self.message]
        if self.run_id is not None:
            parts.append(f"run_id={self.run_id!r}")
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        return " | ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self):  # keep the fields when an error crosses a process boundary
        return (
            _rebuild,
            (type(self), self.message, self.status, self.request_id, self.run_id, self.body),
        )


def _rebuild(cls, message, status, request_id, run_id, body):  # type: ignore[no-untyped-def]
    return cls(message, status=status, request_id=request_id, run_id=run_id, body=body)


class ConfigurationError(AmperityError, ValueError):
    """A tenant, base URL, run id or argument is unusable; raised before any request is sent."""

    hint = "fix the value in the configuration or the call"


class AuthenticationError(AmperityError):
    """HTTP 401: no valid token, even after one renewal."""

    hint = "check AMPERITY_API_TOKEN or AMPERITY_CLIENT_ID/AMPERITY_CLIENT_SECRET"


class PermissionDeniedError(AmperityError):
    """HTTP 403: the key lacks the permission or the tenant."""

    hint = "grant the API key access to this tenant, or check AMPERITY_TENANT"


class NotFoundError(AmperityError):
    """HTTP 404: the run id (or path) is unknown to the tenant."""

    hint = "check the run id and the tenant"


class BadRequestError(AmperityError):
    """HTTP 400: the server refused the request as sent (also: unsupported api-version)."""

    hint = "check the parameters and AMPERITY_API_VERSION"


class RateLimitedError(AmperityError):
    """HTTP 429 persisted through every retry."""

    hint = "lower WF_ETL_MAX_REQUESTS_PER_SECOND or retry later"
    retryable = True


class ServerError(AmperityError):
    """HTTP 5xx persisted through every retry."""

    hint = "the API is unavailable; retry later"
    retryable = True


class TransportError(AmperityError):
    """No usable answer: connection refused or reset, a timeout, or the request deadline."""

    hint = (
        "check AMPERITY_BASE_URL and the network; raise WF_ETL_READ_TIMEOUT_S or "
        "WF_ETL_REQUEST_DEADLINE_S if answers are slow"
    )
    retryable = True


class BadResponseError(AmperityError):
    """The answer arrived but its body is not what the API promises (not JSON, wrong shape)."""

    hint = "the body is kept in .body; report it with the request id"


class AnswerTooLargeError(BadResponseError):
    """The decoded body passed WF_ETL_MAX_ANSWER_MB; reading stopped there, nothing is kept."""

    hint = "raise WF_ETL_MAX_ANSWER_MB if real records are this large"


class PaginationError(AmperityError):
    """The list endpoint's next_token repeated, or the page cap was reached."""

    hint = "narrow the created_from/created_to window or raise max_pages"


_BY_STATUS: dict[int, type[AmperityError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitedError,
}


def error_class_for_status(status: int) -> type[AmperityError]:
    """The typed error for an HTTP status; unknown 4xx count as bad requests."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServerError
    if 400 <= status < 500:
        return BadRequestError
    return BadResponseError
