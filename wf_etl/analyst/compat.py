"""Which DuckDB releases can open the analysts' database: the one place that decides it.

wf-etl writes with DuckDB 2.0, whose default storage format no DuckDB 1.x reader opens (the
newest CLI on the package index, 1.5, refuses it), and analysts' notebooks, BI tools and
JDBC/ODBC drivers often carry a 1.x release. DuckDB writes an older format on request, so the
analysts' database is created with `storage_compatibility_version` set to STORAGE_VERSION
(`storage_config()`); the working database, which only the writer opens, keeps 2.0's format.

Why v1.0.0 (measured with the duckdb 1.0.0, 1.1.3, 1.2.0-1.4.4 wheels and duckdb-cli 1.5.6;
docs/architecture.md): the analysts' database holds only views, and every one of them, the
model tables' views over the lake's Parquet included, runs on a DuckDB 1.0 reader. v1.0.0 is
the first release whose storage format DuckDB promised to keep readable, so there is no older
1.x reader to serve. The views cast each Parquet column to its contract type: a 1.0 reader
reads a Parquet JSON column as VARCHAR, and a bare `select *` view over it would not bind.
tests/analyst/test_old_readers.py runs every view on OLDEST_READER and on duckdb-cli.
"""

from __future__ import annotations

import duckdb

# The storage format the analysts' database is written in (a DuckDB release string).
STORAGE_VERSION = "v1.0.0"
# The oldest DuckDB release that opens a file in that format (the test installs exactly it).
OLDEST_READER = "1.0.0"


def storage_config() -> dict[str, str]:
    """DuckDB config that makes a newly created file readable by OLDEST_READER and later.

    It only matters when the file is created: an existing file keeps the format it has.
    """
    return {"storage_compatibility_version": STORAGE_VERSION}


def file_storage_version(con: duckdb.DuckDBPyConnection, database: str) -> str | None:
    """The storage format of an attached database as DuckDB names it (e.g. 'v1.0.0+')."""
    row = con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = ?",
        [database],
    ).fetchone()
    value = row[0] if row else None
    if isinstance(value, list):  # DuckDB before 1.1 answers a map lookup with a list
        value = value[0] if value else None
    return value or None


def readable_by_old_readers(storage_version: str | None) -> bool:
    """False when the file's format is newer than the one wf-etl promises (a working
    database opened by mistake, or an analysts' database written before this setting)."""
    if not storage_version:
        return True
    return _release(storage_version) <= _release(STORAGE_VERSION)


def _release(version: str) -> tuple[int, ...]:
    digits = version.strip().lstrip("v").rstrip("+")
    return tuple(int(part) for part in digits.split(".") if part.isdigit())
