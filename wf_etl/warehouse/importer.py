"""Load a JSON Lines file of verbose run records (an export, a replay, the benchmark).

The file is streamed in batches bounded by lines and by bytes, so memory stays flat whatever
its size or the size of its records; each batch is landed and modelled in one transaction
(land.load_checked), every record parsed once, while the next batch is parsed. A line over
the record size limit is rejected by its line number without being held in memory, and the
rest of the file loads.
"""

from __future__ import annotations

import codecs
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import duckdb

from wf_etl.settings import BULK_DUCKDB_MEMORY_LIMIT
from wf_etl.warehouse.connect import same_database_cursor
from wf_etl.warehouse.land import check_frame, incoming_frame, load_checked
from wf_etl.warehouse.model import refresh_model
from wf_etl.warehouse.principals import hash_principal_emails
from wf_etl.warehouse.records import LandResult, ModelResult

if TYPE_CHECKING:  # pandas is imported where a batch becomes a frame (land.incoming_frame)
    import pandas as pd

# A batch ends at 20,000 records or 96 MB of text, whichever comes first. 20,000 runs carry
# some 100,000-200,000 tasks: more than one DuckDB row group (122,880 rows), which DuckDB writes
# straight to the database file instead of through the WAL. The byte bound keeps a batch of
# large records (long messages, many tasks) as small in memory as one of typical records.
DEFAULT_BATCH_LINES = 20_000
DEFAULT_BATCH_BYTES = 96 * 2**20
# Wide records (many tasks, long messages) end a batch sooner: DuckDB parses 2,048 lines at a
# time on each thread, holding their documents, so it is the text of 2,048 lines that takes
# memory. Once a batch holds WIDE_BATCH_BYTES of lines averaging over WIDE_RECORD_BYTES, it
# ends: 30,000 runs of 28 KB (bench/load.py --wide) peaked at 996 MB in 96 MB batches and 816 MB
# in 32 MB ones (22.6 s and 24.5 s); typical records (4 KB) keep 96 MB batches, 10.1 s at
# 100,000 runs where 32 MB ones took 12.1 s.
WIDE_BATCH_BYTES = 32 * 2**20
WIDE_RECORD_BYTES = 16 * 2**10
# A checkpoint once raw has taken a full row group since the last one (or this much text), so
# each raw row group is compressed and written once, and memory stays flat however long the
# file: what is not checkpointed yet is held in DuckDB's memory.
CHECKPOINT_ROWS = 122_880
CHECKPOINT_BYTES = 384 * 2**20
DEFAULT_MAX_RECORD_MB = 64.0  # WF_ETL_MAX_RECORD_MB; real run records are well under 1 MB
KEPT_PREFIX_CHARS = 1_000  # of a line over the limit, kept in rejected_records.payload
# Settings for the length of an import or a rebuild (bulk_settings), restored afterwards. Both
# take more memory than a sync's sessions (settings.DEFAULT_DUCKDB_MEMORY_LIMIT) and far less
# than DuckDB's default of 80% of RAM: unbounded, a rebuild of 105,371 runs peaked at 1.3 GB
# (0.76 GB, 15% slower, with these); the limit also caps the cache of database blocks, so
# memory stays flat as the warehouse grows. Checkpointing at the default 16 MB of WAL would
# rewrite raw's growing row group (payloads included) after every batch, which costs more than
# the import itself: checkpoint at full row groups instead. Row order within a table carries
# no meaning here (ordinal is a column), so DuckDB may drop it.
BULK_SETTINGS = {
    "memory_limit": BULK_DUCKDB_MEMORY_LIMIT,
    "checkpoint_threshold": "4GB",
    "preserve_insertion_order": "false",
}


@dataclass
class _Batch:
    """One batch as read: line numbers, texts (an oversize line's start), read problems."""

    numbers: list[int] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    read_errors: list[str | None] = field(default_factory=list)
    size: int = 0


