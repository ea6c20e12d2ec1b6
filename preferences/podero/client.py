"""PoderoClient: the only code that knows Podero's hosts, paths, tokens and status codes.

One method per call the portal makes (podero-api.md §4-§6 and the setting-preferences seed). Every method raises
PoderoError subclasses only (see errors.py); ids that are not UUIDs raise ValueError before any request.
"""

import functools
import logging
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

import requests
from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache.backends.base import BaseCache
from django.core.signals import setting_changed

from . import transport
from .auth import BearerAuth, TokenSource
from .breaker import BreakerPolicy, CircuitBreaker
from .errors import PoderoBadResponse, PoderoError, PoderoUnauthorized
from .insights import InsightCalls
from .statuses import raise_for_status
from .types import Device, DeviceKind, WeeklyChargePolicy, parse_device

logger = logging.getLogger(__name__)

API_PREFIX = "api/partners/v2.0"


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
    ) -> None:
        """`token_cache` (Django's default cache unless given) holds the access token and the circuit breaker's
        state, shared by every process that uses the same cache."""
        self.base_url = base_url.rstrip("/")
        self.org_id = org_id
        self._api_root = f"{self.base_url}/{API_PREFIX}/org/{org_id}/"
        self._timeout = timeout
        self._session = transport.build_session()
        shared_cache = token_cache if token_cache is not None else default_cache
        self._tokens = TokenSource(
            session=self._session,
            base_url=self.base_url,
            client_id=client_id,
            client_secret=client_secret,
            timeout=timeout,
            cache=shared_cache,
        )
        self._breaker = CircuitBreaker(
            cache=shared_cache,
            base_url=self.base_url,
            policy=breaker or BreakerPolicy(),
            trial_timeout_s=sum(timeout) * (transport.MAX_RETRIES + 1),
        )

    def __repr__(self) -> str:
        return f"PoderoClient(base_url={self.base_url!r}, org_id={self.org_id!r})"

    def close(self) -> None:
        self._session.close()

    # Devices (podero-api.md §4.1, §5.1, §6.1)

    def list_devices(self, kind: DeviceKind, *, user_id: UUID | str) -> list[Device]:
        kind = DeviceKind(kind)
        return self._call_json("GET", _user_path(user_id, kind), lambda body: _parse_list(kind, body))

    def get_device(self, kind: DeviceKind, *, user_id: UUID | str, device_id: UUID | str) -> Device:
        kind = DeviceKind(kind)
        path = _user_path(user_id, kind, device_id)
        return self._call_json("GET", path, lambda body: parse_device(kind, body))

    def update_device(
        self, kind: DeviceKind, *, user_id: UUID | str, device_id: UUID | str, changes: Mapping[str, Any]
    ) -> Device:
        """Send exactly `changes`: Podero's PUT is a partial update, fields left out stay as they are (seed)."""
        if not changes:
            raise ValueError("update_device needs at least one change")
        kind = DeviceKind(kind)
        path = _user_path(user_id, kind, device_id)
        return self._call_json("PUT", path, lambda body: parse_device(kind, body), json=dict(changes))

    # Boost (podero-api.md §5.5): no body either way; 409 means "nothing to do", see PoderoConflict.

    def start_boost(self, *, user_id: UUID | str, ev_id: UUID | str) -> None:
        self._call("POST", _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "boost"))

    def cancel_boost(self, *, user_id: UUID | str, ev_id: UUID | str) -> None:
        self._call("DELETE", _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "boost"))

    # Weekly charge policy (podero-api.md §5.6)

    def get_charge_policy(self, *, user_id: UUID | str, ev_id: UUID | str) -> WeeklyChargePolicy:
        path = _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "charge-policy")
        return self._call_json("GET", path, WeeklyChargePolicy.from_json)

    def put_charge_policy(
        self, *, user_id: UUID | str, ev_id: UUID | str, policy: WeeklyChargePolicy
    ) -> WeeklyChargePolicy:
        """Replace the weekly policy. Returns Podero's version, or `policy` itself if Podero answers without a body."""
        path = _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "charge-policy")
        response = self._call("PUT", path, json=policy.to_json())
        # The PUT's response is undocumented (§5.6 [NOT FOUND]); an empty 2xx means it was accepted as sent.
        if not response.content.strip():
            return policy
        return _parse(response, WeeklyChargePolicy.from_json, method="PUT", path=path)

    # Plumbing

    def _device_path(self, user_id: UUID | str, kind: DeviceKind, device_id: UUID | str, *rest: str) -> str:
        return _user_path(user_id, kind, device_id, *rest)

    def _call_json[T](
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        *,
        json: dict[str, Any] | None = None,
        **extra: Any,
    ) -> T:
        return _parse(self._call(method, path, json=json, **extra), parse, method=method, path=path)

    def _call(
        self, method: str, path: str, *, json: dict[str, Any] | None = None, **extra: Any
    ) -> requests.Response:
        """One call through the circuit breaker: PoderoCircuitOpen, without sending, while Podero is failing.

        `extra` goes to requests as it is: `params` (the query) and `headers`."""
        ticket = self._breaker.before_call(f"{method} {path}")
        try:
            response = self._call_with_token(method, path, json=json, **extra)
        except PoderoError as exc:
            self._breaker.record_failure(ticket, exc)
            raise
        self._breaker.record_success(ticket)
        return response

    def _call_with_token(
        self, method: str, path: str, *, json: dict[str, Any] | None = None, **extra: Any
    ) -> requests.Response:
        token = self._tokens.get()
        response = self._send(method, path, token, json, **extra)
        if response.status_code == 401:
            # The token expired or was revoked early. A 401 means nothing was processed, so one repeat with a
            # fresh token is safe even for POST.
            logger.info("Podero %s %s: 401, renewing the access token once", method, path)
            self._tokens.invalidate(token)
            response = self._send(method, path, self._tokens.get(), json, **extra)
            if response.status_code == 401:
                raise PoderoUnauthorized(
                    f"Podero refused a fresh access token for {method} {path}", status=401
                )
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
            self._api_root + path,
            path=path,
            timeout=self._timeout,
            write=_is_write(method),
            auth=BearerAuth(token),
            **extra,
        )


