"""Inline SVG charts for the HTML report, drawn in Python so the file needs nothing external."""

from __future__ import annotations

import math
from html import escape
from typing import Any

from wf_etl.analytics.report_format import fmt_ms, fmt_pct

COLOURS = {"customer": "#d95f02", "platform": "#1b6ca8", "unattributed": "#9a9a9a"}
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _nice_ceiling(value: float) -> float:
    """The axis top: the next of 1, 2, 2.5, 5 x 10^k at or above value."""
    if value <= 0:
        return 0.01
    exponent = 10 ** math.floor(math.log10(value))
    return next(m * exponent for m in (1, 2, 2.5, 5, 10) if m * exponent >= value - 1e-12)


def failure_rate_chart(daily: list[dict[str, Any]], width: int = 900, height: int = 320) -> str:
    """Failure rate per UTC day as stacked bars: customer, platform, unattributed."""
    left, right, top, bottom = 56, 16, 36, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = list(COLOURS)
    top_rate = _nice_ceiling(max((d["failure_rate"] or 0 for d in daily), default=0))
    body: list[str] = []
    for i in range(5):
        rate = top_rate * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{fmt_pct(rate)}</text>'
        )
    slot = plot_w / max(len(daily), 1)
    label_every = max(1, math.ceil(len(daily) / 12))
    for i, day in enumerate(daily):
        x = left + i * slot + slot * 0.15
        y = top + plot_h
        for part in parts:
            rate = day[f"{part}_rate"] or 0
            h = plot_h * rate / top_rate
            y -= h
            tip = f"{day['day']} {part}: {fmt_pct(rate)} ({day[f'{part}_failures']} runs)"
            body.append(
                f'<rect class="bar-{part}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{COLOURS[part]}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        if i % label_every == 0:
            lx, ly = left + (i + 0.5) * slot, top + plot_h + 14
            body.append(
                f'<text x="{lx:.1f}" y="{ly}" text-anchor="end" '
                f'transform="rotate(-35 {lx:.1f} {ly})">{escape(str(day["day"]))}</text>'
            )
    for i, part in enumerate(parts):
        lx = left + i * 130
        body.append(
            f'<rect x="{lx}" y="10" width="12" height="12" fill="{COLOURS[part]}"/>'
            f'<text x="{lx + 18}" y="20">{part}</text>'
        )
    return _svg(width, height, "Failure rate by day, split by attribution", body)


def _log_ticks(low: float, high: float) -> list[tuple[float, str]]:
    candidates = [1e2, 1e3, 1e4, 6e4, 6e5, 3.6e6, 3.6e7, 8.64e7, 8.64e8]
    return [(t, fmt_ms(t)) for t in candidates if low <= t <= high]


def runtime_chart(types: list[dict[str, Any]], width: int = 900) -> str:
    """Runtime per workflow type on a log axis: box p25-p75, line at p50, whisker to p95, dot
    at max. Log, because a type's runs span seconds to hours and a linear axis hides the short.
    """
    rows = [t for t in types if t["max_runtime_ms"] is not None]
    left, right, top, row_h = 250, 24, 20, 28
    height = top + row_h * max(len(rows), 1) + 40
    plot_w = width - left - right
    low = max(min((float(r["min_runtime_ms"]) for r in rows), default=1e3), 1.0)
    high = max((float(r["max_runtime_ms"]) for r in rows), default=1e4)
    low, high = 10 ** math.floor(math.log10(low)), 10 ** math.ceil(math.log10(max(high, low * 10)))

    def x(ms: float | None) -> float:
        value = max(float(ms or low), low)
        return left + plot_w * (math.log10(value) - math.log10(low)) / math.log10(high / low)

    body: list[str] = []
    axis_y = top + row_h * max(len(rows), 1)
    for tick, label in _log_ticks(low, high):
        body.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{axis_y}" '
            'stroke="#e3e3e3"/>'
            f'<text x="{x(tick):.1f}" y="{axis_y + 16}" text-anchor="middle">{label}</text>'
        )
    for i, r in enumerate(rows):
        cy = top + i * row_h + row_h / 2
        name = str(r["workflow_type"])
        short = name if len(name) <= 36 else name[:35] + "…"
        tip = (
            f"{name}: {r['timed_runs']} runs, p50 {fmt_ms(r['p50_runtime_ms'])}, "
            f"p95 {fmt_ms(r['p95_runtime_ms'])}, max {fmt_ms(r['max_runtime_ms'])}"
        )
        x25, x75 = x(r["p25_runtime_ms"]), x(r["p75_runtime_ms"])
        body.append(
            f'<g class="runtime-row"><title>{escape(tip)}</title>'
            f'<text x="{left - 8}" y="{cy + 4:.1f}" text-anchor="end">{escape(short)}</text>'
            f'<line x1="{x(r["min_runtime_ms"]):.1f}" x2="{x(r["p95_runtime_ms"]):.1f}" '
            f'y1="{cy:.1f}" y2="{cy:.1f}" stroke="#555"/>'
            f'<rect x="{x25:.1f}" y="{cy - 8:.1f}" width="{max(x75 - x25, 1):.1f}" height="16" '
            'fill="#a6cee3" stroke="#1b6ca8"/>'
            f'<line x1="{x(r["p50_runtime_ms"]):.1f}" x2="{x(r["p50_runtime_ms"]):.1f}" '
            f'y1="{cy - 8:.1f}" y2="{cy + 8:.1f}" stroke="#08306b" stroke-width="2"/>'
            f'<circle cx="{x(r["max_runtime_ms"]):.1f}" cy="{cy:.1f}" r="3" fill="#d95f02"/></g>'
        )
    return _svg(width, height, "Runtime distribution by workflow type", body)
