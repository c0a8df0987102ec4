"""Text from outside (API answers, files, run ids) made safe to print on a terminal.

A rejection reason quotes the value it refused, and that value came from the API or a file:
an ESC in it would reach the terminal as an escape sequence (recolour, retitle, clear the
screen, hide the lines before it), a newline would forge a line of output, a bidi control
would reorder what is shown. Every line wf-etl prints from such text passes through
``printable``, which spells those characters out as Python escapes instead (ESC -> \\x1b).
What is stored is not changed: the warehouse keeps the text as received.
"""

from __future__ import annotations

import logging
import re

# C0 and C1 controls (newline and tab included: a printed line stays one line), DEL, the
# Unicode line and paragraph separators, and the bidi embedding, override and isolate marks.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _spelled(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def printable(text: object) -> str:
    """``text`` as one line a terminal shows literally."""
    return _UNSAFE.sub(_spelled, str(text))


class PrintableFormatter(logging.Formatter):
    """For handlers that write to a terminal: every formatted record passes ``printable``."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))
