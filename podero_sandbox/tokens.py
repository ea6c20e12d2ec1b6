"""Bearer tokens the sandbox's /oauth2/token/ endpoint has handed out."""

import secrets
import time


class TokenBook:
    def __init__(self) -> None:
        self._expires_at: dict[str, float] = {}

    def issue(self, expires_in: float) -> str:
        token = secrets.token_urlsafe(24)
        self._expires_at[token] = time.monotonic() + expires_in
        return token

    def is_valid(self, token: str) -> bool:
        expires_at = self._expires_at.get(token)
        return expires_at is not None and time.monotonic() < expires_at

    def expire_all(self) -> None:
        self._expires_at.clear()
