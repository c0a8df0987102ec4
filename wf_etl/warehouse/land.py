"""Land fetched records in raw_workflow_runs, or in rejected_records with a reason.

Python only shapes the batch into a frame; the judgement (sql/transform/land/10_land_checked.sql)
and the writes are SQL, so what is rejected and why can be read in one file. Each record is
parsed once, into the structure the model needs as well: load_frame lands a batch and models
what it landed from that parse, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

from wf_etl.sql_files import read_sql
from wf_etl.warehouse.execution import execute_file, row_count, transaction
from wf_etl.warehouse.model import create_parse_macro, model_from_source
from wf_etl.warehouse.records import FetchedRecord, LandResult, ModelResult

# Imported where a batch becomes a frame: a rebuild, a report or the guard never build one,
# and pandas is a third of a second of every command's start.
if TYPE_CHECKING:
    import pandas as pd

INCOMING = "land_incoming"  # the relation name sql/transform/land/10_land_checked.sql reads
RAW_FILES = ("transform/land/20_raw_update.sql", "transform/land/21_raw_insert.sql")
LOAD_FILES = ("transform/load/10_model_batch.sql", "transform/load/20_model_source.sql")
CHECK_FILE = "transform/land/10_land_checked.sql"
CHECKED_DDL = "create or replace temp table land_checked as"


def land_raw(con: duckdb.DuckDBPyConnection, records: Iterable[FetchedRecord]) -> LandResult:
    """One transaction: good records upserted into raw, bad ones rejected, none lost."""
    records = list(records)
    if not records:
        return LandResult(landed=0, rejected=0, resolved=0)
    return land_frame(con, _records_frame(records))


def load_records(
    con: duckdb.DuckDBPyConnection, records: Iterable[FetchedRecord]
) -> tuple[LandResult, ModelResult]:
    """land_raw plus the model rows of what it landed, in one transaction (load_frame).

    The loader's way: the model work of a pass is then bounded by a batch, however many
    batches wait in the landing zone, and each record is parsed once.
    """
    records = list(records)
    if not records:
        return LandResult(landed=0, rejected=0, resolved=0), ModelResult(0, 0, 0)
    return load_frame(con, _records_frame(records))


def _records_frame(records: Sequence[FetchedRecord]) -> pd.DataFrame:
    return incoming_frame(
        bodies=[r.body for r in records],
        fetched_at=[r.fetched_at for r in records],
        tenants=[r.tenant for r in records],
        run_ids=[r.run_id for r in records],
        sources=[r.source for r in records],
        errors=[r.error for r in records],
    )


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
    read_errors: Sequence[str | None] | None = None,
) -> pd.DataFrame:
    """The batch in the shape land_checked reads; object columns keep None as SQL NULL.

    `errors` are fetch failures (no usable answer); `read_errors` say why a line of a file
    could not be read as a record (e.g. over the size limit), with `bodies` holding its start.
    """
    import pandas as pd

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
            "read_error": column(read_errors),
        }
    )


def land_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> LandResult:
    """Land a batch already shaped by incoming_frame; the model is left to refresh_model."""
    with _incoming(con, frame), transaction(con):
        _check(con)
        result = _land(con)
        _drop_land_tables(con, "table")
    return result


def check_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, target: str) -> None:
    """Parse and judge a batch into the table `target` (land_checked's rows), writing nothing
    to the warehouse: the first half of load_frame, which an import runs for the next batch on
    a second connection while the first lands this one (load_checked), so both cores work."""
    sql = read_sql(CHECK_FILE)
    if CHECKED_DDL not in sql:
        raise RuntimeError(f"{CHECK_FILE} no longer starts with {CHECKED_DDL!r}")
    with _incoming(con, frame):
        create_parse_macro(con)
        con.execute(sql.replace(CHECKED_DDL, f"create or replace table {target} as", 1))


def load_checked(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, checked: str
) -> tuple[LandResult, ModelResult]:
    """load_frame for a batch that check_frame already judged into the table `checked`."""
    with _incoming(con, frame), transaction(con):
        con.execute(f"create or replace temp view land_checked as select * from {checked}")
        return _load(con, "view")


def load_frame(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame
) -> tuple[LandResult, ModelResult]:
    """Land a batch and model the runs it landed, in one transaction, each record parsed once.

    The model rows equal what refresh_model would derive from the stored payloads (the same
    structure and transform files), so a crash or a rollback never leaves raw ahead of the
    model for these runs; runs already lagging are refresh_model's, as before.
    """
    with _incoming(con, frame), transaction(con):
        _check(con)
        return _load(con, "table")


def _load(con: duckdb.DuckDBPyConnection, checked_kind: str) -> tuple[LandResult, ModelResult]:
    landed = _land(con)
    for path in LOAD_FILES:
        execute_file(con, path)
    modelled = model_from_source(con, "view")
    _drop_land_tables(con, checked_kind)
    return landed, modelled


@contextmanager
def _incoming(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> Iterator[None]:
    """The frame registered as land_incoming for the block (a view over it, nothing copied)."""
    con.register(INCOMING, frame)
    try:
        yield
    finally:
        con.unregister(INCOMING)


def _check(con: duckdb.DuckDBPyConnection) -> None:
    create_parse_macro(con)
    execute_file(con, CHECK_FILE)


def _land(con: duckdb.DuckDBPyConnection) -> LandResult:
    execute_file(con, "transform/land/15_land_winners.sql")
    landed = sum(row_count(con, f) for f in RAW_FILES)
    row_count(con, "transform/land/30_rejected_records.sql")
    resolved = row_count(con, "transform/land/40_resolve_rejections.sql")
    good, bad, reasons = execute_file(con, "transform/land/50_land_summary.sql").fetchone()
    return LandResult(
        landed=landed,
        rejected=int(bad),
        resolved=resolved,
        rejected_reasons=list(reasons),
        skipped=int(good) - landed,
    )


def _drop_land_tables(con: duckdb.DuckDBPyConnection, checked_kind: str) -> None:
    con.execute("drop table land_winners")
    con.execute(f"drop {checked_kind} land_checked")
