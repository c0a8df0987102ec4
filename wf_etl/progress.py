"""Progress of a long fetch: a bar in a terminal, a line every few seconds anywhere else.

tqdm draws the bar (counts, rate, ETA) when the output is a terminal. The same figures go to
`say` (the Dagster event log, and the CLI's output when it is not a terminal) at most every
`every_s` seconds, so a backfill that runs for hours shows where it is in the run's log.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from tqdm import tqdm


class FetchProgress:
    """Counts one tenant's fetched runs against the planned total."""

    def __init__(
        self,
        tenant: str,
        total: int,
        say: Callable[[str], None],
        *,
        quiet_say: Callable[[str], None] | None = None,
        every_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        bar: bool | None = None,
        position: int = 0,
    ) -> None:
        self.tenant, self.total, self.say = tenant, total, say
        self.every_s, self.clock = every_s, clock
        self.done = 0
        self.started = self.last_said = clock()
        # `bar` None: draw one if stderr is a terminal. Inside a Dagster step stderr is the
        # step's log capture (a pipe that mirrors to the terminal), so the CLI decides before.
        show_bar = sys.stderr.isatty() if bar is None else bar
        self.bar = (
            tqdm(total=total, desc=f"{tenant} fetch", unit="run", position=position, leave=True)
            if show_bar and total
            else None
        )
        if self.bar is not None and quiet_say is not None:
            self.say = quiet_say  # the bar shows the counts; the lines go to the run's log only

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        now = self.clock()
        if now - self.last_said >= self.every_s and self.done < self.total:
            self.last_said = now
            self.say(self.line())

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        left = self.total - self.done
        eta = f", ETA {_duration(left / rate)}" if rate > 0 and left > 0 else ""
        return f"{self.tenant}: fetched {self.done}/{self.total} runs ({rate:.1f}/s{eta})"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def show_progress_lines() -> None:
    """Print the assets' progress lines (logger wf_etl.progress) on stdout as they happen, and
    settle now, while this process still sees its own terminal, whether to draw a bar."""
    import logging
    import os

    from wf_etl.terminal import PrintableFormatter

    os.environ.setdefault("WF_ETL_PROGRESS_BAR", "true" if sys.stderr.isatty() else "false")

    logger = logging.getLogger("wf_etl.progress")
    if not any(getattr(h, "_wf_etl", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        # ids, reasons and server messages come from outside: no control character reaches
        # the terminal (wf_etl.terminal)
        handler.setFormatter(PrintableFormatter("  %(message)s"))
        handler._wf_etl = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
