"""Create or upgrade the warehouse: every file of sql/schema, in name order."""

from __future__ import annotations

import duckdb

from wf_etl.sql_files import sql_files


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Idempotent (create ... if not exists / create or replace), so every entry point may call it.

    The session TimeZone is set to UTC so that timestamps print and truncate to dates in UTC;
    stored instants do not depend on it (see parse_utc_timestamp).
    """
    con.execute("set TimeZone = 'UTC'")
    for path in sql_files("schema"):
        con.execute(path.read_text(encoding="utf-8"))
