"""What the analysts' database holds, each object with a one-line description.

A description comes from DuckDB's own comment on the object (`COMMENT ON`), so any tool that
shows comments agrees with `.tables`. Where there is none, it falls back to the opening
comment of the SQL file that defines the object (sql/schema for the model tables,
sql/analytics for the views): the same text Dagster shows as the asset's description, read
without importing Dagster so that `.tables` answers at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import duckdb

from wf_etl.sql_files import sql_files

_OBJECT_FILE = re.compile(r"^\d+_(\w+)\.sql$")
# A sentence ends at . ? or ! before a capital letter or the end ("i.e. a" goes on).
_FIRST_SENTENCE = re.compile(r"^(.+?[.?!])(\s+[A-Z(`'\"]|$)")
GROUPS = ("model", "analytics", "other")


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    kind: str  # table | view | macro
    group: str  # one of GROUPS
    description: str


@dataclass(frozen=True)
class ColumnEntry:
    name: str
    data_type: str
    description: str


def _leading_comment(text: str) -> str:
    """The file's opening comment as one line, up to its 'Grain:' paragraph."""
    words: list[str] = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line.lstrip("-").strip()
        if body.startswith("Grain:"):
            break
        words.append(body.removeprefix("Question:").strip())
    joined = " ".join(word for word in words if word)
    match = _FIRST_SENTENCE.match(joined)
    sentence = match.group(1) if match else joined
    if re.match(r"[a-z]+\s", sentence):  # a question's first word, not a macro's name
        return sentence[:1].upper() + sentence[1:]
    return sentence


@cache
def file_descriptions() -> dict[str, tuple[str, str]]:
    """Object name -> (group, description) from the SQL files that create the objects."""
    found: dict[str, tuple[str, str]] = {}
    for folder, group in (("schema", "model"), ("analytics", "analytics")):
        for path in sql_files(folder):
            match = _OBJECT_FILE.match(path.name)
            if match:
                found[match.group(1)] = (group, _leading_comment(path.read_text("utf-8")))
    return found


def catalogue(con: duckdb.DuckDBPyConnection, database: str) -> list[CatalogueEntry]:
    """The tables, views and macros of `database`: model first, then analytics, then the rest."""
    rows = con.execute(
        """
        select table_name, 'table', comment from duckdb_tables()
        where database_name = $db and not internal and not temporary
        union all
        select view_name, 'view', comment from duckdb_views()
        where database_name = $db and not internal and not temporary
        union all
        select distinct function_name, 'macro', comment from duckdb_functions()
        where database_name = $db and function_type in ('macro', 'table_macro')
            and not internal
        """,
        {"db": database},
    ).fetchall()
    known = file_descriptions()
    entries = []
    for name, kind, comment in rows:
        group, fallback = known.get(name, ("other", ""))
        # The views' macro (error_message_family) is defined in sql/analytics too.
        entries.append(CatalogueEntry(name, kind, group, (comment or "").strip() or fallback))
    return sorted(entries, key=lambda e: (GROUPS.index(e.group), e.kind == "macro", e.name))


def columns(con: duckdb.DuckDBPyConnection, database: str, name: str) -> list[ColumnEntry]:
    """The columns of one table or view, with their comments; empty if there is no such object."""
    rows = con.execute(
        """
        select column_name, data_type, coalesce(comment, '') from duckdb_columns()
        where database_name = $db and lower(table_name) = lower($name)
        order by column_index
        """,
        {"db": database, "name": name},
    ).fetchall()
    return [ColumnEntry(*row) for row in rows]
