"""Running the SQL files of sql/ inside one transaction; Python only picks files and order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import duckdb

from wf_etl.sql_files import read_sql


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All writes inside commit together or none do: a failure leaves the tables as they were."""
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


def execute_file(
    con: duckdb.DuckDBPyConnection,
    relative: str,
    params: Mapping[str, Any] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Run one file of sql/ (several statements allowed; the result is the last one's)."""
    sql = read_sql(relative)
    if params is None:
        return con.execute(sql)
    return con.execute(sql, dict(params))


def row_count(con: duckdb.DuckDBPyConnection, relative: str) -> int:
    """Run a file that ends in an insert/update/delete and return the rows it touched."""
    row = execute_file(con, relative).fetchone()
    return int(row[0]) if row else 0
