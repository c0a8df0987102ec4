"""Publish the working database to the lake: Parquet per tenant and day, rewritten only where
something changed, each file replaced by an atomic rename so a reader never sees half a file.

The cost follows the batch, not the warehouse: a partition is rewritten only when its mark
(sql/lake/marks/) changed, so a sync that touched two tenant-days rewrites two tenant-days.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import duckdb
import fsspec
from fsspec.implementations.local import LocalFileSystem

from wf_etl.lake.tables import LAKE_TABLES, LakeTable
from wf_etl.sql_files import read_sql
from wf_etl.warehouse.execution import execute_file, transaction


@dataclass
class PublishResult:
    """Partitions rewritten (or removed) per table by one publish."""

    rewritten: dict[str, int] = field(default_factory=dict)

    @property
    def partitions(self) -> int:
        return sum(self.rewritten.values())

    def __add__(self, other: PublishResult) -> PublishResult:
        tables = self.rewritten.keys() | other.rewritten.keys()
        return PublishResult(
            {t: self.rewritten.get(t, 0) + other.rewritten.get(t, 0) for t in tables}
        )


class Lake:
    """The lake's root on its filesystem (a local folder or any fsspec URL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, root = fsspec.core.url_to_fs(url)
        self.local = isinstance(self.fs, LocalFileSystem)
        self.root = os.path.abspath(root) if self.local else root.rstrip("/")

    def partition_dir(self, table: LakeTable, tenant: str, day: object) -> str:
        folder = f"{self.root}/{table.name}/tenant={tenant}"
        return f"{folder}/day={day}" if table.by_day else folder

    def glob(self, table: LakeTable) -> str:
        """The table's files as DuckDB reads them (an absolute path or the URL)."""
        if self.local:
            return table.glob(self.root)
        return table.glob(f"{self.fs.unstrip_protocol(self.root)}")


