"""Before the writer touches a warehouse: refuse to replace a file that is not ours, and adopt
a warehouse written by an earlier wf-etl, where one DuckDB file held everything.

The analysts' path is replaced by a rename when its views change, so whatever sits there must
be a DuckDB file. A file that holds the model's tables (the single-file layout of wf-etl
before the lake) becomes the working database, keeping every row, and the analysts' views
file is written anew beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from wf_etl.settings import StorageLayout

_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


class NotAWarehouseError(Exception):
    """The analysts' path holds something wf-etl did not write; the message says what."""


def is_duckdb_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(12)[8:12] == _MAGIC


def adopt_single_file_warehouse(layout: StorageLayout) -> bool:
    """Move an earlier single-file warehouse to the working path; True if one was adopted."""
    analysts, working = Path(layout.analysts_path), Path(layout.working_path)
    if not analysts.is_file():
        return False
    if not is_duckdb_file(analysts):
        raise NotAWarehouseError(
            f"{analysts} is not a valid DuckDB database file; wf-etl writes its analysts' "
            "database there, so name another path (--db or WF_ETL_DUCKDB_PATH)"
        )
    if working.exists():
        return False
    con = duckdb.connect(str(analysts), read_only=True)
    try:
        (tables,) = con.execute(
            "select count(*) from duckdb_tables() where table_name = 'raw_workflow_runs'"
        ).fetchone()
    finally:
        con.close()
    if not tables:
        return False
    working.parent.mkdir(parents=True, exist_ok=True)
    os.replace(analysts, working)
    wal = Path(f"{analysts}.wal")
    if wal.exists():
        os.replace(wal, f"{working}.wal")
    return True
