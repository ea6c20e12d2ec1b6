"""OAuth2 client credentials for Podero (podero-api.md §2.1): fetch a bearer token, cache it, renew it.

The token lives in Django's cache so every process and every client with the same host and client id shares it
(Podero issues no refresh token; we simply ask again). The cache key is a hash, and neither the token nor the
secret is ever logged or put in an exception.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

import requests
from django.core.cache.backends.base import BaseCache
from requests.auth import AuthBase, HTTPBasicAuth

from . import transport
from .answers import log_unexpected
from .errors import PoderoBadResponse, PoderoUnauthorized
from .json_fields import as_object, optional, required, to_float, to_str
from .statuses import raise_for_status

logger = logging.getLogger(__name__)

OAUTH2_ENDPOINT = "oauth2/token/"
# Renew well before Podero's expiry (36000 s, podero-api.md §2.1), so a token never dies mid-request.
SAFETY_MARGIN_S = 300
MIN_TTL_S = 30
# A token answer without a readable expires_in still carries a usable token. Keep it for a tenth of the
# documented lifetime: short enough to renew long before it could lapse (a 401 renews it anyway).
UNSTATED_EXPIRES_IN_S = 3600.0


class BearerAuth(AuthBase):
    """Adds `Authorization: Bearer ...`; given as `auth=` so a ~/.netrc can never replace it."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth(<hidden>)"


def cache_key(base_url: str, client_id: str) -> str:
    digest = hashlib.sha256(f"{base_url}\n{client_id}".encode()).hexdigest()
    return f"podero:token:{digest[:32]}"


def cache_ttl(expires_in: float) -> int:
    """Seconds to keep a token: `expires_in` minus the margin, at least MIN_TTL_S, never beyond expiry."""
    return int(min(expires_in, max(expires_in - SAFETY_MARGIN_S, MIN_TTL_S)))


class TokenSource:
    """Hands out a valid bearer token, fetching one only when the shared cache has none."""

    def __init__(
        self,
        *,
        session: requests.Session,
        base_url: str,
        client_id: str,
        client_secret: str,
        timeout: tuple[float, float],
        cache: BaseCache,
    ) -> None:
        self._session = session
        self._url = f"{base_url}/{OAUTH2_ENDPOINT}"
        self._credentials = HTTPBasicAuth(client_id, client_secret)
        self._timeout = timeout
        self._cache = cache
        self.key = cache_key(base_url, client_id)
        # One fetch at a time per client, so parallel dashboard threads do not all ask for a token at once.
        self._lock = threading.Lock()
        self._own: str | None = None
        self._own_until = 0.0

    def __repr__(self) -> str:
        return f"TokenSource(url={self._url!r})"

    def get(self, shared: Mapping[str, Any] | None = None) -> str:
        """A cached token, or a fresh one. Raises PoderoUnauthorized, PoderoUnavailable or PoderoBadResponse.
        `shared`: what the cache holds under `key`, if the caller has read it already."""
        token = self._cached() if shared is None else shared.get(self.key)
        if token is not None:
            return token
        with self._lock:
            token = self._cached()
            if token is None:
                token, expires_in = self._fetch()
                self._remember(token, expires_in)
            return token

    def invalidate(self, token: str) -> None:
        """Forget `token` after Podero refused it, unless another thread has already replaced it."""
        if self._own == token:
            self._own, self._own_until = None, 0.0
        try:
            if self._cache.get(self.key) == token:
                self._cache.delete(self.key)
        except Exception:
            logger.warning("Podero token: the shared cache failed while forgetting a refused token")

    def _cached(self) -> str | None:
        """The shared token; while the shared cache is down, this process's own copy, so pages keep working."""
        try:
            token: str | None = self._cache.get(self.key)
            return token
        except Exception:
            logger.warning("Podero token: the shared cache failed; using this process's own token")
            return self._own if time.monotonic() < self._own_until else None

    def _remember(self, token: str, expires_in: float) -> None:
        self._own, self._own_until = token, time.monotonic() + cache_ttl(expires_in)
        try:
            self._cache.set(self.key, token, timeout=cache_ttl(expires_in))
        except Exception:
            logger.warning("Podero token: the shared cache failed; this token is kept in this process only")

    def _fetch(self) -> tuple[str, float]:
        response = transport.send(
            self._session,
            "POST",
            self._url,
            path=OAUTH2_ENDPOINT,
            timeout=self._timeout,
            write=False,
            auth=self._credentials,
            headers={"Cache-Control": "no-cache"},
            json={"grant_type": "client_credentials"},
        )
        if response.status_code in (400, 401):
            # oauthlib answers bad client credentials with 401 invalid_client, a bad grant with 400.
            message = f"Podero refused our client credentials (HTTP {response.status_code})"
            log_unexpected("POST", OAUTH2_ENDPOINT, response.status_code, message)
            raise PoderoUnauthorized(message, status=response.status_code)
        raise_for_status(response, method="POST", path=OAUTH2_ENDPOINT, write=False)
        try:
            token = _parse_token(response)
        except PoderoBadResponse as exc:
            log_unexpected("POST", OAUTH2_ENDPOINT, response.status_code, str(exc))
            raise
        logger.info("Podero issued a new access token")
        return token


def _parse_token(response: requests.Response) -> tuple[str, float]:
    try:
        body = as_object(response.json(), "token response")
        token = required(body, "access_token", to_str)
        expires_in = optional(body, "expires_in", to_float)
    # `from None`: the decode error would carry the body, and the body carries the token.
    except ValueError:  # includes requests.JSONDecodeError
        raise PoderoBadResponse("Podero's token response is not JSON", status=response.status_code) from None
    except PoderoBadResponse as exc:
        raise PoderoBadResponse(f"Podero's token response: {exc}", status=response.status_code) from None
    if not token:
        raise PoderoBadResponse("Podero's token response has an empty token", status=response.status_code)
    if expires_in is None or expires_in <= 0:
        what = f"token without a usable expires_in, kept for {UNSTATED_EXPIRES_IN_S:.0f} s"
        log_unexpected("POST", OAUTH2_ENDPOINT, response.status_code, what)
        return token, UNSTATED_EXPIRES_IN_S
    return token, expires_in
