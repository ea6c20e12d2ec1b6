"""PoderoClient: the only code that knows Podero's hosts, paths, tokens and status codes.

One method per call the portal makes (podero-api.md §4-§6 and the setting-preferences seed). Every method raises
PoderoError subclasses only (see errors.py); ids that are not UUIDs raise ValueError before any request.

Answers are read tolerantly (types.py): for a write, the status decides. A 2xx means applied, whatever the body
(the device, "OK", or nothing at all). Each answer that was not as expected gets one log line (answers.py).
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

from . import answers, transport
from .auth import BearerAuth, TokenSource
from .base_url import API_PREFIX, host_root
from .breaker import BreakerPolicy, CircuitBreaker
from .errors import PoderoBadResponse, PoderoError, PoderoUnauthorized
from .insights import InsightCalls
from .statuses import raise_for_status
from .types import Device, DeviceKind, DeviceList, WeeklyChargePolicy, parse_device, parse_device_list

logger = logging.getLogger(__name__)


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
        """`base_url` is Podero's host root or its API base (base_url.py; ValueError if refused). `token_cache`
        (Django's default cache unless given) holds the access token and the circuit breaker's state, shared by
        every process that uses the same cache."""
        self.base_url = host_root(base_url)
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

    def list_devices(self, kind: DeviceKind, *, user_id: UUID | str) -> DeviceList:
        """The user's devices of `kind`; any Podero describes in a way we cannot read are left out and counted
        in the list's `unreadable` (and logged)."""
        kind = DeviceKind(kind)
        return self._call_json("GET", _user_path(user_id, kind), lambda body: parse_device_list(kind, body))

    def get_device(self, kind: DeviceKind, *, user_id: UUID | str, device_id: UUID | str) -> Device:
        kind = DeviceKind(kind)
        path = _user_path(user_id, kind, device_id)
        return self._call_json("GET", path, lambda body: parse_device(kind, body))

    def update_device(
        self, kind: DeviceKind, *, user_id: UUID | str, device_id: UUID | str, changes: Mapping[str, Any]
    ) -> Device | None:
        """Send exactly `changes`: Podero's PUT is a partial update, fields left out stay as they are (seed).

        Returns the device as Podero answered it, or None when the answer (204, "OK", another shape) carries
        no device we can read: the change was applied all the same, and the caller reads the device again.
        """
        if not changes:
            raise ValueError("update_device needs at least one change")
        kind = DeviceKind(kind)
        path = _user_path(user_id, kind, device_id)
        response = self._call("PUT", path, json=dict(changes))
        return _read_write_answer(
            response, lambda body: parse_device(kind, body), path=path, what="the device"
        )

    # Boost (podero-api.md §5.5): no body either way; 409 means "nothing to do", see PoderoConflict.

    def start_boost(self, *, user_id: UUID | str, ev_id: UUID | str) -> None:
        self._call("POST", _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "boost"))

    def cancel_boost(self, *, user_id: UUID | str, ev_id: UUID | str) -> None:
        self._call("DELETE", _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "boost"))

    # Weekly charge policy (podero-api.md §5.6)

    def get_charge_policy(self, *, user_id: UUID | str, ev_id: UUID | str) -> WeeklyChargePolicy:
        """The weekly policy; `WeeklyChargePolicy.none()` when Podero has none (`"data": null`, or a 404 for the
        policy of a vehicle it knows: both plausible readings of §5.6)."""
        path = _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "charge-policy")
        response = self._call("GET", path, absent_on_404=True)
        if response.status_code == 404:
            answers.log_unexpected("GET", path, 404, "no weekly charge policy", level=logging.INFO)
            return WeeklyChargePolicy.none()
        return _read(
            response,
            WeeklyChargePolicy.from_json,
            method="GET",
            path=path,
            remark=lambda policy: "no weekly charge policy" if policy.is_none else None,
        )

    def put_charge_policy(
        self, *, user_id: UUID | str, ev_id: UUID | str, policy: WeeklyChargePolicy
    ) -> WeeklyChargePolicy:
        """Replace the weekly policy. Returns Podero's version, or `policy` itself if Podero's answer carries
        none we can read (the PUT's answer is undocumented, §5.6 [NOT FOUND]; a 2xx means it was applied)."""
        path = _user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "charge-policy")
        response = self._call("PUT", path, json=policy.to_json())
        saved = _read_write_answer(response, WeeklyChargePolicy.from_json, path=path, what="the policy")
        return policy if saved is None or saved.is_none else saved

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
        ticket = self._breaker.before_call(f"{method} {path}")
        try:
            response = self._call_with_token(method, path, json=json, absent_on_404=absent_on_404, **extra)
        except PoderoError as exc:
            self._breaker.record_failure(ticket, exc)
            raise
        self._breaker.record_success(ticket)
        return response

    def _call_with_token(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        absent_on_404: bool = False,
        **extra: Any,
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
            self._api_root + path,
            path=path,
            timeout=self._timeout,
            write=_is_write(method),
            auth=BearerAuth(token),
            **extra,
        )


def _read[T](
    response: requests.Response,
    parse: Callable[[Any], T],
    *,
    method: str,
    path: str,
    remark: Callable[[T], str | None] = lambda result: None,
) -> T:
    """A read's answer, parsed. Logs one line if anything in it could not be read (a warning), or else if
    `remark` has something to say about the result (for the record); PoderoBadResponse if the whole answer
    cannot be read."""
    status = response.status_code
    with answers.collecting() as notes:
        try:
            result = parse(_json(response))
        except PoderoBadResponse as exc:
            answers.log_unexpected(method, path, status, "; ".join([str(exc), *notes]))
            raise PoderoBadResponse(
                f"Podero answered {method} {path}, but the body is not as expected ({exc}).", status=status
            ) from None
    said = remark(result)
    if notes:
        answers.log_unexpected(method, path, status, "; ".join([*notes, *([said] if said else [])]))
    elif said:
        answers.log_unexpected(method, path, status, said, level=logging.INFO)
    return result


def _read_write_answer[T](
    response: requests.Response, parse: Callable[[Any], T], *, path: str, what: str
) -> T | None:
    """A write's 2xx answer: what Podero sent back, or None when it sent back nothing we can read. Never raises:
    the status already said the write was applied. Logs one line when the answer is not `what`."""
    status = response.status_code
    if not response.content.strip():
        answers.log_unexpected("PUT", path, status, f"applied, answered without {what}", level=logging.INFO)
        return None
    with answers.collecting() as notes:
        try:
            result = parse(_json(response))
        except PoderoBadResponse as exc:
            answers.log_unexpected(
                "PUT", path, status, f"applied, but the answer is not {what} ({exc})", level=logging.INFO
            )
            return None
    if notes:
        answers.log_unexpected("PUT", path, status, "applied; " + "; ".join(notes))
    return result


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        # `from None`: a JSON decode error carries the whole body.
        raise PoderoBadResponse("the body is not JSON") from None


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