def _parse[T](response: requests.Response, parse: Callable[[Any], T], *, method: str, path: str) -> T:
    write = _is_write(method)
    accepted = f"Podero accepted {method} {path}, but" if write else f"Podero answered {method} {path}, but"
    try:
        body = response.json()
    except ValueError:
        # `from None`: a JSON decode error carries the whole body.
        raise PoderoBadResponse(
            f"{accepted} the body is not JSON.", status=response.status_code, outcome_unknown=write
        ) from None
    try:
        return parse(body)
    except PoderoBadResponse as exc:
        raise PoderoBadResponse(
            f"{accepted} the body is not as expected ({exc}).",
            status=response.status_code,
            outcome_unknown=write,
        ) from exc


def _parse_list(kind: DeviceKind, body: Any) -> list[Device]:
    if not isinstance(body, list):
        raise PoderoBadResponse(f"expected a list of {kind.value}, got {type(body).__name__}")
    return [parse_device(kind, item) for item in body]


def _user_path(user_id: UUID | str, kind: DeviceKind, device_id: UUID | str | None = None, *rest: str) -> str:
    parts = [f"users/{_uuid(user_id)}", kind.value]
    if device_id is not None:
        parts.append(_uuid(device_id))
    return "/".join([*parts, *rest])


def _uuid(value: UUID | str) -> str:
    """Ids go into URLs, so only a real UUID is accepted (no "../" or "?" from a caller's string)."""
    return str(value if isinstance(value, UUID) else UUID(str(value)))


def _is_write(method: str) -> bool:
    return method != "GET"


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
    )


def _forget_client(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("PODERO_"):
        get_client.cache_clear()


# django.core.signals.setting_changed is the signal django.test.signals re-exports (sent by override_settings
# and pytest-django's `settings` fixture); importing it from core keeps test machinery out of production imports.
setting_changed.connect(_forget_client, dispatch_uid="preferences.podero.client._forget_client")
