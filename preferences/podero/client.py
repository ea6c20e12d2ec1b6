"""PoderoClient: the only code that knows Podero's hosts, paths, tokens and status codes.

One method per call the portal makes (podero-api.md §4-§6 and the setting-preferences seed). Every method raises
PoderoError subclasses only (see errors.py); ids that are not UUIDs raise ValueError before any request.

Answers are read tolerantly (types.py): for a write, the status decides. A 2xx means applied, whatever the body
(the device, "OK", or nothing at all). Each answer that was not as expected gets one log line (answers.py).
"""

import functools
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

import requests
from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache.backends.base import BaseCache
from django.core.signals import setting_changed

from podero_portal import metrics
from preferences import tracing

from . import answers, calls, transport
from .auth import BearerAuth, TokenSource
from .base_url import API_PREFIX, host_root
from .breaker import FAMILIES, BreakerPolicy, CircuitBreaker, Family, family_of
from .calls import read_answer as _read
from .errors import PoderoError, PoderoUnauthorized
from .insights import InsightCalls
from .lists import DeviceList, follow_pages, parse_device_list
from .policy import WeeklyChargePolicy
from .rate_limit import SharedRateLimit
from .statuses import raise_for_status
from .types import DeviceKind, DeviceState

logger = logging.getLogger(__name__)

# How long a call made for a page waits for a place under the rate limit before it goes ahead anyway.
PAGE_RATE_WAIT_S = 1.0


