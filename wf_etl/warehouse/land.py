"""Land fetched records in raw_workflow_runs, or in rejected_records with a reason.

Python only shapes the batch into a frame; the judgement (sql/transform/land/10_land_checked.sql)
and the writes are SQL, so what is rejected and why can be read in one file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import duckdb
import pandas as pd

from wf_etl.warehouse.execution import execute_file, row_count, transaction
from wf_etl.warehouse.records import FetchedRecord, LandResult

INCOMING = "land_incoming"  # the relation name sql/transform/land/10_land_checked.sql reads
LAND_FILES = (
    "transform/land/20_raw_workflow_runs.sql",
    "transform/land/30_rejected_records.sql",
    "transform/land/40_resolve_rejections.sql",
)


def land_raw(con: duckdb.DuckDBPyConnection, records: Iterable[FetchedRecord]) -> LandResult:
    """One transaction: good records upserted into raw, bad ones rejected, none lost."""
    records = list(records)
    if not records:
        return LandResult(landed=0, rejected=0, resolved=0)
    frame = incoming_frame(
        bodies=[r.body for r in records],
        fetched_at=[r.fetched_at for r in records],
        tenants=[r.tenant for r in records],
        run_ids=[r.run_id for r in records],
        sources=[r.source for r in records],
        errors=[r.error for r in records],
    )
    return land_frame(con, frame)


def incoming_frame(
    bodies: Sequence[str | None],
    fetched_at: Sequence[datetime] | datetime,
    *,
    tenants: Sequence[str | None] | None = None,
    default_tenant: str | None = None,
    run_ids: Sequence[str | None] | None = None,
    sources: Sequence[str] | str = "api",
    errors: Sequence[str | None] | None = None,
    line_numbers: Sequence[int] | None = None,
) -> pd.DataFrame:
    """The batch in the shape land_checked reads; object columns keep None as SQL NULL."""
    n = len(bodies)

    def column(values: object) -> pd.Series:
        if values is None or isinstance(values, str | datetime):
            values = [values] * n
        return pd.Series(values, dtype=object)

    return pd.DataFrame(
        {
            "seq": range(n),
            "line_no": column(line_numbers),
            "tenant": column(tenants),
            "default_tenant": column(default_tenant),
            "fetched_at": pd.to_datetime(column(fetched_at), utc=True),
            "body": column(bodies),
            "run_id": column(run_ids),
            "source": column(sources),
            "error": column(errors),
        }
    )


def land_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> LandResult:
    """Land a batch already shaped by incoming_frame (shared by land_raw and import_jsonl)."""
    con.register(INCOMING, frame)
    try:
        with transaction(con):
            execute_file(con, "transform/land/10_land_checked.sql")
            landed, _, resolved = (row_count(con, f) for f in LAND_FILES)
            good, bad, reasons = execute_file(con, "transform/land/50_land_summary.sql").fetchone()
            con.execute("drop table land_checked")
    finally:
        con.unregister(INCOMING)
    return LandResult(
        landed=landed,
        rejected=int(bad),
        resolved=resolved,
        rejected_reasons=list(reasons),
        skipped=int(good) - landed,
    )
