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

    `bulk` is for import and rebuild, which write the whole lake when they are done: that
    publish then takes their memory limit (loader.writing's bulk_publish)."""
    from wf_etl.loader import writing

    settings = Settings.from_env()
    try:
        with writing(
            settings.layout(path), lock_timeout_s=settings.lock_timeout_s, bulk_publish=bulk
        ) as con:
            yield con
    except WarehouseError as exc:  # the opening, or DuckDB out of its memory limit
        raise UserError(str(exc)) from None