class PoderoClient(InsightCalls):
    def __init__(
        self,
        *,
        base_url: str,
        org_id: str,
        client_id: str,
        client_secret: str,
        timeout: tuple[float, float] = (3.05, 8.0),
        token_cache: BaseCache | None = None,
        breaker: BreakerPolicy | None = None,
        calls_per_second: int = 0,
    ) -> None:
        """`base_url` is Podero's host root or its API base (base_url.py; ValueError if refused). `token_cache`
        (Django's default cache unless given) holds the access token and the circuit breaker's state, shared by
        every process that uses the same cache, as is the limit of `calls_per_second` (0 = none)."""
        self.base_url = host_root(base_url)
        self.org_id = org_id
        self._api_root = f"{self.base_url}/{API_PREFIX}/org/{org_id}/"
        self._timeout = timeout
        self._session = transport.build_session()
        shared_cache = token_cache if token_cache is not None else default_cache
        self._shared_cache = shared_cache
        self._tokens = TokenSource(
            session=self._session,
            base_url=self.base_url,
            client_id=client_id,
            client_secret=client_secret,
            timeout=timeout,
            cache=shared_cache,
        )
        self._breakers: dict[Family, CircuitBreaker] = {
            family: CircuitBreaker(
                cache=shared_cache,
                base_url=self.base_url,
                policy=breaker or BreakerPolicy(),
                trial_timeout_s=sum(timeout) * (transport.MAX_RETRIES + 1),
                family=family,
            )
            for family in FAMILIES
        }
        self._rate = SharedRateLimit(
            cache=shared_cache, base_url=self.base_url, calls_per_second=calls_per_second
        )

    def __repr__(self) -> str:
        return f"PoderoClient(base_url={self.base_url!r}, org_id={self.org_id!r})"

    def close(self) -> None:
        self._session.close()

    def open_breakers(self) -> dict[Family, bool]:
        """Each endpoint family's breaker: whether it refuses calls now."""
        return {family: breaker.is_open() for family, breaker in self._breakers.items()}

    # Devices (podero-api.md §4.1, §5.1, §6.1)

    def list_devices(self, kind: str, *, user_id: UUID | str) -> DeviceList:
        """The user's devices of `kind`; any Podero describes in a way we cannot read are left out and counted
        in the list's `unreadable` (and logged)."""
        path = calls.user_path(user_id, kind)
        parse = functools.partial(parse_device_list, kind)
        first = self._call_json("GET", path, parse)

        def fetch(page_path: str, query: dict[str, str]) -> DeviceList:
            return self._call_json("GET", page_path, parse, params=query)

        return follow_pages(first, fetch, self._api_root, path)

    def get_device(self, kind: str, *, user_id: UUID | str, device_id: UUID | str) -> DeviceState:
        return self.send(calls.get_device(kind, user_id=user_id, device_id=device_id))

    def update_device(
        self,
        kind: str,
        *,
        user_id: UUID | str,
        device_id: UUID | str,
        changes: calls.DeviceChanges | Mapping[str, Any],
    ) -> DeviceState | None:
        """Send exactly `changes`: Podero's PUT is a partial update, fields left out stay as they are (seed).

        Returns the device as Podero answered it, or None when the answer (204, "OK", another shape) carries
        no device we can read: the change was applied all the same, and the caller reads the device again.
        """
        return self.send(calls.update_device(kind, user_id=user_id, device_id=device_id, changes=changes))

    # Boost (podero-api.md §5.5): no body either way; 409 means "nothing to do", see PoderoConflict.

    def start_boost(self, *, user_id: UUID | str, ev_id: UUID | str) -> None:
        self.send(calls.start_boost(user_id=user_id, ev_id=ev_id))

    def cancel_boost(self, *, user_id: UUID | str, ev_id: UUID | str) -> None:
        self.send(calls.cancel_boost(user_id=user_id, ev_id=ev_id))

    # Weekly charge policy (podero-api.md §5.6)

    def get_charge_policy(self, *, user_id: UUID | str, ev_id: UUID | str) -> WeeklyChargePolicy:
        """The weekly policy; `WeeklyChargePolicy.none()` when Podero has none (`"data": null`, or a 404 for the
        policy of a vehicle it knows: both plausible readings of §5.6)."""
        path = calls.user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "charge-policy")
        response = self._call("GET", path, absent_on_404=True)
        if response.status_code == 404:
            answers.log_unexpected("GET", path, 404, "no weekly charge policy", level=logging.INFO)
            return WeeklyChargePolicy.none()
        return _read(
            response,
            WeeklyChargePolicy.from_json,
            method="GET",
            path=path,
            remark=calls.remark_on_policy,
        )

    def put_charge_policy(
        self, *, user_id: UUID | str, ev_id: UUID | str, policy: WeeklyChargePolicy
    ) -> WeeklyChargePolicy:
        """Replace the weekly policy. Returns Podero's version, or `policy` itself if Podero's answer carries
        none we can read (the PUT's answer is undocumented, §5.6 [NOT FOUND]; a 2xx means it was applied)."""
        return self.send(calls.put_charge_policy(user_id=user_id, ev_id=ev_id, policy=policy))

    def send[T](self, call: calls.Call[T]) -> T:
        """Send a described call (calls.py) and read its answer. Raises PoderoError subclasses."""
        extra: dict[str, Any] = {"params": dict(call.query)} if call.query else {}
        try:
            response = self._call(call.method, call.path, json=call.body, **extra)
        except PoderoError as exc:
            if call.refine is None:
                raise
            refined = call.refine(exc)
            if refined is exc:
                raise
            raise refined from None
        return call.read(response)

    # Plumbing

    def _device_path(self, user_id: UUID | str, kind: str, device_id: UUID | str, *rest: str) -> str:
        return calls.user_path(user_id, kind, device_id, *rest)

    def _call_json[T](
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        *,
        json: dict[str, Any] | None = None,
        **extra: Any,
    ) -> T:
        return _read(self._call(method, path, json=json, **extra), parse, method=method, path=path)

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        absent_on_404: bool = False,
        **extra: Any,
    ) -> requests.Response:
        """One call through the circuit breaker: PoderoCircuitOpen, without sending, while Podero is failing.

        `extra` goes to requests as it is: `params` (the query) and `headers`. With `absent_on_404`, a 404 is
        handed back to the caller, which reads it as "none"."""
        family = family_of(method, path)
        breaker = self._breakers[family]
        shared = self._read_shared_state(breaker)
        try:
            ticket = breaker.before_call(f"{method} {path}", shared)
        except PoderoError:
            metrics.PODERO_CALLS.labels(family, method, "circuit_open").inc()
            raise
        self._wait_for_rate_limit()
        started = time.monotonic()
        try:
            response = self._call_with_token(
                method, path, shared, json=json, absent_on_404=absent_on_404, **extra
            )
        except PoderoError as exc:
            _count_call(family, method, exc.status, started)
            breaker.record_failure(ticket, exc)
            raise
        _count_call(family, method, response.status_code, started)
        breaker.record_success(ticket)
        return response

    def _wait_for_rate_limit(self) -> None:
        waited = self._rate.acquire(None if tracing.in_background() else PAGE_RATE_WAIT_S)
        if self._rate.calls_per_second > 0:
            metrics.PODERO_RATE_WAIT_SECONDS.observe(waited)

    def _read_shared_state(self, breaker: CircuitBreaker) -> Mapping[str, Any] | None:
        """The breaker's state and the token in one cache round trip; None if the cache failed (then each reads
        its own and falls back as it does when the cache is down)."""
        try:
            return self._shared_cache.get_many([*breaker.state_keys, self._tokens.key])
        except Exception:
            return None

    def _call_with_token(
        self,
        method: str,
        path: str,
        shared: Mapping[str, Any] | None,
        *,
        json: dict[str, Any] | None = None,
        absent_on_404: bool = False,
        **extra: Any,
    ) -> requests.Response:
        token = self._tokens.get(shared)
        response = self._send(method, path, token, json, **extra)
        if response.status_code == 401:
            # The token expired or was revoked early. A 401 means nothing was processed, so one repeat with a
            # fresh token is safe even for POST.
            logger.info("Podero %s %s: 401, renewing the access token once", method, path)
            self._tokens.invalidate(token)
            response = self._send(method, path, self._tokens.get(), json, **extra)
            if response.status_code == 401:
                message = f"Podero refused a fresh access token for {method} {path}"
                answers.log_unexpected(method, path, 401, message)
                raise PoderoUnauthorized(message, status=401)
        if not (absent_on_404 and response.status_code == 404):
            raise_for_status(response, method=method, path=path, write=_is_write(method))
        return response

    def _send(
        self, method: str, path: str, token: str, json: dict[str, Any] | None, **extra: Any
    ) -> requests.Response:
        if json is not None:
            extra["json"] = json
        return transport.send(
            self._session,
            method,
            self._url(path),
            path=path,
            timeout=self._timeout,
            write=_is_write(method),
            auth=BearerAuth(token),
            **extra,
        )

    def _url(self, path: str) -> str:
        """A path below the organisation, or with a leading "/" below the API's root (device onboarding)."""
        if path.startswith("/"):
            return f"{self.base_url}/{API_PREFIX}{path}"
        return self._api_root + path


