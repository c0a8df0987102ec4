"""Bearer authentication as requests auth hooks: a static token, or OAuth2 client credentials.

Both set ``Authorization`` when a request is prepared, so every send (resends included)
carries the current token. Neither ever shows a secret in its repr.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import requests
from requests.auth import AuthBase

MASK = "***"


def bearer(token: str) -> str:
    return f"Bearer {token}"


class StaticTokenAuth(AuthBase):
    """A long-lived token pasted from the Amperity UI; a 401 with it is final."""

    renewable = False

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = bearer(self._token)
        return request

    def renew_after_rejection(self, rejected_header: str | None) -> bool:
        return False

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def __repr__(self) -> str:
        return f"StaticTokenAuth(token={MASK})"


@dataclass(frozen=True)
class AccessToken:
    value: str
    expires_in_s: float


class ClientCredentialsAuth(AuthBase):
    """Exchanges client id + secret for an access token, caches it, renews it before expiry.

    There is no refresh grant, so renewal is a new exchange. The lock makes it one exchange
    even when many threads find the token missing or stale at the same moment.
    """

    renewable = True

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        exchange: Callable[[str, str], AccessToken],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self._client_secret = client_secret
        self._exchange = exchange
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        self._issued: deque[str] = deque(maxlen=8)  # recent tokens, to scrub from messages

    @staticmethod
    def renewal_margin(expires_in_s: float) -> float:
        """Renew 60 s early, or at 90 % of the lifetime for short-lived tokens."""
        return min(60.0, expires_in_s * 0.1)

    def token(self) -> str:
        """The cached access token, exchanging for a new one when missing or nearly expired."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                issued = self._clock()
                fresh = self._exchange(self.client_id, self._client_secret)
                self._token = fresh.value
                self._issued.append(fresh.value)
                self._renew_at = (
                    issued + fresh.expires_in_s - self.renewal_margin(fresh.expires_in_s)
                )
            return self._token

    def renew_after_rejection(self, rejected_header: str | None) -> bool:
        """Drop the token the server refused, unless another thread already replaced it."""
        with self._lock:
            if self._token is not None and rejected_header == bearer(self._token):
                self._token = None
        return True

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = bearer(self.token())
        return request

    def secrets(self) -> tuple[str, ...]:
        return (self._client_secret, *self._issued)

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(client_id={self.client_id!r}, client_secret={MASK})"
