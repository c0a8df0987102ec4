"""The redactor masks a secret in every spelling an echo of it takes, and learns new ones."""

from __future__ import annotations

import html
import json
from urllib.parse import quote, quote_plus

from wf_etl.amperity.redaction import Redactor

SECRET = 'cs-Hn52/Jd9+Kw1&R<"y>'


def test_every_spelling_of_a_secret_is_masked() -> None:
    redactor = Redactor([SECRET, ""])
    for spelled in (SECRET, json.dumps(SECRET), quote_plus(SECRET), quote(SECRET, safe=""),
                    html.escape(SECRET)):  # fmt: skip
        masked = redactor.redact(f"before {spelled} after")
        assert masked.startswith("before ") and masked.endswith(" after")
        assert "Hn52" not in masked, spelled


def test_a_token_learnt_later_is_masked_from_then_on_and_json_stays_json() -> None:
    redactor = Redactor(["static-tok-1"])
    body = json.dumps({"echo": "Bearer minted-ABC123", "static": "static-tok-1"})
    assert "minted-ABC123" in redactor.redact(body)
    redactor.add("minted-ABC123", None)
    assert json.loads(redactor.redact(body)) == {"echo": "Bearer ***", "static": "***"}
    assert "2 secrets" in repr(redactor) and "minted" not in repr(redactor)