def _is_write(method: str) -> bool:
    return method != "GET"


def _count_call(family: Family, method: str, status: int | None, started: float) -> None:
    metrics.PODERO_CALLS.labels(family, method, "none" if status is None else str(status)).inc()
    metrics.PODERO_SECONDS.labels(family).observe(time.monotonic() - started)


@functools.cache
def get_client() -> PoderoClient:
    """The process's client, built from the PODERO_* settings."""
    return PoderoClient(
        base_url=settings.PODERO_BASE_URL,
        org_id=settings.PODERO_ORG_ID,
        client_id=settings.PODERO_CLIENT_ID,
        client_secret=settings.PODERO_CLIENT_SECRET,
        timeout=(
            float(getattr(settings, "PODERO_CONNECT_TIMEOUT", 3.05)),
            float(getattr(settings, "PODERO_READ_TIMEOUT", 8.0)),
        ),
        breaker=BreakerPolicy(
            failures=int(getattr(settings, "PODERO_BREAKER_FAILURES", 5)),
            window_s=float(getattr(settings, "PODERO_BREAKER_WINDOW", 30)),
            cooldown_s=float(getattr(settings, "PODERO_BREAKER_COOLDOWN", 15)),
        ),
        calls_per_second=int(getattr(settings, "PODERO_MAX_CALLS_PER_SECOND", 0)),
    )


def _forget_client(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("PODERO_"):
        get_client.cache_clear()


# django.core.signals.setting_changed is the signal django.test.signals re-exports (sent by override_settings
# and pytest-django's `settings` fixture); importing it from core keeps test machinery out of production imports.
setting_changed.connect(_forget_client, dispatch_uid="preferences.podero.client._forget_client")
