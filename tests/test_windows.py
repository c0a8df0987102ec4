"""The sync's default window, "the last N UTC days up to now", with now pinned where days,
months and local clocks turn: it must stay a UTC window whatever the hour or zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wf_etl.windows import Window


@pytest.mark.parametrize(
    ("now", "start"),
    [
        # 30 s into a new UTC year (still New Year's Eve in New York)
        (datetime(2027, 1, 1, 0, 0, 30, tzinfo=UTC), datetime(2026, 12, 29, tzinfo=UTC)),
        # the first minute of Berlin's summer time (03:00:30 CEST); the CLI passes now in UTC
        (datetime(2027, 3, 28, 1, 0, 30, tzinfo=UTC), datetime(2027, 3, 25, tzinfo=UTC)),
        # the last millisecond of a UTC day
        (datetime(2026, 2, 28, 23, 59, 59, 999000, tzinfo=UTC), datetime(2026, 2, 25, tzinfo=UTC)),
    ],
)
def test_the_default_window_is_whole_utc_days_back_from_now(now: datetime, start: datetime):
    window = Window.from_args(None, None, default_days=3, now=now)
    assert (window.start, window.end) == (start, now)
    assert window.days()[0] == start.date()
    assert window.days()[-1] == now.date()
    assert len(window.days()) == 4


def test_an_explicit_from_keeps_now_as_the_end():
    now = datetime(2026, 11, 1, 5, 59, 30, tzinfo=UTC)  # 01:59:30 EDT, before New York falls back
    window = Window.from_args("2026-10-31", None, default_days=3, now=now)
    assert window.days() == [date(2026, 10, 31), date(2026, 11, 1)]