def forget_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Make every partition of the derived tables stale, after a rebuild re-derived them. Raw
    keeps its files: its rows did not change, and rewriting its payloads was a third of the
    publish after a rebuild (1.1 of 3.2 s at 100,000 runs)."""
    tables = [table.name for table in LAKE_TABLES if table.derived]
    execute_file(con, "lake/forget_derived_partitions.sql", {"tables": tables})


def publish_lake(
    con: duckdb.DuckDBPyConnection, lake: Lake, *, piece_rows: int | None = None
) -> PublishResult:
    """Rewrite every stale partition of every lake table; the working database is only read,
    except for lake_partitions, which records what was written once the files are in place.

    `piece_rows` bounds the memory of a table written in pieces (LakeTable.pieces, raw): at
    most that many of its rows per COPY, each piece a file of its partition. DuckDB's COPY
    holds what it writes until a file is done, so the memory of a whole partition followed
    the day, not the batch: four busy days of raw (3,400 runs, 15 MB of payloads each) took
    +70 MB under a 64 MB limit and ran out of 24 MB; in pieces of 1,000 runs, +28 MB within
    24 MB (each in a fresh process, on the 105,387-run warehouse of bench/memory.py). None
    writes each partition in one file, faster where memory is not short (an import, a rebuild).
    """
    result = PublishResult()
    staging = _staging_dir(lake)
    computed: set[str] = set()
    try:
        for table in LAKE_TABLES:
            if table.marks not in computed:  # the four run-derived tables share one
                con.execute(
                    f"create or replace temp table lake_marks_{table.marks} as "
                    + read_sql(table.marks_file).rstrip().rstrip(";")
                )
                computed.add(table.marks)
            rows = piece_rows if table.pieces else None
            result.rewritten[table.name] = _publish_table(con, lake, table, staging, rows)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for marks in computed:
            con.execute(f"drop table if exists lake_marks_{marks}")
    return result


def _staging_dir(lake: Lake) -> str:
    # Beside the lake when local, so the final move is a rename on one filesystem.
    if lake.local:
        path = Path(lake.root) / f".staging-{uuid.uuid4().hex}"
        path.mkdir(parents=True)
        return str(path)
    return tempfile.mkdtemp(prefix="wf-etl-lake-")


def _publish_table(
    con: duckdb.DuckDBPyConnection,
    lake: Lake,
    table: LakeTable,
    staging: str,
    piece_rows: int | None,
) -> int:
    # A partition is stale when its data changed or its table's columns did (a transform
    # change adds a column): the columns' digest is part of every mark.
    columns = con.execute(f"describe {table.name}").fetchall()
    digest = hashlib.sha256(repr(columns).encode()).hexdigest()[:12]
    con.execute(
        "create or replace temp table lake_marks as "
        f"select tenant, day, mark || '|{digest}' as mark from lake_marks_{table.marks}"
    )
    con.execute(
        "create or replace temp table lake_stale_all as "
        + read_sql("lake/stale_partitions.sql").rstrip().rstrip(";"),
        {"table": table.name, "per_copy": table.per_copy},
    )
    ((stale, chunks),) = con.execute(
        "select count(*), coalesce(max(chunk) + 1, 0) from lake_stale_all"
    ).fetchall()
    columns = ", ".join(table.partition_columns)
    for chunk in range(chunks):
        con.execute(
            "create or replace temp table lake_stale as "
            "select tenant, day, mark from lake_stale_all where chunk = $chunk",
            {"chunk": chunk},
        )
        partitions = con.execute("select tenant, day from lake_stale").fetchall()
        out = f"{staging}/{table.name}/{chunk}"
        Path(out).parent.mkdir(parents=True, exist_ok=True)  # staging is local either way
        select = read_sql(table.select_file)
        params = _day_span([day for _, day in partitions]) if table.by_day else None
        if params is not None and "$first_run" in select:
            ((first, last),) = execute_file(con, "lake/stale_run_ids.sql", params).fetchall()
            params |= {"first_run": first, "last_run": last}
        pieces: list[tuple[int, int]] = [(0, 2**63 - 1)]  # every row: one file a partition
        if table.pieces and piece_rows is not None and params is not None:
            pieces = execute_file(
                con, "lake/stale_row_pieces.sql", params | {"rows": piece_rows}
            ).fetchall()
        for number, (first_row, last_row) in enumerate(pieces):
            args = params
            if table.pieces:
                args = (params or {}) | {"first_row": first_row, "last_row": last_row}
            con.execute(
                f"copy ({select}) to '{out}' "
                f"(format parquet, compression zstd, partition_by ({columns}), "
                f"filename_pattern 'data_{number}_{{i}}', overwrite_or_ignore true)",
                args,
            )
        for tenant, day in partitions:
            _replace_partition(lake, table, tenant, day, out)
        with transaction(con):  # each chunk recorded once its files are in place
            execute_file(con, "lake/forget_partitions.sql", {"table": table.name})
            execute_file(con, "lake/record_partitions.sql", {"table": table.name})
    con.execute("drop table if exists lake_stale")
    con.execute("drop table lake_stale_all")
    con.execute("drop table lake_marks")
    return stale


def _day_span(days: list[date]) -> dict[str, object]:
    """$since and $until, the UTC instants around the stale days: a filter on a column, which
    DuckDB prunes row groups by, where the join on the day (an expression) prunes none, so a
    publish reads the stale days and not the whole table."""
    since = datetime.combine(min(days), time.min, UTC)
    return {"since": since, "until": datetime.combine(max(days), time.min, UTC) + timedelta(days=1)}


def _replace_partition(
    lake: Lake, table: LakeTable, tenant: str, day: object, written: str
) -> None:
    """Move the new files (the COPY into `written`) over the old ones, then drop old files the
    new set does not have; a partition left with no rows loses its files."""
    target = lake.partition_dir(table, tenant, day)
    source = Path(written) / target[len(f"{lake.root}/{table.name}/") :]
    new = sorted(p.name for p in source.glob("*.parquet")) if source.is_dir() else []
    if new:
        lake.fs.makedirs(target, exist_ok=True)
    for name in new:
        if lake.local:
            os.replace(source / name, f"{target}/{name}")
        else:  # an object store writes an object whole: readers see the old or the new one
            lake.fs.put_file(str(source / name), f"{target}/{name}")
    if lake.fs.exists(target):
        for old in lake.fs.ls(target, detail=False):
            if old.rsplit("/", 1)[-1] not in new:
                lake.fs.rm(old)
