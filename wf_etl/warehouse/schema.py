"""Create or upgrade the warehouse: every file of sql/schema, in name order."""

from __future__ import annotations

import duckdb

from wf_etl.sql_files import read_sql, sql_files
from wf_etl.warehouse.execution import transaction


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Idempotent (create ... if not exists / create or replace), so every entry point may call it.

    The session TimeZone is set to UTC so that timestamps print and truncate to dates in UTC;
    stored instants do not depend on it (see parse_utc_timestamp).
    """
    con.execute("set TimeZone = 'UTC'")
    # One transaction: a hundred COMMENT ON statements commit in 25 ms together, 0.5 s apart.
    with transaction(con):
        keyed = _raw_declares_key(con)
        if keyed:
            con.execute(read_sql("migrate/20_raw_set_aside.sql"))
        for path in sql_files("schema"):
            con.execute(path.read_text(encoding="utf-8"))
        if keyed:
            con.execute(read_sql("migrate/30_raw_refill.sql"))
        # The data dictionary (COMMENT ON, one file per table), so every reader sees it.
        for path in sql_files("dictionary/tables"):
            con.execute(path.read_text(encoding="utf-8"))


def _raw_declares_key(con: duckdb.DuckDBPyConnection) -> bool:
    """True for a warehouse made before raw_workflow_runs dropped its declared primary key; a
    one-time rewrite of raw then moves it to the table as it is now (sql/migrate)."""
    return bool(con.execute(read_sql("migrate/10_raw_declares_key.sql")).fetchone()[0])
