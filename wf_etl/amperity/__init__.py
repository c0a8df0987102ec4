"""Amperity API client: auth, one shared rate limiter, retries, pagination, typed errors."""

from .client import AmperityClient, RunFetch, canonical_state
from .config import ClientConfig, tenants_from_env
from .errors import (
    AmperityError,
    AnswerTooLargeError,
    AuthenticationError,
    BadRequestError,
    BadResponseError,
    ConfigurationError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from .stats import ClientStats

__all__ = [
    "AmperityClient",
    "AmperityError",
    "AnswerTooLargeError",
    "AuthenticationError",
    "BadRequestError",
    "BadResponseError",
    "ClientConfig",
    "ClientStats",
    "ConfigurationError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RunFetch",
    "ServerError",
    "TransportError",
    "canonical_state",
    "tenants_from_env",
]
