"""Opening the warehouse for a CLI verb: the working database behind the analysts' file
`path`, with the same bounded lock wait as the Dagster resource, the lake and the analysts'
database published when the verb's work is done, and a file that cannot be opened reported
in one line (UserError)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from wf_etl.cli import UserError
from wf_etl.settings import Settings
from wf_etl.warehouse.connect import WarehouseError


@contextmanager
def open_warehouse(path: str, *, bulk: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema applied; waits while another process holds it.
    `bulk` for a verb that writes whole tables (import, rebuild): DuckDB's own row group size
    (wf_etl.warehouse.connect.BULK_ROW_GROUP_SIZE)."""
    from wf_etl.loader import writing
    from wf_etl.warehouse.connect import BULK_ROW_GROUP_SIZE, WRITER_ROW_GROUP_SIZE

    settings = Settings.from_env()
    size = BULK_ROW_GROUP_SIZE if bulk else WRITER_ROW_GROUP_SIZE
    try:
        with writing(
            settings.layout(path), lock_timeout_s=settings.lock_timeout_s, row_group_size=size
        ) as con:
            yield con
    except WarehouseError as exc:  # raised only by the opening, never by the caller's work
        raise UserError(str(exc)) from None
