"""Opening the warehouse file: the one place that waits while another process holds it.

DuckDB lets one process write a file, and a process that merely reads it (an analyst's
`duckdb -readonly`, a notebook) still keeps writers out while its connection is open. A sync
that finds the file held waits a bounded time, saying so, then fails with a message naming the
file and what to do. It never touches the file before it holds the lock, so waiting or giving
up cannot damage it.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from wf_etl.settings import (
    BULK_DUCKDB_MEMORY_LIMIT,
    DEFAULT_LOCK_TIMEOUT_S,
    Settings,
    SettingsError,
    check_warehouse_path,
    is_local_path,
)
from wf_etl.warehouse.schema import apply_schema

log = logging.getLogger("wf_etl.warehouse")
T = TypeVar("T")
# DuckDB lets one process write a file; inside the process, its threads (a Dagster step, the
# sync's loader) take turns too, or their transactions conflict on the same tables.
_writers: dict[str, threading.RLock] = {}
_writers_guard = threading.Lock()


def _writer_lock(path: str) -> threading.RLock:
    key = str(Path(path).resolve()) if is_local_path(path) else path
    with _writers_guard:
        return _writers.setdefault(key, threading.RLock())


# Rows per row group in the files this process writes (DuckDB's default is 122,880). DuckDB
# rewrites the open row group of a column at each checkpoint, so with raw payloads of a few
# KB a checkpoint late in a 100,000-run backfill held some 450 MB of payload text in memory;
# at 4,096 rows (two vectors) a checkpoint holds about 20 MB whatever the table's size.
# DuckDB keeps the setting per attach, not in the file, hence every writer attaches the file
# with it (`_connect_writer`).
WRITER_ROW_GROUP_SIZE = 4096
WRITER_ALIAS = "warehouse"

_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


class WarehouseError(Exception):
    """The warehouse file cannot be opened; the message names the file and what to do."""


class WarehouseLockedError(WarehouseError):
    """Another process kept the file for longer than the lock timeout."""


class WarehouseMemoryError(WarehouseError):
    """DuckDB needed more memory than its limit lets it have; what was committed stays."""


def _holder(message: str) -> str:
    match = _HOLDER.search(message)
    return f"process {match.group(2)} ({match.group(1)})" if match else "another process"


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    return "could not set lock" in str(exc).lower()


def connect(
    path: str,
    *,
    read_only: bool = False,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    config: Mapping[str, Any] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried with backoff while another process holds the file.

    Gives up after `lock_timeout_s` with WarehouseLockedError; any other failure to open is a
    WarehouseError at once. `on_wait` hears the waiting message (default: a warning log).
    """
    try:
        check_warehouse_path(path)
    except SettingsError as exc:
        raise WarehouseError(str(exc)) from None
    if is_local_path(path) and not read_only:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(f"cannot create the folder of {path}: {exc.strerror}") from None
    try:
        return wait_while_locked(
            lambda: duckdb.connect(path, read_only=read_only, config=dict(config or {})),
            path,
            lock_timeout_s=lock_timeout_s,
            on_wait=on_wait,
        )
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open the warehouse {path}: {exc}") from None


def _connect_writer(
    path: str,
    lock_timeout_s: float,
    config: Mapping[str, Any] | None,
    on_wait: Callable[[str], None] | None,
) -> duckdb.DuckDBPyConnection:
    """The file attached read-write with WRITER_ROW_GROUP_SIZE and made the default catalog,
    so SQL reads exactly as on a plain connection; connect() for what is not a local file."""
    if not is_local_path(path):
        return connect(path, lock_timeout_s=lock_timeout_s, config=config, on_wait=on_wait)
    try:
        check_warehouse_path(path)
    except SettingsError as exc:
        raise WarehouseError(str(exc)) from None
    # spill files beside the warehouse, as DuckDB puts them for a file it opens itself
    con = duckdb.connect(":memory:", config={"temp_directory": f"{path}.tmp", **(config or {})})
    quoted = path.replace("'", "''")
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        wait_while_locked(
            lambda: con.execute(
                f"attach '{quoted}' as {WRITER_ALIAS} (row_group_size {WRITER_ROW_GROUP_SIZE})"
            ),
            path,
            lock_timeout_s=lock_timeout_s,
            on_wait=on_wait,
        )
        con.execute(f"use {WRITER_ALIAS}")
    except OSError as exc:
        con.close()
        raise WarehouseError(f"cannot create the folder of {path}: {exc.strerror}") from None
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"cannot open the warehouse {path}: {exc}") from None
    except BaseException:
        con.close()
        raise
    return con


def same_database_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (a second connection to the same DuckDB) whose default catalog is `con`'s:
    a cursor starts on the instance's own catalog, not on a database attached and used."""
    cursor = con.cursor()
    ((catalog,),) = con.execute("select current_database()").fetchall()
    cursor.execute(f'use "{catalog}"')
    return cursor


def wait_while_locked(
    open_once: Callable[[], T],
    path: str,
    *,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    on_wait: Callable[[str], None] | None = None,
) -> T:
    """`open_once()` (a connect, an ATTACH), retried with backoff while another process holds
    `path`; WarehouseLockedError after `lock_timeout_s`. Any other error is raised at once."""
    say = on_wait or log.warning
    deadline = time.monotonic() + max(0.0, lock_timeout_s)
    delay, waited_since, next_note = 0.05, None, 0.0
    while True:
        try:
            return open_once()
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise
            holder = _holder(str(exc))
            now = time.monotonic()
            if now >= deadline:
                waited = f" after waiting {now - (waited_since or now):.0f} s"
                raise WarehouseLockedError(
                    f"the warehouse {path} is locked by {holder}{waited}; close that connection "
                    "(an analyst's duckdb session or notebook, another sync, `dagster dev` "
                    "running a job) and run again. Analysts can read a copy of the file, or "
                    "open it read-only only while no sync runs; WF_ETL_LOCK_TIMEOUT_S sets "
                    "how long a command waits"
                ) from None
            if waited_since is None:
                waited_since = now
            if now >= next_note:
                say(
                    f"the warehouse {path} is locked by {holder}; waiting up to "
                    f"{deadline - now:.0f} s more for it to be released (WF_ETL_LOCK_TIMEOUT_S)"
                )
                next_note = now + 15.0
            time.sleep(min(delay, max(0.0, deadline - now)))
            delay = min(delay * 2, 2.0)


@contextmanager
def open_warehouse(
    path: str,
    *,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    config: Mapping[str, Any] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema applied, closed on exit; one at a time per
    file in this process (other processes wait through DuckDB's own lock)."""
    with _writer_lock(path):
        con = _connect_writer(path, lock_timeout_s, config, on_wait)
        try:
            limit = Settings.from_env().duckdb_memory_limit
            if limit:  # DuckDB spills to disk past it instead of growing its buffer pool
                con.execute(f"set memory_limit = '{limit}'")
            apply_schema(con)
            yield con
        except duckdb.OutOfMemoryException as exc:
            raise WarehouseMemoryError(
                f"DuckDB ran out of memory working on {path} under its limit "
                f"(WF_ETL_DUCKDB_MEMORY_LIMIT={limit}; import and rebuild take "
                f"{BULK_DUCKDB_MEMORY_LIMIT}): "
                f"{str(exc).splitlines()[0]}. What was committed before stays; raise the "
                "limit (e.g. WF_ETL_DUCKDB_MEMORY_LIMIT=1GB) and run again"
            ) from None
        finally:
            con.close()
