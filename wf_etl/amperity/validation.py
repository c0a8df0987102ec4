"""Checks on every value that ends up in a host name, a URL path or a query string.

A tenant id goes into a host name and a run id into a path, so a stray "/", "?", "#" or ".."
could point a request, and the bearer token it carries, somewhere else. Values are refused
with a ConfigurationError before any request is built.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import quote, urlsplit

from .errors import ConfigurationError

_DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# Documented ids look like wf-20240603-12345-MNabc; accept any id made of URL-unreserved
# characters so a new id format does not break a sync, and refuse everything else.
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~:-]{0,199}$")
VIEWS = frozenset({"overview", "verbose"})


def validate_tenant(tenant: object) -> str:
    """Return the tenant id if it is an RFC 1123 DNS label (lowercase), else refuse it."""
    if not isinstance(tenant, str) or not _DNS_LABEL.fullmatch(tenant):
        raise ConfigurationError(
            f"tenant id {tenant!r} is not a DNS label: use 1-63 lowercase letters, digits "
            "or hyphens, not starting or ending with a hyphen (set AMPERITY_TENANT)"
        )
    return tenant


def resolve_base_url(base_url: str | None, tenant: str, default: str) -> str:
    """Substitute {tenant} and check the result is a plain http(s) URL without credentials."""
    template = default if base_url is None else base_url
    if not isinstance(template, str) or not template.strip():
        raise ConfigurationError("base URL is empty: set AMPERITY_BASE_URL or leave it unset")
    url = template.strip().replace("{tenant}", validate_tenant(tenant)).rstrip("/")
    parts = urlsplit(url)
    problem = None
    if parts.scheme not in ("http", "https"):
        problem = "it must start with https:// (or http:// for a local simulator)"
    elif not parts.hostname:
        problem = "it has no host"
    elif parts.username is not None or parts.password is not None:
        problem = "it must not carry credentials; use AMPERITY_API_TOKEN or the client id/secret"
    elif parts.query or parts.fragment or "{" in url or "}" in url:
        problem = "it must not contain a query, a fragment or an unknown {placeholder}"
    elif any(c.isspace() or ord(c) < 32 for c in url):
        problem = "it contains whitespace or control characters"
    if problem:
        # Show only scheme and host: the rest may hold something the user did not mean to share.
        shown = f"{parts.scheme}://{parts.hostname}" if parts.hostname else "(unparseable)"
        raise ConfigurationError(f"base URL {shown}... is unusable: {problem}")
    return url


def validate_run_id(run_id: object) -> str:
    """Return the run id if it is safe to put in a path segment, else refuse it."""
    if not isinstance(run_id, str) or not _RUN_ID.fullmatch(run_id) or ".." in run_id:
        raise ConfigurationError(
            f"run id {run_id!r} is not a workflow id (like wf-20240603-12345-MNabc): "
            "copy the id from list_runs or the Workflows page",
            run_id=run_id if isinstance(run_id, str) else None,
        )
    return run_id


def run_path(run_id: object, suffix: str = "") -> str:
    """The percent-encoded path for one run, validated first."""
    return f"/workflow/runs/{quote(validate_run_id(run_id), safe='')}{suffix}"


def validate_view(view: object) -> str:
    if view not in VIEWS:
        raise ConfigurationError(f"view {view!r} is not one of {sorted(VIEWS)}")
    return str(view)


def query_timestamp(value: object, name: str) -> str:
    """An ISO-8601 UTC value for a list filter; naive datetimes are taken as UTC."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        text = aware.astimezone(UTC).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return text
    raise ConfigurationError(
        f"{name}={value!r} is not a date, a datetime or an ISO-8601 string like 2024-06-03"
    )


def validate_page_size(page_size: object) -> int:
    if not isinstance(page_size, int) or isinstance(page_size, bool) or not 1 <= page_size <= 1000:
        raise ConfigurationError(f"page_size={page_size!r} must be an integer from 1 to 1000")
    return page_size
