"""The analysts' database: a DuckDB file that holds only views over the lake's Parquet.

Analysts, notebooks, BI tools and `wf-etl report` open this file read-only, for as long as
they like: the writer never opens it. It is written again only when a view definition
changes, to a temporary name and renamed over the old one; a session holding the old file
keeps it (the inode stays alive) and its views still read the newest Parquet, so every query
sees the lake as last published. Written with an older storage version so DuckDB 1.x readers
(CLIs, drivers, BI tools) open it.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import duckdb

from wf_etl.analyst.compat import STORAGE_VERSION
from wf_etl.analytics.views import apply_views
from wf_etl.lake.publish import Lake
from wf_etl.lake.tables import LAKE_TABLES, LakeTable
from wf_etl.sql_files import read_sql, sql_files
from wf_etl.warehouse.execution import execute_file

# Macros the analytics views call, defined in the working database by sql/schema.
MACRO_FILES = (
    "schema/006_canonical_state.sql",
    "schema/007_is_terminal_state.sql",
    "schema/008_parse_utc_timestamp.sql",
    "schema/009_as_bigint.sql",
)


def table_view_sql(con: duckdb.DuckDBPyConnection, lake: Lake, table: LakeTable) -> str:
    """The view standing for one model table: its columns, in contract order and type, read
    from the table's Parquet files, or an empty typed relation while it has none."""
    columns = con.execute(f"describe {table.name}").fetchall()
    if not lake.fs.glob(table.glob(lake.root)):
        typed = ", ".join(f'cast(null as {kind}) as "{name}"' for name, kind, *_ in columns)
        return f"create or replace view {table.name} as select {typed} where false;"
    typed = ", ".join(f'cast("{name}" as {kind}) as "{name}"' for name, kind, *_ in columns)
    source = lake.glob(table).replace("'", "''")
    return (
        f"create or replace view {table.name} as select {typed} from read_parquet('{source}', "
        "hive_partitioning = true, hive_types = {'tenant': varchar"
        + (", 'day': date" if table.by_day else "")
        + "});"
    )


def publish_analysts_database(
    con: duckdb.DuckDBPyConnection, lake: Lake, path: str, storage_version: str = STORAGE_VERSION
) -> bool:
    """Write the analysts' database if its views changed or it is missing; True if written."""
    statements = [read_sql(f) for f in MACRO_FILES]
    statements += [table_view_sql(con, lake, t) for t in LAKE_TABLES]
    analytics = [p.read_text(encoding="utf-8") for p in sql_files("analytics")]
    signature = hashlib.sha256(
        "\n".join([storage_version, *statements, *analytics]).encode()
    ).hexdigest()
    stored = con.execute(
        "select signature from analysts_database where path = $1", [path]
    ).fetchone()
    if stored and stored[0] == signature and Path(path).exists():
        return False
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        out = duckdb.connect(
            str(temporary), config={"storage_compatibility_version": storage_version}
        )
        try:
            out.execute("set TimeZone = 'UTC'")
            if not lake.local:  # views are bound when created: the lake must be readable
                out.register_filesystem(lake.fs)
            for sql in statements:
                out.execute(sql)
            apply_views(out)
            out.execute("checkpoint")
        finally:
            out.close()
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)
    execute_file(con, "lake/record_analysts_database.sql", {"path": path, "signature": signature})
    return True
