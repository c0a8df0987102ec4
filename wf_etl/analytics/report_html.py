"""The report as one self-contained HTML file: inline CSS and SVG, no script, no link out."""

from __future__ import annotations

from html import escape
from typing import Any

from wf_etl.analytics.report_charts import failure_rate_chart, runtime_chart
from wf_etl.analytics.report_format import (
    cells,
    fmt_instant,
    headline_lines,
    scope_line,
)
from wf_etl.analytics.report_sections import ALL_SECTIONS as SECTIONS

# Phones: the page never scrolls sideways. Charts scale to the width, long words (error
# families, ids) wrap anywhere, and below 640 px each table row becomes a card of
# "label: value" lines, since no phone fits seven columns.
CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #222;
       padding: 0 1rem; overflow-wrap: anywhere; }
svg { max-width: 100%; height: auto; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.scope, .note { color: #666; font-size: .9rem; }
.headline { font-size: 1.05rem; line-height: 1.6; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .3rem .5rem; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figcaption { color: #666; font-size: .85rem; }
@media (max-width: 640px) {
  body { margin: 1rem auto; }
  table, tbody, tr, td { display: block; width: 100%; }
  thead { display: none; }
  tr { border-bottom: 1px solid #ccc; padding: .4rem 0; }
  td, td.num { border: 0; padding: .1rem 0; text-align: left; }
  td::before { content: attr(data-label) ": "; color: #666; }
}
"""


def _table(section_index: int, data: dict[str, Any]) -> str:
    section = SECTIONS[section_index]
    rows = data[section.key]
    parts = [f"<h2>{escape(section.title)}</h2>"]
    if section.note:
        parts.append(f'<p class="note">{escape(section.note)}</p>')
    if not rows:
        return "".join([*parts, "<p>none</p>"])
    head = "".join(
        f'<th class="{"num" if c.numeric else ""}">{escape(c.header)}</th>' for c in section.columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if c.numeric else ""}" data-label="{escape(c.header)}">'
            f"{escape(v)}</td>"
            for v, c in zip(row, section.columns, strict=True)
        )
        + "</tr>"
        for row in cells(section, rows, cut=False)
    )
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "".join(parts)


def render_html(data: dict[str, Any]) -> str:
    """One file to mail or attach to a ticket; it renders the same offline."""
    headline = "".join(f"<li>{escape(line)}</li>" for line in headline_lines(data))
    charts = (
        "<h2>Failure rate by day</h2><figure>"
        + failure_rate_chart(data["daily"])
        + "<figcaption>Failure rate by UTC day (failed / finished runs), stacked by whose "
        "fault it was.</figcaption></figure>"
        + "<h2>Runtime by workflow type</h2><figure>"
        + runtime_chart(data["runtime_by_type"])
        + "<figcaption>Runtime of finished runs by workflow type (log scale): box p25-p75, "
        "bar p50, whisker min to p95, dot max.</figcaption></figure>"
    )
    tables = "".join(_table(i, data) for i in range(len(SECTIONS)))
    generated = fmt_instant(data["generated_at"])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>wf-etl failure report</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>wf-etl failure report</h1>"
        f'<p class="scope">{escape(scope_line(data))} · generated {escape(generated)}'
        "</p>"
        f'<ul class="headline">{headline}</ul>{charts}{tables}'
        "</body></html>\n"
    )
