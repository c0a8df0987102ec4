"""Land audit events in raw_audit_events and audit_events, or in rejected_records with a reason.

The same shape as the runs' landing (land.py): Python only makes the batch a frame and, when
WF_ETL_HASH_PRINCIPAL_EMAILS is on, replaces the principal's email (principals.py) and the
origin IP by digests before anything is stored; the judging and every write are the SQL of
sql/transform/audit, in one transaction per batch of events.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

import duckdb

from wf_etl.warehouse.execution import execute_file, row_count, transaction
from wf_etl.warehouse.lean import lean
from wf_etl.warehouse.principals import email_digest, hash_principal_email
from wf_etl.warehouse.records import LandResult

if TYPE_CHECKING:  # imported where events become a frame, as in land.py
    import pandas as pd

INCOMING = "audit_incoming"  # the relation sql/transform/audit/10_audit_checked.sql reads
SOURCE = "audit:api"
AUDIT_BATCH_EVENTS = 2_000  # events per transaction (land_audit_events)
WRITE_FILES = (
    "transform/audit/20_raw_audit_events.sql",
    "transform/audit/30_rejected_audit_events.sql",
    "transform/audit/40_resolve_audit_rejections.sql",
)
# IPv4 and IPv6-looking words, for text that is not JSON and so has no origin_ip field.
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b", re.I)


def hash_audit_pii(body: str | None) -> str | None:
    """One event's text with principal_email (and that address elsewhere in the principal
    fields) and origin_ip as 'sha256:' digests; text that is not a JSON object has every
    address- and IP-shaped string replaced, since its fields cannot be told apart."""
    if body is None:
        return None
    hashed = hash_principal_email(body)
    assert hashed is not None
    try:
        record = json.loads(hashed)
    except (ValueError, RecursionError):
        return _IP.sub(lambda m: email_digest(m[0]), hashed)
    if not isinstance(record, dict):
        return _IP.sub(lambda m: email_digest(m[0]), hashed)
    ip = record.get("origin_ip")
    if ip is None or (isinstance(ip, str) and ip.startswith("sha256:")):
        return hashed
    record["origin_ip"] = email_digest(ip if isinstance(ip, str) else json.dumps(ip))
    return json.dumps(record)


def audit_frame(
    tenant: str,
    bodies: Sequence[str | None],
    fetched_at: datetime,
    *,
    source: str = SOURCE,
    hash_pii: bool = False,
) -> pd.DataFrame:
    """The batch in the shape audit_checked reads; one tenant's events from one fetch."""
    import pandas as pd

    texts = [hash_audit_pii(b) for b in bodies] if hash_pii else list(bodies)
    n = len(texts)
    return pd.DataFrame(
        {
            "seq": range(n),
            "tenant": pd.Series([tenant] * n, dtype=object),
            "fetched_at": pd.to_datetime(pd.Series([fetched_at] * n, dtype=object), utc=True),
            "body": pd.Series(texts, dtype=object),
            "source": pd.Series([source] * n, dtype=object),
        }
    )


def land_audit_events(
    con: duckdb.DuckDBPyConnection,
    tenant: str,
    events: Iterable[dict | str],
    fetched_at: datetime,
    *,
    hash_pii: bool = False,
) -> LandResult:
    """Good events upserted into raw and re-modelled, bad ones rejected, AUDIT_BATCH_EVENTS
    at a time, each batch one transaction under the lean memory limit (wf_etl.warehouse.lean).

    Landed whole, a window's events took memory that grew with the window: 8,989 events of
    30 days needed more than 64 MB and took +92 MB under 256 MB; in batches of 2,000, +49-56 MB
    under 64 MB. `events` is read a batch at a time (the asset streams them from a spool
    file), so only one batch is ever held. Events are modelled one by one, so where a batch
    ends changes nothing.
    """
    bodies = (e if isinstance(e, str) else json.dumps(e) for e in events)
    result = LandResult(landed=0, rejected=0, resolved=0)
    while batch := list(islice(bodies, AUDIT_BATCH_EVENTS)):
        frame = audit_frame(tenant, batch, fetched_at, hash_pii=hash_pii)
        result += lean(con, partial(_land_batch, con, frame), "landing audit events")
    return result


def _land_batch(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> LandResult:
    con.register(INCOMING, frame)
    try:
        with transaction(con):
            execute_file(con, "transform/audit/10_audit_checked.sql")
            landed, _, resolved = (row_count(con, f) for f in WRITE_FILES)
            execute_file(con, "transform/audit/45_audit_model_ids.sql")
            execute_file(con, "transform/audit/50_audit_events.sql")
            summary = execute_file(con, "transform/audit/60_audit_land_summary.sql").fetchone()
            con.execute("drop table audit_checked")
            con.execute("drop table audit_model_ids")
    finally:
        con.unregister(INCOMING)
    _, bad, reasons = summary
    return LandResult(
        landed=landed, rejected=int(bad), resolved=resolved, rejected_reasons=list(reasons)
    )


def rebuild_audit_events(con: duckdb.DuckDBPyConnection) -> int:
    """Re-flatten every raw event into audit_events (after a change to the model SQL)."""
    with transaction(con):
        execute_file(con, "transform/audit/rebuild_audit_model_ids.sql")
        written = row_count(con, "transform/audit/50_audit_events.sql")
        con.execute("drop table audit_model_ids")
    return written
