"""Reading an answer's body as a stream, with a cap on its decoded size.

``requests`` would read a whole body into memory and inflate a gzip body completely before
anyone can look at its size: 1 MB of gzip can hold 1 GiB. Here the body is read through
urllib3's streaming reader (``preload_content=False``; urllib3 inflates each piece with a
bounded output size), and reading stops as soon as the decoded bytes pass the cap, so an
oversized answer never costs more than the cap plus one piece of memory.
"""

from __future__ import annotations

import requests

CHUNK_BYTES = 256 * 1024


class TooLarge(Exception):
    """The decoded body passed ``limit`` bytes; raised before it is all read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"answer larger than {limit / 2**20:g} MB")
        self.limit = limit


def is_encoded(response: requests.Response) -> bool:
    return response.headers.get("content-encoding", "").strip().lower() not in ("", "identity")


def read_capped(response: requests.Response, max_bytes: int) -> bytes:
    """The decoded body of a streamed response, or TooLarge once it passes ``max_bytes``."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes and not is_encoded(response):
        raise TooLarge(max_bytes)  # refused on the header alone, without reading a byte
    parts: list[bytes] = []
    size = 0
    for piece in response.raw.stream(CHUNK_BYTES, decode_content=True):
        size += len(piece)
        if size > max_bytes:
            raise TooLarge(max_bytes)
        parts.append(piece)
    return b"".join(parts)


def decode_text(response: requests.Response, data: bytes) -> str:
    """UTF-8 (JSON's encoding) unless the server named a charset; bad bytes become U+FFFD."""
    declared = "charset=" in response.headers.get("content-type", "").lower()
    encoding = (response.encoding if declared else None) or "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")
