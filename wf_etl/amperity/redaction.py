"""The one redaction path: every secret the client knows is masked in whatever it hands out.

A server can echo the request back (an HTML debug page, a proxy's error page, a JSON field),
and what the client hands out is stored (rejected_records keeps bodies as received) or
printed. So every text that comes off the wire passes through ``Redactor.redact`` before it
leaves the transport: bodies, server messages, request ids. The redactor learns secrets as
they appear: the static token or client secret at start, each access token as it is minted.

A secret is masked in the spellings an echo uses: as sent, JSON-escaped (a JSON body),
percent-encoded (an echoed form or query) and HTML-escaped (an HTML page).
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"


def spellings(secret: str) -> set[str]:
    """The forms in which an echo of ``secret`` can appear in a body."""
    return {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote_plus(secret),
        quote(secret, safe=""),
        html.escape(secret),
    } - {""}


class Redactor:
    """Thread-safe: fetch workers read while a token renewal adds the new token."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._known: set[str] = set()
        self._forms: tuple[str, ...] = ()
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        """Learn secrets; empty values (an unset variable) are ignored."""
        with self._lock:
            fresh = {s for s in secrets if s} - self._known
            if not fresh:
                return
            self._known |= fresh
            forms = {form for secret in self._known for form in spellings(secret)}
            # Longest first, so a secret that contains another is masked whole.
            self._forms = tuple(sorted(forms, key=len, reverse=True))

    def redact(self, text: str) -> str:
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
        return text

    def redact_optional(self, text: str | None) -> str | None:
        return None if text is None else self.redact(text)

    def __repr__(self) -> str:
        return f"Redactor({len(self._known)} secrets)"
