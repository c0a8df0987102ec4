"""Opening the warehouse for a CLI verb: the same bounded lock wait as the Dagster resource,
and a file that cannot be opened reported in one line (UserError)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from wf_etl.cli import UserError
from wf_etl.settings import Settings
from wf_etl.warehouse.connect import WarehouseError
from wf_etl.warehouse.connect import open_warehouse as open_with_lock_wait


@contextmanager
def open_warehouse(path: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema applied; waits while another process holds it."""
    try:
        with open_with_lock_wait(path, lock_timeout_s=Settings.from_env().lock_timeout_s) as con:
            yield con
    except WarehouseError as exc:  # raised only by the opening, never by the caller's work
        raise UserError(str(exc)) from None
