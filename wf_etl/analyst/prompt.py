"""The interactive `wf-etl sql` prompt: prompt_toolkit for editing, rich for the answers.

Enter runs the buffer once it holds a complete statement (its last token is ';') or a dot
command; otherwise it starts a new line, so statements span lines as in the DuckDB shell.
History persists across sessions in $XDG_STATE_HOME/wf-etl/sql_history.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.lexers import PygmentsLexer
from pygments.lexers.sql import SqlLexer
from rich.console import Console

from wf_etl.analyst.catalogue import catalogue, columns
from wf_etl.analyst.compat import OLDEST_READER, readable_by_old_readers
from wf_etl.analyst.formatting import (
    FORMATS,
    catalogue_table,
    columns_table,
    print_outcome,
)
from wf_etl.analyst.session import ALIAS, AnalystSession, SqlError

ROW_LIMIT = 1000  # rows drawn per statement at the prompt; --format csv gives them all
HELP = f"""End a statement with ; to run it (Enter on an unfinished one starts a new line).
  .tables           the model tables and analytics views, with what each holds
  .schema NAME      the columns of a table or view, with their descriptions
  .format FORMAT    how answers are printed: {", ".join(FORMATS)}
  .help             this text
  .quit             leave (or Ctrl-D); Ctrl-C abandons the line or a running statement
The database is opened read-only, for one statement at a time: an idle prompt never holds up
a sync. Settings (set ...), variables and temporary tables last for the session."""


def history_file() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "wf-etl" / "sql_history"


def statement_complete(text: str) -> bool:
    """True when Enter should run the buffer: blank, a dot command, or ending in ';'."""
    stripped = text.strip()
    if not stripped or stripped.startswith("."):
        return True
    try:
        tokens = duckdb.tokenize(text)
    except duckdb.Error:
        return False
    code = [start for start, kind in tokens if kind != duckdb.token_type.comment]
    return bool(code) and text[code[-1] :].strip().startswith(";")


def _key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if statement_complete(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    return bindings


class Prompt:
    """One interactive session; `loop` returns the exit status."""

    def __init__(self, session: AnalystSession, console: Console) -> None:
        self.session = session
        self.console = console
        self.fmt = "table"

    def _prompt_session(self) -> PromptSession[str]:
        path = history_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            history: FileHistory | InMemoryHistory = FileHistory(str(path))
        except OSError:
            history = InMemoryHistory()
        with self.session.attached() as con:
            names = [entry.name for entry in catalogue(con, ALIAS)]
            names += [
                row[0]
                for row in con.execute(
                    "select distinct column_name from duckdb_columns() where database_name = ? "
                    "union all select upper(keyword_name) from duckdb_keywords()",
                    [ALIAS],
                ).fetchall()
            ]
        return PromptSession(
            history=history,
            multiline=True,
            key_bindings=_key_bindings(),
            lexer=PygmentsLexer(SqlLexer),
            completer=WordCompleter(sorted(set(names)), ignore_case=True),
            complete_while_typing=False,
            prompt_continuation="    ...> ",
        )

    def banner(self) -> None:
        version = self.session.storage_version()
        self.console.print(f"wf-etl sql on [bold]{self.session.path}[/bold], read-only", end="")
        if version and readable_by_old_readers(version):
            self.console.print(
                f" (storage {version}: DuckDB {OLDEST_READER} and newer open it)", style="dim"
            )
        else:
            self.console.print(
                f"\nthis file is in storage format {version}, which DuckDB 1.x readers cannot "
                "open: is it a working database? Analysts open WF_ETL_DUCKDB_PATH, the views "
                "the writer publishes (docs/architecture.md, last section)",
                style="yellow",
            )
        self.console.print(".tables lists what is here, .help the rest; end statements with ;")

    def dot_command(self, line: str) -> bool:
        """Run one dot command; False means leave."""
        word, _, rest = line.strip().partition(" ")
        rest = rest.strip().rstrip(";")
        if word in {".quit", ".exit", ".q"}:
            return False
        if word == ".help":
            self.console.print(HELP, markup=False)
        elif word == ".tables":
            with self.session.attached() as con:
                self.console.print(catalogue_table(catalogue(con, ALIAS)))
        elif word == ".schema" and rest:
            with self.session.attached() as con:
                found = columns(con, ALIAS, rest)
            if found:
                self.console.print(columns_table(found))
            else:
                self.console.print(f"no table or view named {rest}; see .tables", style="red")
        elif word == ".format" and rest in FORMATS:
            self.fmt = rest
        else:
            self.console.print(f"unknown or incomplete command {line.strip()!r}; see .help")
        return True

    def statement(self, text: str) -> None:
        try:
            outcomes = self.session.run(text, limit=ROW_LIMIT)
        except SqlError as exc:
            self.console.print(str(exc), style="red", markup=False, highlight=False)
            return
        for outcome in outcomes:
            print_outcome(self.console, outcome, self.fmt)

    def loop(self) -> int:
        self.banner()
        prompt = self._prompt_session()
        while True:
            try:
                text = prompt.prompt("wf_etl> ")
            except KeyboardInterrupt:
                continue
            except EOFError:
                return 0
            if not text.strip():
                continue
            try:
                if text.strip().startswith("."):
                    if not self.dot_command(text):
                        return 0
                else:
                    self.statement(text)
            except SqlError as exc:
                self.console.print(str(exc), style="red", markup=False, highlight=False)
            except KeyboardInterrupt:
                self.console.print("interrupted", style="yellow")
