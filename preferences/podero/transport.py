"""The HTTP layer under the client: one pooled session, the retry policy, and network failures as typed errors.

The retry policy lives here and only here (`BoundedRetry`):
- GET, PUT and DELETE are retried (at most 3 times) on a refused or timed-out connection and on 429/502/503/504;
  Podero's PUTs are partial updates and its DELETEs are idempotent (podero-api.md §4.1, §5.5), so repeating
  them is safe. POST (boost, token) is never retried, not even after a refused connection.
- A read timeout or a dropped connection is never retried: the request may be running at Podero, and a web
  request must not wait 4 x the read timeout.
- Backoff is short and capped (0, 0.4, 0.8 s). A Retry-After within MAX_WAIT_S is honoured; a longer one makes us
  give up at once and report it, rather than hold a web request for minutes (urllib3 would sleep it out).
- A 429 is retried once at most: Podero asked us to slow down, and a page must not knock four times in a second.
  The second 429 goes back to the caller (PoderoUnavailable with its retry_after) and counts toward the breaker.
"""

import http.cookiejar
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, InvalidHeader, MaxRetryError, ResponseError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from .errors import PoderoUnavailable

logger = logging.getLogger(__name__)

RETRIED_METHODS = frozenset({"GET", "PUT", "DELETE"})
RETRIED_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRIES = 3
MAX_WAIT_S = 2.0
BACKOFF_FACTOR = 0.2
BACKOFF_MAX_S = 1.0
# The dashboard fetches the three device lists in parallel, for several homeowners at once.
POOL_SIZE = 16

UNKNOWN_OUTCOME = "The change may or may not have been applied."
# Failures that leave us without a usable answer. Others (InvalidURL, MissingSchema, ...) are our own bugs.
_NO_ANSWER = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


class BoundedRetry(Retry):
    """urllib3's Retry, but it gives up instead of sleeping out a long Retry-After, and never retries POST."""

    max_wait_s = MAX_WAIT_S

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 429 and any(earlier.status == 429 for earlier in self.history):
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        # urllib3 raises on a malformed header; treat it as absent and fall back to our backoff.
        try:
            return super().get_retry_after(response)
        except InvalidHeader:
            return None

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Self:
        if error is not None and self._is_connection_error(error) and method not in RETRIED_METHODS:
            raise MaxRetryError(_pool, url or "", error) from error
        wait = self.get_retry_after(response) if response is not None else None
        if wait is not None and wait > self.max_wait_s:
            logger.warning(
                "Podero %s %s: Retry-After %.0f s is too long to wait; giving up", method, url, wait
            )
            raise MaxRetryError(_pool, url or "", ResponseError(f"Retry-After {wait:.0f} s"))
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        cause = f"HTTP {response.status}" if response is not None else type(error).__name__
        logger.warning("Podero %s %s: %s, retrying", method, url, cause)
        return retry


def retry_policy() -> BoundedRetry:
    return BoundedRetry(
        total=MAX_RETRIES,
        connect=MAX_RETRIES,
        read=False,  # False, not 0: urllib3 then re-raises the ReadTimeoutError, which requests maps to ReadTimeout
        status=MAX_RETRIES,
        other=0,
        allowed_methods=RETRIED_METHODS,
        status_forcelist=RETRIED_STATUSES,
        backoff_factor=BACKOFF_FACTOR,
        backoff_max=BACKOFF_MAX_S,
        raise_on_status=False,  # hand back the last 429/5xx so its status and Retry-After reach the caller
        respect_retry_after_header=True,
    )


def build_session() -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_maxsize=POOL_SIZE, max_retries=retry_policy())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["Accept"] = "application/json"
    # Stateless: no cookie set during one homeowner's call may ride along on another's.
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return session


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    path: str,
    timeout: tuple[float, float],
    write: bool,
    **kwargs: Any,
) -> requests.Response:
    """Make one call (retries included) and return whatever status came back; raise PoderoUnavailable if none did.

    `path` is the short form used in logs and messages; `write` says whether the call changes anything at Podero.
    """
    started = time.monotonic()
    try:
        response = session.request(method, url, timeout=timeout, allow_redirects=False, **kwargs)
    except _NO_ANSWER as exc:
        raise _unavailable(exc, method=method, path=path, write=write, started=started) from exc
    logger.debug("Podero %s %s -> %s in %.0f ms", method, path, response.status_code, _ms_since(started))
    return response


def retry_after_seconds(response: requests.Response) -> float | None:
    """Retry-After as seconds from now (delta-seconds or HTTP-date), or None if absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def _unavailable(
    exc: requests.RequestException, *, method: str, path: str, write: bool, started: float
) -> PoderoUnavailable:
    never_sent = _never_sent(exc)
    if never_sent:
        message = f"Could not connect to Podero for {method} {path}; the request was not sent."
    elif isinstance(exc, requests.Timeout):
        message = f"Podero did not answer {method} {path} in time."
    else:
        message = f"The answer from Podero to {method} {path} was lost or cut off."
    outcome_unknown = write and not never_sent
    if outcome_unknown:
        message = f"{message} {UNKNOWN_OUTCOME}"
    logger.warning(
        "Podero %s %s failed after %.0f ms: %s", method, path, _ms_since(started), type(exc).__name__
    )
    return PoderoUnavailable(message, outcome_unknown=outcome_unknown)


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the connection was never established, so Podero cannot have seen the request."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    # NewConnectionError (refused, DNS) is a subclass of ConnectTimeoutError.
    return isinstance(cause, ConnectTimeoutError)


def _ms_since(started: float) -> float:
    return (time.monotonic() - started) * 1000
