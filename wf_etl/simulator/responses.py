"""An answer before it is written to the socket."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    status: int
    body: Any  # JSON-serialisable, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    faults: tuple[str, ...] = ()  # the fault kinds that shaped this answer, for the request log


def error(status: int, message: str, **headers: str) -> Response:
    """The contract's error body: exactly status and message (the request id is a header)."""
    return Response(status, {"status": status, "message": message}, dict(headers))
