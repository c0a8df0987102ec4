"""Statements against the analysts' database, read-only, the file attached per statement.

The session is an in-memory DuckDB that attaches the file READ_ONLY for each statement and
detaches it right after. The publisher replaces the analysts' database by a rename when its
views change; a connection held open would keep reading the replaced file's definitions,
while a fresh attach always sees the newest one. And nothing is held between statements, so
even a file that some process writes in place (a working database opened by mistake, a
hand-made warehouse) is never kept from its writer by an idle prompt; a statement issued while
a writer holds it waits (wf_etl.warehouse.connect.wait_while_locked, the one lock-wait
mechanism of every verb). Settings, variables and temporary tables live on the in-memory side,
so they last for the whole session.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from wf_etl.analyst.compat import file_storage_version
from wf_etl.settings import DEFAULT_LOCK_TIMEOUT_S, is_local_path
from wf_etl.warehouse.connect import WarehouseError, wait_while_locked

ALIAS = "wf_etl"  # the analysts' database's name inside the session
# Statements whose only answer is a count of rows written (to a temp table or a file).
_COUNT_ONLY = {
    duckdb.StatementType.CREATE, duckdb.StatementType.INSERT, duckdb.StatementType.UPDATE,
    duckdb.StatementType.DELETE, duckdb.StatementType.COPY,
}  # fmt: skip
_READ_ONLY = re.compile(r'Cannot execute statement of type "(\w+)".*read-only mode', re.S)


class SqlError(Exception):
    """A statement or the database could not be used; the message is for the analyst."""


class ReadOnlyError(SqlError):
    """A statement tried to change the analysts' database."""


@dataclass
class Outcome:
    """One statement's answer: its columns and rows (empty for statements without rows)."""

    statement: str
    columns: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    more_rows: bool = False  # rows beyond the limit were not fetched
    written: int | None = None  # rows a CREATE ... AS, INSERT or COPY wrote

    @property
    def has_rows(self) -> bool:
        return bool(self.columns)


def read_only_message(statement_type: str) -> str:
    return (
        f"read-only: wf-etl sql never changes the analysts' database, so this {statement_type} "
        "statement was refused. Keep a result in a temporary table (create temp table t as "
        "select ...) or a file (copy (select ...) to 'result.parquet'); the warehouse itself "
        "changes only through wf-etl sync, import and rebuild"
    )


class AnalystSession:
    """An in-memory DuckDB on which the analysts' database is attached read-only per statement."""

    def __init__(
        self,
        path: str,
        *,
        lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        if is_local_path(path) and not Path(path).is_file():
            raise SqlError(
                f"no analysts' database at {path}; run `make demo` or `wf-etl sync` first, "
                "or point --db / WF_ETL_DUCKDB_PATH at it"
            )
        self.path = path
        self.lock_timeout_s = lock_timeout_s
        self.on_wait = on_wait
        self.con = duckdb.connect()
        self.con.execute("set TimeZone = 'UTC'")  # the views' days are UTC days; print them so

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def attached(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The file attached read-only and in use, for as long as the block runs."""
        quoted = self.path.replace("'", "''")
        try:
            wait_while_locked(
                lambda: self.con.execute(f"attach '{quoted}' as {ALIAS} (read_only)"),
                self.path,
                lock_timeout_s=self.lock_timeout_s,
                on_wait=self.on_wait,
            )
        except WarehouseError as exc:
            raise SqlError(str(exc)) from None
        except duckdb.Error as exc:
            raise SqlError(f"cannot open the analysts' database {self.path}: {exc}") from None
        try:
            self.con.execute(f"use {ALIAS}")
            yield self.con
        finally:
            try:
                self.con.execute("use memory")
                self.con.execute(f"detach if exists {ALIAS}")
            except duckdb.Error:  # the statement itself moved on (use, detach): nothing to undo
                pass

    def storage_version(self) -> str | None:
        with self.attached() as con:
            return file_storage_version(con, ALIAS)

    def run(self, sql: str, limit: int | None = None) -> list[Outcome]:
        """Every statement of `sql`, in order; at most `limit` rows of each are fetched.

        Stops at the first failing statement with SqlError (ReadOnlyError for a write).
        """
        try:
            statements = self.con.extract_statements(sql)
        except duckdb.Error as exc:
            raise SqlError(str(exc)) from None
        outcomes = []
        with self.attached() as con, ThreadPoolExecutor(max_workers=1) as worker:
            for statement in statements:
                # DuckDB runs a query without giving Python's signal handler a turn, so the
                # query runs on a worker while this thread waits and turns Ctrl-C into an
                # interrupt of the query.
                running = worker.submit(_execute, con, statement, limit)
                try:
                    outcomes.append(running.result())
                except KeyboardInterrupt:
                    # an interrupt reaches only a query already running: a Ctrl-C that comes
                    # before the worker has started it would be lost and leave it running for
                    # hours, so it is sent again until the query has stopped
                    while not running.done():
                        con.interrupt()
                        wait([running], timeout=0.1)
                    raise
        return outcomes


def _execute(con: duckdb.DuckDBPyConnection, statement: Any, limit: int | None) -> Outcome:
    text = statement.query
    try:
        cursor = con.execute(text)
    except duckdb.Error as exc:
        written = _READ_ONLY.search(str(exc))
        if written:
            raise ReadOnlyError(read_only_message(written.group(1))) from None
        raise SqlError(str(exc)) from None
    outcome = Outcome(statement=text.strip())
    if cursor.description is None:
        return outcome
    if statement.type in _COUNT_ONLY:
        row = cursor.fetchone()
        outcome.written = row[0] if row and isinstance(row[0], int) else None
        return outcome
    outcome.columns = [column[0] for column in cursor.description]
    outcome.types = [str(column[1]) for column in cursor.description]
    if limit is None:
        outcome.rows = cursor.fetchall()
    else:
        outcome.rows = cursor.fetchmany(limit + 1)
        outcome.more_rows = len(outcome.rows) > limit
        del outcome.rows[limit:]
    return outcome
