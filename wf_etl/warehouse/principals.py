"""Principal emails replaced by digests before a record is stored (WF_ETL_HASH_PRINCIPAL_EMAILS).

For teams that may not keep the people who launched runs: the digest still groups a person's
runs and can be matched against a list of addresses hashed the same way, but the address is in
no table, payload or rejection. It is an unsalted SHA-256 of the trimmed, lower-cased address,
so it is a pseudonym, not anonymity: whoever can guess an address can confirm it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

DIGEST_PREFIX = "sha256:"
PRINCIPAL_FIELDS = ("principal_email", "principal_id", "principal_name")
# Words between separators; one with an '@' and a dotted domain counts as an address. Two
# steps, not one regular expression: an expression for a whole address backtracks
# quadratically over a long word without one. Deliberately broad: a false positive costs a
# readable value, a miss leaks an address.
WORD = re.compile(r"[^\s\"'<>()\[\]{},;:|\\/]+")
# The field in JSON text that does not parse; a value cut off by truncation counts too.
EMAIL_FIELD = re.compile(r'"principal_email"\s*:\s*"((?:[^"\\]|\\.)*)(?:"|\\?$)')


def email_digest(email: str) -> str:
    """'sha256:' and the hex SHA-256 of the trimmed, lower-cased address."""
    return DIGEST_PREFIX + hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def _is_address(word: str) -> bool:
    local, at, domain = word.rpartition("@")
    host, dot, top = domain.rpartition(".")
    return bool(local and at and host and dot and len(top) >= 2 and top.isascii() and top.isalpha())


def _scrub(text: str, address: str | None = None) -> str:
    """Every address in the text, and the principal's own however it is spelled, as digests."""
    if address:
        text = text.replace(address, email_digest(address))
    if "@" not in text:
        return text
    return WORD.sub(lambda m: email_digest(m[0]) if _is_address(m[0]) else m[0], text)


def _scrub_text(text: str) -> str:
    """Text that is not a JSON object: the principal_email field's value, wherever else that
    address appears, and every other address-shaped string, as digests."""
    addresses: list[str] = []

    def field(match: re.Match[str]) -> str:
        addresses.append(match.group(1))
        try:
            address = json.loads(f'"{match.group(1)}"')
        except ValueError:
            address = match.group(1)
        return f'"principal_email": "{email_digest(address)}"'

    text = EMAIL_FIELD.sub(field, text)
    for address in addresses:
        if address.strip():
            text = _scrub(text, address)
    return _scrub(text)


def _scrub_value(value: Any, address: str | None) -> Any:
    if isinstance(value, str):
        return _scrub(value, address)
    if isinstance(value, list):
        return [_scrub_value(item, address) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_value(item, address) for key, item in value.items()}
    return value


def hash_principal_email(body: str | None) -> str | None:
    """One record's text with its principal's email replaced by a digest.

    A JSON object gets `principal_email` replaced (whatever its type), and that address or any
    other inside `principal_id` or `principal_name` (e.g. 'google-apps|ana@acme.com'). Text
    that is not a JSON object (a truncated answer bound for rejected_records) has every
    address-shaped string replaced, since which field it belonged to cannot be told.
    """
    if body is None:
        return None
    try:
        record = json.loads(body)
        if not isinstance(record, dict):
            return _scrub_text(body)
        before = {key: record.get(key) for key in PRINCIPAL_FIELDS}
        email = record.get("principal_email")
        if email is None or (isinstance(email, str) and email.startswith(DIGEST_PREFIX)):
            address = None
        else:
            address = email if isinstance(email, str) and email.strip() else None
            text = email if isinstance(email, str) else json.dumps(email, sort_keys=True)
            record["principal_email"] = email_digest(text)
        for key in PRINCIPAL_FIELDS[1:]:
            if record.get(key) is not None:
                record[key] = _scrub_value(record[key], address)
        unchanged = all(record.get(key) == value for key, value in before.items())
        return body if unchanged else json.dumps(record)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
        return _scrub_text(body)


def hash_principal_emails(bodies: Iterable[str | None]) -> list[str | None]:
    """hash_principal_email over a batch of records."""
    return [hash_principal_email(body) for body in bodies]
