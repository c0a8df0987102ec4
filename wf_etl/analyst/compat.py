"""Which DuckDB releases can open the analysts' database: the one place that decides it.

wf-etl writes with DuckDB 2.0, whose default storage format no DuckDB 1.x reader opens (the
newest CLI on the package index, 1.5, refuses it), and analysts' notebooks, BI tools and
JDBC/ODBC drivers often carry a 1.x release. DuckDB can write an older format on request, so
the file is created with `storage_compatibility_version` set to STORAGE_VERSION.

Why v1.2.0 (measured with the duckdb 1.0.0, 1.1.3, 1.2.0-1.4.4 wheels and duckdb-cli 1.5.6, see
docs/architecture.md): every analytics view runs on a 1.0 reader, but the analysts' database
is today the writer's warehouse itself, and its raw layer stores payloads with
`using compression zstd`, which the v1.0/v1.1 formats cannot hold. v1.2.0 is the oldest
format that holds the whole file; readers from DuckDB 1.2 (February 2025) on open it. Once the
analysts' database holds only views (issue 12), v1.0.0 also keeps every view working; the
compatibility test (tests/analyst/test_old_readers.py) says whether a lower value still holds.
"""

from __future__ import annotations

import duckdb

# The storage format the analysts' database is created with (a DuckDB release string).
STORAGE_VERSION = "v1.2.0"
# The oldest DuckDB release that opens a file in that format (the test installs exactly it).
OLDEST_READER = "1.2.0"


def storage_config() -> dict[str, str]:
    """DuckDB config that makes a newly created file readable by OLDEST_READER and later.

    It only matters when the file is created: an existing file keeps the format it has.
    """
    return {"storage_compatibility_version": STORAGE_VERSION}


def file_storage_version(con: duckdb.DuckDBPyConnection, database: str) -> str | None:
    """The storage format of an attached database as DuckDB names it (e.g. 'v1.2.0+')."""
    row = con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = ?",
        [database],
    ).fetchone()
    value = row[0] if row else None
    if isinstance(value, list):  # older DuckDB returns a map lookup as a list
        value = value[0] if value else None
    return value or None


def readable_by_old_readers(storage_version: str | None) -> bool:
    """False when the file's format is newer than the one wf-etl promises (e.g. a warehouse
    created before this setting existed, in DuckDB 2.0's own format)."""
    if not storage_version:
        return True
    return _release(storage_version) <= _release(STORAGE_VERSION)


def _release(version: str) -> tuple[int, ...]:
    digits = version.strip().lstrip("v").rstrip("+")
    return tuple(int(part) for part in digits.split(".") if part.isdigit())
