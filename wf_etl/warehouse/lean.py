"""Run a session's work under the lean memory limit, and again under the general limit if
DuckDB needs more.

DuckDB keeps every block a session reads cached up to its memory limit, so a session whose
work is small but whose tables are large (the loader beside a year of history, an asset check
counting a million tasks) held as much as the limit allowed: that, not the batches, is what
made a long backfill cost more memory than a short sync. Under the lean limit
(WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT) DuckDB drops cached blocks sooner and spills sooner; a piece
of work that still does not fit (a publish of hundreds of stale days after an upgrade) is
rolled back by DuckDB and done again under the general limit (WF_ETL_DUCKDB_MEMORY_LIMIT), so
the lean limit saves memory and never fails the work.

Within a limit DuckDB still keeps what it read until the limit is reached, so a session beside
a large warehouse ends its pieces of work holding the blocks they scanned (release_cache).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import duckdb

from wf_etl.settings import Settings, size_bytes

log = logging.getLogger("wf_etl.warehouse")
T = TypeVar("T")


def lean(
    con: duckdb.DuckDBPyConnection, work: Callable[[], T], what: str, first: str | None = None
) -> T:
    """`work()` under the lean limit; once more under the general limit (the one open_warehouse
    gives every session, WF_ETL_DUCKDB_MEMORY_LIMIT) if DuckDB runs out of memory, which the
    session has again afterwards. A lean limit above the general one is not applied. `work`
    must be safe to run again: each of its writes a transaction that committed or rolled back.

    `first`, a smaller limit still, is tried before the lean one when the work is a scan whose
    memory is mostly the blocks DuckDB caches as it reads (the asset checks): a check of a
    million tasks held about 60 MB under 64 MB, and 15-30 MB under 24 MB.
    """
    settings = Settings.from_env()
    lean_limit, general = settings.duckdb_lean_memory_limit, settings.duckdb_memory_limit
    limits = [lean_limit] if size_bytes(lean_limit) < size_bytes(general) else []
    if first and limits and size_bytes(first) < size_bytes(lean_limit):
        limits.insert(0, first)
    try:
        for number, limit in enumerate(limits, start=1):
            then = limits[number] if number < len(limits) else general
            try:  # a limit below what DuckDB holds and cannot evict fails as the work would
                con.execute(f"set memory_limit = '{limit}'")
                return work()
            except duckdb.OutOfMemoryException as exc:
                named = " (WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT)" if limit == lean_limit else ""
                log.info(
                    "%s needed more than %s%s: %s; doing it again under %s",
                    what, limit, named, str(exc).splitlines()[0], then,
                )  # fmt: skip
        con.execute(f"set memory_limit = '{general}'")
        return work()
    finally:
        release_cache(con, general)


# A limit below anything a session holds between its pieces of work, set for an instant.
_RELEASE_LIMIT = "1MB"


def release_cache(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """Let go of the database blocks DuckDB cached for the work done so far, then set `limit`.

    DuckDB evicts cached blocks only when it needs room under its limit, so a loader session on
    a 105,387-run warehouse held 26 MB of raw's and the model's blocks after the one batch it
    loaded (the fingerprint of raw against the model alone read 13 MB), against 2 MB beside a
    924-run one (its session peaked at +36 MB, the small one's at +24 MB; +28 and +17 after).
    Lowering the limit makes DuckDB drop them at once; the file's blocks are read again from
    the operating system's cache if they are needed. Call it where the session holds no
    temporary data of its own (between transactions), which would otherwise be spilled."""
    try:
        ((in_memory,),) = con.execute(
            "select path is null from duckdb_databases() where database_name = current_database()"
        ).fetchall()
        if not in_memory:  # in memory, every block is the session's own: it would only spill
            con.execute(f"set memory_limit = '{_RELEASE_LIMIT}'")
    except duckdb.Error:  # held and not evictable, or a failed transaction: nothing to gain
        pass
    finally:
        con.execute(f"set memory_limit = '{limit}'")