def import_jsonl(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    tenant: str | None = None,
    batch_lines: int = DEFAULT_BATCH_LINES,
    hash_emails: bool = False,
    max_record_mb: float = DEFAULT_MAX_RECORD_MB,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
) -> tuple[LandResult, ModelResult]:
    """Land and model every record of the file; bad lines become rejections naming their line.

    The tenant comes from each record's "tenant" field, else from `tenant`. Blank lines are
    not records and are skipped; a UTF-8 byte order mark before the first line is not part of
    it. Each batch commits on its own: a crash half-way leaves the batches before it loaded,
    and importing the file again completes it. With `hash_emails`, principal emails become
    digests before a line is stored (see principals.py). Any readable stream works (a FIFO,
    `<(zcat runs.jsonl.gz)`): the file is read once, front to back.
    """
    path = Path(path)
    fetched_at = datetime.now(UTC)
    source = f"import:{path.name}"
    max_bytes = max(1, int(max_record_mb * 2**20))
    landed = LandResult(landed=0, rejected=0, resolved=0)
    modelled = ModelResult(runs=0, tasks=0, errors=0)
    with bulk_settings(con), path.open("rb") as handle, _scratch(con) as scratch:
        batches = _batches(handle, batch_lines, batch_bytes, max_bytes, max_record_mb)
        check_con = same_database_cursor(con)

        def prepare(number: int) -> tuple[_Batch, pd.DataFrame, str] | None:
            """Read the next batch and parse and judge it (check_frame) into a scratch table."""
            batch = next(batches, None)
            if batch is None:
                return None
            lines = hash_principal_emails(batch.lines) if hash_emails else batch.lines
            # stamped in file order, a microsecond per line: a run listed twice keeps its
            # later line, as raw keeps the later of two fetches, whether or not a batch
            # boundary falls between the two (with one stamp, the first kept across batches)
            stamps = [fetched_at + timedelta(microseconds=n) for n in batch.numbers]
            frame = incoming_frame(
                lines, stamps, default_tenant=tenant, sources=source,
                line_numbers=batch.numbers, read_errors=batch.read_errors,
            )  # fmt: skip
            checked = f"{scratch}.checked_{number}"
            check_frame(check_con, frame, checked)
            return batch, frame, checked

        # Batch n+1 is read, parsed and judged on a second connection while batch n is landed
        # and modelled (load_checked), so both cores work: DuckDB releases the GIL, and the
        # first step writes nothing to the warehouse, so the two never conflict.
        rows = size = 0  # landed since the last checkpoint
        try:
            with ThreadPoolExecutor(max_workers=1) as checker:
                pending = checker.submit(prepare, 0)
                number = 0
                while (prepared := pending.result()) is not None:
                    if rows >= CHECKPOINT_ROWS or size >= CHECKPOINT_BYTES:
                        con.execute("checkpoint")  # here the checker is idle
                        rows = size = 0
                    number += 1
                    pending = checker.submit(prepare, number)
                    batch, frame, checked = prepared
                    batch_landed, batch_modelled = load_checked(con, frame, checked)
                    con.execute(f"drop table {checked}")
                    landed += batch_landed
                    modelled += batch_modelled
                    rows, size = rows + batch_landed.landed, size + batch.size
        finally:
            check_con.close()
        modelled += refresh_model(con)  # runs left behind by an earlier failed model step
        con.execute("checkpoint")
    return landed, modelled


@contextmanager
def _scratch(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """An in-memory database both connections of an import see, for the judged batches."""
    name = f"wf_etl_import_{os.getpid()}_{threading.get_ident()}"
    con.execute(f"attach ':memory:' as {name}")
    try:
        yield name
    finally:
        con.execute(f"detach {name}")


@contextmanager
def bulk_settings(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BULK_SETTINGS for the block, the previous values back after it."""
    with _settings(con, BULK_SETTINGS):
        yield


@contextmanager
def _settings(con: duckdb.DuckDBPyConnection, settings: dict[str, str]) -> Iterator[None]:
    """Apply DuckDB settings for the block and put the previous values back."""
    previous = {
        name: con.execute("select current_setting($name)", {"name": name}).fetchone()[0]
        for name in settings
    }
    try:
        for name, value in settings.items():
            con.execute(f"set {name} = '{value}'")
        yield
    finally:
        for name, value in previous.items():
            con.execute(f"set {name} = '{value}'")


def _batches(
    handle: BinaryIO, size: int, size_bytes: int, max_bytes: int, max_record_mb: float
) -> Iterator[_Batch]:
    """Non-blank lines in batches, 1-based numbering; a line over max_bytes is not kept whole.

    Text is decoded as UTF-8 with invalid bytes replaced, so one bad byte cannot lose a record.
    """
    batch = _Batch()
    number = 0
    while raw := handle.readline(max_bytes + 1):
        number += 1
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        problem = None
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            total = len(raw) + _skip_rest_of_line(handle)
            raw = raw[: KEPT_PREFIX_CHARS * 4]
            problem = (
                f"the record is {total / 2**20:,.1f} MB, over the "
                f"{max_record_mb:g} MB limit (WF_ETL_MAX_RECORD_MB); not loaded, its first "
                f"{KEPT_PREFIX_CHARS} characters kept"
            )
        text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if problem is None and (not text or text.isspace()):
            continue
        batch.numbers.append(number)
        batch.lines.append(text if problem is None else text[:KEPT_PREFIX_CHARS])
        batch.read_errors.append(problem)
        batch.size += len(raw)
        if len(batch.lines) >= size or batch.size >= size_bytes or _wide(batch):
            yield batch
            batch = _Batch()
    if batch.lines:
        yield batch


def _wide(batch: _Batch) -> bool:
    return batch.size >= WIDE_BATCH_BYTES and batch.size > len(batch.lines) * WIDE_RECORD_BYTES


def _skip_rest_of_line(handle: BinaryIO) -> int:
    """Read past the end of the current line in bounded pieces; returns the bytes skipped."""
    skipped = 0
    while chunk := handle.readline(2**20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped
