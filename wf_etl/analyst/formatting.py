"""Results as an analyst reads them (a table on the terminal) or as a script takes them.

`table` is drawn by rich and fits the terminal: a result too wide for it is shown one row at a
time, a column per line (psql's expanded display), rather than squeezed into unreadable
columns. csv, json and markdown are for pipes, files and tickets, and keep full precision
(table rounds floats to six significant digits).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from wf_etl.analyst.catalogue import CatalogueEntry, ColumnEntry
from wf_etl.analyst.session import Outcome
from wf_etl.analytics.views import markdown_table

FORMATS = ("table", "csv", "json", "markdown")
_NUMERIC = (int, float, Decimal)


def _plain(value: Any) -> Any:
    """A JSON value for any DuckDB result value."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, UUID | bytes):
        return value.hex() if isinstance(value, bytes) else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> Text:
    if value is None:
        return Text("NULL", style="dim")
    if isinstance(value, float):
        return Text(f"{value:.6g}")
    if isinstance(value, datetime):
        spec = "seconds" if value.microsecond == 0 else "milliseconds"
        return Text(value.isoformat(sep=" ", timespec=spec))
    return Text(str(value))


def _type_name(data_type: str) -> str:
    return data_type.lower().replace("timestamp with time zone", "timestamptz")


def _readable_width(outcome: Outcome) -> int:
    """The width a table needs with whole column names and cells of up to 24 characters
    (longer ones wrap); a result wider than the terminal is shown expanded instead."""
    total = 0
    for index, name in enumerate(outcome.columns):
        longest = max((len(_cell(row[index]).plain) for row in outcome.rows[:100]), default=0)
        total += max(len(name), min(longest, 24)) + 2
    return total


def render_csv(outcome: Outcome) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(outcome.columns)
    for row in outcome.rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
    return out.getvalue()


def render_json(outcome: Outcome) -> str:
    """A JSON array of objects keyed by column name; dates and times as ISO 8601."""
    records = [
        {column: _plain(value) for column, value in zip(outcome.columns, row, strict=True)}
        for row in outcome.rows
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def render_markdown(outcome: Outcome) -> str:
    if not outcome.rows:
        return "| " + " | ".join(outcome.columns) + " |\n|" + "---|" * len(outcome.columns) + "\n"
    rows = [dict(zip(outcome.columns, row, strict=True)) for row in outcome.rows]
    return markdown_table(rows, outcome.columns) + "\n"


def result_table(outcome: Outcome) -> Table:
    """The rows as a rich table: numbers right-aligned, NULL dimmed, the types under the names."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
    for index, (name, data_type) in enumerate(zip(outcome.columns, outcome.types, strict=True)):
        numeric = any(isinstance(row[index], _NUMERIC) for row in outcome.rows[:50])
        header = f"{name}\n[dim]{_type_name(data_type)}[/dim]"
        justify = "right" if numeric else "left"
        table.add_column(header, justify=justify, min_width=len(name), overflow="fold")
    for row in outcome.rows:
        table.add_row(*(_cell(value) for value in row))
    return table


def print_outcome(console: Console, outcome: Outcome, fmt: str = "table") -> None:
    """One statement's answer in one of FORMATS ('OK' in a table for statements without rows)."""
    if not outcome.has_rows:
        if fmt == "table":
            written = "" if outcome.written is None else f", {outcome.written} rows written"
            console.print(f"OK{written}", style="dim")
        return
    if fmt != "table":
        text = {"csv": render_csv, "json": render_json, "markdown": render_markdown}[fmt](outcome)
        console.file.write(text)
        console.file.flush()
        return
    if _readable_width(outcome) > console.width:
        _print_expanded(console, outcome)
    else:
        console.print(result_table(outcome))
    count = len(outcome.rows)
    footer = f"{count} row{'s' if count != 1 else ''}"
    if outcome.more_rows:
        footer += (
            " shown, more not fetched: add a LIMIT, or run "
            '`wf-etl sql "..." --format csv > file.csv` for all of them'
        )
    console.print(footer, style="dim")


def _print_expanded(console: Console, outcome: Outcome) -> None:
    """Each row as 'column  value' lines under a rule, for results wider than the terminal."""
    for number, row in enumerate(outcome.rows, start=1):
        console.rule(f"row {number}", align="left", style="dim")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in zip(outcome.columns, row, strict=True):
            grid.add_row(name, _cell(value))
        console.print(grid)


def catalogue_table(entries: list[CatalogueEntry]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
    for name in ("name", "kind", "group", "description"):
        table.add_column(name, overflow="fold")
    for entry in entries:
        table.add_row(entry.name, entry.kind, entry.group, entry.description)
    return table


def columns_table(entries: list[ColumnEntry]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
    for name in ("column", "type", "description"):
        table.add_column(name, overflow="fold")
    for entry in entries:
        table.add_row(entry.name, entry.data_type.lower(), entry.description)
    return table
