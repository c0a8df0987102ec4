"""Cursor pagination over ``next_token``, with the guards a hand-written loop usually lacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .errors import PaginationError

# Fetches one page given the query parameters and returns its parsed body.
PageFetcher = Callable[[Mapping[str, str | int]], dict[str, Any]]


class NextTokenPaginator:
    """Answers "is there a next page, and how do I ask for it" for the workflow list.

    An empty or absent token ends the listing; a token seen before would loop forever, and
    a listing longer than ``max_pages`` is more likely a server bug than real history, so
    both raise PaginationError instead of silently spinning.
    """

    def __init__(self, max_pages: int) -> None:
        self.max_pages = max_pages
        self.pages = 0
        self._seen: set[str] = set()
        self.next_token: str | None = None

    def update(self, page: Mapping[str, Any]) -> bool:
        """Record a page; True when another page should be requested."""
        self.pages += 1
        token = page.get("next_token")
        if token is None or token == "":
            self.next_token = None
            return False
        token = str(token)
        if token in self._seen:
            raise PaginationError(
                f"next_token {token!r} repeated after {self.pages} pages: the server is "
                "looping; report it with the request id, or narrow the time window"
            )
        if self.pages >= self.max_pages:
            raise PaginationError(
                f"stopped after max_pages={self.max_pages} pages with next_token {token!r} "
                f"still pending; {PaginationError.hint}"
            )
        self._seen.add(token)
        self.next_token = token
        return True

    def params(self, base: Mapping[str, str | int]) -> dict[str, str | int]:
        """Query parameters for the next request; the token is omitted, never sent as null."""
        query = dict(base)
        if self.next_token:
            query["next_token"] = self.next_token
        return query


def paginate(
    fetch: PageFetcher, base_params: Mapping[str, str | int], max_pages: int
) -> Iterator[dict[str, Any]]:
    """Yield every page body in order until the server says there are no more."""
    paginator = NextTokenPaginator(max_pages)
    while True:
        page = fetch(paginator.params(base_params))
        yield page
        if not paginator.update(page):
            return
