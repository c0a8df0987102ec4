"""A wall-clock deadline per request attempt, from connect to the last byte of the body.

urllib3's ``Timeout`` bounds each socket operation, not their sum: a server that sends one
byte a second never trips a 30 s read timeout and can hold a request forever. So each attempt
runs under a ``RequestDeadline``: a timer that, when it fires, shuts down the socket the
attempt is using, which wakes the blocked read at once. The socket is found through the
connection class below, which hands its socket to the deadline of the thread that sends on
it, when it connects and when it is reused (connections are pooled across threads). The
socket itself is kept: http.client drops the connection's reference to it as soon as the
headers say the connection closes after this answer.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class RequestDeadline:
    """Context manager for one attempt; ``expired`` says whether the timer cut it off."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._done = False
        self._sock: socket.socket | None = None
        self._ends_at = 0.0
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> RequestDeadline:
        _current.deadline = self
        self._ends_at = time.monotonic() + self.seconds
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True
            self._timer.cancel()
        _current.deadline = None

    def remaining(self) -> float:
        return max(0.0, self._ends_at - time.monotonic())

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sock = sock
            if self.expired and not self._done:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)
                return
            # Still connecting (no socket yet): look again shortly, until the attempt ends.
            self._timer = threading.Timer(0.05, self._expire)
            self._timer.daemon = True
            self._timer.start()


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for TLS: it wakes a read blocked in another thread.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _hand_over(connection: HTTPConnection) -> None:
    deadline = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.attach(connection.sock)


class _Registers:
    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _hand_over(self)  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> None:
        _hand_over(self)  # type: ignore[arg-type]  # a reused connection is already connected
        super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_Registers, HTTPConnection):
    pass


class _HTTPSConnection(_Registers, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections a RequestDeadline can cut off."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
