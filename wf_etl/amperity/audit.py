"""GET /audit-events: the tenant's audit log (configuration changes, stops by users, API keys).

Built on the client's public request (`AmperityClient.get_json`, which carries auth, the shared
rate limit and retries) and the same `paginate` guard against looping cursors. Events are
yielded as the API sent them: judging one (a missing id, an unreadable time) is the
warehouse's job, so a bad event becomes a rejection instead of failing the listing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .client import AmperityClient, TimeArg
from .errors import BadResponseError
from .validation import query_timestamp

AUDIT_PATH = "/audit-events"
MAX_PAGE_SIZE = 1000  # the API's own ceiling per page


def _check_page(client: AmperityClient, page: dict[str, Any]) -> dict[str, Any]:
    data = page.get("data")
    problem = None
    if not isinstance(data, list):
        problem = "the audit page has no 'data' list"
    elif not all(isinstance(item, dict) for item in data):
        problem = "the audit page's 'data' holds something that is not an object"
    elif page.get("next_token") is not None and not isinstance(page["next_token"], str):
        problem = "the audit page's next_token is not a string"
    if problem:
        raise BadResponseError(
            f"GET {AUDIT_PATH}: {problem}",
            status=200,
            request_id=client.last_request_id,
            body=json.dumps(page)[:10_000],
        )
    return page


def list_audit_events(
    client: AmperityClient,
    happened_from: TimeArg,
    happened_to: TimeArg,
    *,
    page_size: int = MAX_PAGE_SIZE,
) -> Iterator[dict[str, Any]]:
    """Yield every audit event that happened in [happened_from, happened_to), oldest first.

    An unreadable page (truncated, not JSON, wrong shape) is asked for again up to the
    client's max_attempts, since asking for the same page twice is harmless.
    """
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size={page_size} must be between 1 and {MAX_PAGE_SIZE}")
    params: dict[str, str | int] = {
        "limit": page_size,
        "happened_from": query_timestamp(happened_from, "happened_from"),
        "happened_to": query_timestamp(happened_to, "happened_to"),
    }

    yield from client.pages(
        AUDIT_PATH, params, lambda query: _check_page(client, client.get_json(AUDIT_PATH, query))
    )
