"""The suite on a pinned wall clock: `pytest --clock-at '2027-03-28 01:59'` (or
WF_ETL_TEST_CLOCK_AT), so an hour- or date-dependent test fails on every run, not one hour a day.

The pytest process travels to the instant with time-machine and the clock ticks on from there.
Every Python subprocess a test starts (the CLI tests) gets the same shift through
`tests/clock_shim/sitecustomize.py`, put first on PYTHONPATH: parent and children agree on "now",
as they do in production. time.monotonic, sleeps and timeouts stay real; so do DuckDB's now() and
non-Python programs. A naive instant is local time in $TZ, so `TZ=Europe/Berlin` with
'2027-03-28 01:59' starts a minute before the clocks jump to summer time.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

OPTION = "--clock-at"
INSTANT_VAR = "WF_ETL_TEST_CLOCK_AT"
SHIFT_VAR = "WF_ETL_TEST_CLOCK_SHIFT_NS"  # read by clock_shim/sitecustomize.py
SHIM_DIR = Path(__file__).resolve().parent / "clock_shim"


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        metavar="INSTANT",
        default=os.environ.get(INSTANT_VAR) or None,
        help=f"run with the wall clock starting at INSTANT (ISO 8601; naive = local time in $TZ), "
        f"ticking on; CLI subprocesses follow. Default: ${INSTANT_VAR}.",
    )


def check_zone() -> None:
    """Refuse a zone name the C library cannot find: it would fall back to UTC in silence, and a
    run meant to cross a summer-time change would not."""
    zone = os.environ.get("TZ", "")
    if "/" not in zone or zone.startswith((":", "/")):
        return
    folders = [os.environ.get("TZDIR", ""), "/usr/share/zoneinfo", "/usr/lib/zoneinfo"]
    if not any(folder and Path(folder, zone).is_file() for folder in folders):
        raise pytest.UsageError(
            f"TZ={zone}: no such zone in the system's zoneinfo (apt-get install -y tzdata)"
        )


def parse_instant(text: str) -> datetime:
    """An aware datetime; a naive one is taken as local time in $TZ, which is the point of
    pinning in a zone with summer time."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise pytest.UsageError(
            f"{OPTION} {text!r}: not an ISO 8601 instant like '2027-03-28 01:59' "
            "or '2026-12-31T23:59:00+00:00'"
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()


def start(config: pytest.Config) -> Any:
    """Travel to --clock-at, if given; return the traveller so `stop` can end the trip.

    Also when the clock was moved before pytest started (e.g. by a sitecustomize of the
    developer's own), the shift is handed on to subprocesses so they do not start over.
    """
    text = config.getoption(OPTION)
    try:
        import time_machine
    except ImportError as exc:
        if text:
            raise pytest.UsageError(
                f"{OPTION} needs time-machine ({exc}); it is a dev dependency: make install"
            ) from None
        return None
    traveller = None
    if text:
        check_zone()
        instant = parse_instant(text)
        traveller = time_machine.travel(instant.timestamp(), tick=True)
        traveller.start()
        config.stash[_INSTANT] = instant
    if time_machine.escape_hatch.is_travelling():
        shift = time.time_ns() - time_machine.escape_hatch.time.time_ns()
        os.environ[SHIFT_VAR] = str(shift)
        os.environ.pop("AT_INSTANT", None)  # children take the shift, not a fresh start
        paths = [str(SHIM_DIR), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    return traveller


def stop(traveller: Any) -> None:
    if traveller is not None:
        traveller.stop()


def header(config: pytest.Config) -> str | None:
    instant = config.stash.get(_INSTANT, None)
    if instant is None:
        return None
    zone = os.environ.get("TZ", "the system zone")
    return f"wall clock pinned: started at {instant.isoformat()} (TZ={zone}), ticking"


_INSTANT = pytest.StashKey[datetime]()
