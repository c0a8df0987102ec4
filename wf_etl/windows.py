"""Time windows as the API takes them: UTC, `from` inclusive, `to` exclusive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


class WindowError(ValueError):
    """A date or timestamp the user gave that we cannot read; the message names it."""


def parse_instant(value: str, *, name: str) -> datetime:
    """Read `YYYY-MM-DD` (midnight UTC) or an ISO-8601 timestamp; naive means UTC."""
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise WindowError(
            f"{name} {value!r} is not a date (YYYY-MM-DD) or ISO-8601 timestamp"
        ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """A half-open interval of run creation times, [start, end)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise WindowError(
                f"--to {self.end.isoformat()} must be after --from {self.start.isoformat()}"
            )

    @classmethod
    def from_args(
        cls, date_from: str | None, date_to: str | None, *, default_days: int, now: datetime
    ) -> Window:
        """The CLI's window: default the last `default_days` UTC days up to now."""
        end = parse_instant(date_to, name="--to") if date_to else now
        start = (
            parse_instant(date_from, name="--from")
            if date_from
            else datetime.combine(end.date(), time(), tzinfo=UTC) - timedelta(days=default_days)
        )
        return cls(start, end)

    def days(self) -> list[date]:
        """Every UTC day the window touches, i.e. the daily partitions that cover it."""
        last = (self.end - timedelta(microseconds=1)).date()
        count = (last - self.start.date()).days + 1
        return [self.start.date() + timedelta(days=i) for i in range(count)]

    def clip(self, other: Window) -> Window | None:
        """The overlap of two windows, or None when they do not meet."""
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Window(start, end) if end > start else None

    def __str__(self) -> str:
        return f"[{self.start.isoformat()}, {self.end.isoformat()})"
