"""Opening the warehouse outside Dagster, with the same lock handling the Dagster resource has."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from wf_etl.defs.resources import WarehouseResource


@contextmanager
def open_warehouse(path: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema applied; waits while another process holds it."""
    with WarehouseResource(database=path).get_connection() as con:
        yield con
