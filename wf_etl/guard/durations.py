"""Durations as operators write them in a policy ("90m", "1h30m", "7d"), and as the guard
prints them."""

from __future__ import annotations

import re

UNIT_MS = {"ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)")
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d)\s*)+$")


def parse_duration(text: object) -> int | None:
    """Milliseconds for text like '90m', '2h', '1h30m' or '7d'; None when it is not one.

    A bare number is refused on purpose: "limit = 90" could mean seconds or minutes, and a
    policy that stops workflows must not guess.
    """
    if not isinstance(text, str) or not _WHOLE.match(text):
        return None
    total = sum(float(n) * UNIT_MS[unit] for n, unit in _PART.findall(text))
    return int(total) if total > 0 else None


def format_duration(ms: float | None) -> str:
    """Short, human form: 45s, 37m, 11h19m, 2d3h."""
    if ms is None:
        return "-"
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds}s"
    minutes, _ = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours}h" if hours else f"{days}d"
