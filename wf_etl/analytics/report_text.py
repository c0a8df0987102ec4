"""The report as terminal text (at most 100 columns) and as Markdown for a ticket or chat."""

from __future__ import annotations

import textwrap
from typing import Any

from wf_etl.analytics.report_format import Section, cells, headline_lines, scope_line
from wf_etl.analytics.report_sections import ALL_SECTIONS as SECTIONS

WIDTH = 100


def _text_table(section: Section, rows: list[dict[str, Any]]) -> list[str]:
    body = cells(section, rows)
    headers = [c.header for c in section.columns]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if c.numeric else v.ljust(w)
            for v, w, c in zip(values, widths, section.columns, strict=True)
        ]
        return ("  " + "  ".join(parts)).rstrip()[:WIDTH]

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in body)]


def render_text(data: dict[str, Any]) -> str:
    """A report to read in a terminal: headline first, then one table per question."""
    title = "wf-etl failure report"
    out = [title, "=" * len(title), scope_line(data)[:WIDTH], ""]
    out += [f"  {line}"[:WIDTH] for line in headline_lines(data)]
    for section in SECTIONS:
        rows = data[section.key]
        out += ["", section.title.upper()]
        if section.note:
            out += textwrap.wrap(f"({section.note})", WIDTH, initial_indent="  ",
                                 subsequent_indent="   ")  # fmt: skip
        out += _text_table(section, rows) if rows else ["  none"]
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "\\<")


def render_markdown(data: dict[str, Any]) -> str:
    """The same report as Markdown tables, to paste into a ticket or a chat."""
    out = ["# wf-etl failure report", "", f"_{scope_line(data)}_", ""]
    out += [f"- {line}" for line in headline_lines(data)]
    for section in SECTIONS:
        rows = data[section.key]
        out += ["", f"## {section.title}", ""]
        if section.note:
            out += [f"_{section.note}_", ""]
        if not rows:
            out.append("none")
            continue
        out.append("| " + " | ".join(c.header for c in section.columns) + " |")
        out.append("|" + "|".join("---:" if c.numeric else "---" for c in section.columns) + "|")
        out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in cells(section, rows)]
    return "\n".join(out) + "\n"
