"""The writes the portal makes, described before they are sent: method, path, body, and how to read the answer.

Services record a call in the audit trail before `PoderoClient.send` sends it, so the path, the method, the body
and the status that means success are known here only (podero-api.md §4-§6, the setting-preferences seed).
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from types import MappingProxyType
from typing import Any, ClassVar
from uuid import UUID

import requests

from . import answers
from .errors import PoderoBadResponse, PoderoError
from .levels import OptimizationLevel
from .policy import WeeklyChargePolicy
from .sessions import AuthSession
from .types import DeviceKind, DeviceState, ElectricVehicle, parse_device

API_PREFIX = "api/partners/v2.0"


@dataclass(frozen=True, kw_only=True)
class DeviceChanges:
    """A partial update of a device in the portal's words; None leaves a setting as it is (Podero's PUT is
    partial, seed). `ready_by` is a time of day in the car's own time."""

    smart_optimization: bool | None = None
    charge_deadline: bool | None = None
    ready_by: time | None = None
    minimum_charge: int | None = None
    level: OptimizationLevel | None = None  # a heat pump's

    # Our name -> Podero's field (podero-api.md §3, §4.3, §5.3).
    FIELDS: ClassVar[Mapping[str, str]] = MappingProxyType(
        {
            "smart_optimization": "is_smart_optimization_active",
            "charge_deadline": "is_charge_policy_enabled",
            "ready_by": "charge_deadline_at",
            "minimum_charge": "minimum_charge_limit",
            "level": "optimization_level",
        }
    )

    def __bool__(self) -> bool:
        return bool(self.changed())

    def changed(self) -> list[str]:
        """The names of the settings this changes."""
        return [name for name in self.FIELDS if getattr(self, name) is not None]

    @classmethod
    def deadline_of(cls, vehicle: ElectricVehicle, names: Iterable[str] | None = None) -> "DeviceChanges":
        """The car's charge deadline settings as Podero reports them (only `names`, if given): what a plan move
        compares with, and what undo would send back."""
        deadline = vehicle.charge_deadline_at
        now: dict[str, Any] = {
            "charge_deadline": vehicle.is_charge_policy_enabled,
            "ready_by": time.fromisoformat(deadline) if deadline else None,
            "minimum_charge": vehicle.minimum_charge_limit,
        }
        return cls(**{name: value for name, value in now.items() if names is None or name in names})

    @property
    def turns_charge_deadline_off(self) -> bool:
        """Only turning the deadline off: the seed's "policy off" request."""
        return self == DeviceChanges(charge_deadline=False)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name, podero_name in self.FIELDS.items():
            value = getattr(self, name)
            if value is not None:
                body[podero_name] = value.strftime("%H:%M") if isinstance(value, time) else _plain(value)
        return body

    @classmethod
    def from_json(cls, body: Any) -> "DeviceChanges":
        """A body this class wrote (an audit record's request or previous values). Unknown fields are ignored."""
        body = body if isinstance(body, dict) else {}
        values: dict[str, Any] = {}
        for name, podero_name in cls.FIELDS.items():
            if body.get(podero_name) is not None:
                value = body[podero_name]
                values[name] = time.fromisoformat(value) if name == "ready_by" else value
        if "level" in values:
            values["level"] = OptimizationLevel.read(values["level"])
        return cls(**values)

    @classmethod
    def our_name(cls, podero_name: str) -> str | None:
        """Which of our settings a field Podero named in a 422 is, or None."""
        return next((name for name, theirs in cls.FIELDS.items() if theirs == podero_name), None)


def _plain(value: Any) -> Any:
    """An enum as the plain JSON value it stands for."""
    return value.value if isinstance(value, OptimizationLevel) else value


@dataclass(frozen=True)
class Call[T]:
    """One request to Podero. `path` is below the organisation; `success_status` is what Podero answers when it
    did it (recorded in the audit trail); `read` turns the answer into what the caller gets."""

    method: str
    path: str
    body: dict[str, Any] | None
    success_status: int
    read: Callable[[requests.Response], T]
    # Sent as the query, never recorded or logged with the path (a cue's secret, cues.py).
    query: Mapping[str, str] | None = None
    # Podero's error in this call's own terms (cues.py: a 404 is "no longer active"); None: as the client says.
    refine: Callable[[PoderoError], PoderoError] | None = None

    @property
    def is_write(self) -> bool:
        return self.method != "GET"


def get_device(kind: str, *, user_id: UUID | str, device_id: UUID | str) -> Call[DeviceState]:
    path = user_path(user_id, kind, device_id)
    return Call(
        "GET",
        path,
        None,
        200,
        lambda response: read_answer(
            response, lambda body: parse_device(kind, body), method="GET", path=path
        ),
    )


def update_device(
    kind: str, *, user_id: UUID | str, device_id: UUID | str, changes: DeviceChanges | Mapping[str, Any]
) -> Call[DeviceState | None]:
    """PUT exactly the changed settings (`DeviceChanges`, or Podero's fields as they are); Podero answers with
    the device's new state (None: an answer without one we can read, applied all the same)."""
    body = changes.to_json() if isinstance(changes, DeviceChanges) else dict(changes)
    if not body:
        raise ValueError("update_device needs at least one change")
    path = user_path(user_id, kind, device_id)

    def read(response: requests.Response) -> DeviceState | None:
        return read_write_answer(
            response, lambda body: parse_device(kind, body), path=path, what="the device"
        )

    return Call("PUT", path, body, 200, read)


def start_boost(*, user_id: UUID | str, ev_id: UUID | str) -> Call[None]:
    """POST /boost, no body; 409 means "nothing to do" (podero-api.md §5.5, see PoderoConflict)."""
    return Call("POST", user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "boost"), None, 204, _ignore)


def cancel_boost(*, user_id: UUID | str, ev_id: UUID | str) -> Call[None]:
    return Call("DELETE", user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "boost"), None, 204, _ignore)


def put_charge_policy(
    *, user_id: UUID | str, ev_id: UUID | str, policy: WeeklyChargePolicy
) -> Call[WeeklyChargePolicy]:
    """Replace the weekly policy. Reads Podero's version, or `policy` itself if Podero answers without a body."""
    path = user_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "charge-policy")

    def read(response: requests.Response) -> WeeklyChargePolicy:
        # The PUT's answer is undocumented (§5.6 [NOT FOUND]): a 2xx means applied, whatever the body.
        saved = read_write_answer(response, WeeklyChargePolicy.from_json, path=path, what="the policy")
        return policy if saved is None or saved.is_none else saved

    return Call("PUT", path, policy.to_json(), 200, read)


def start_reconnect(
    kind: str, *, user_id: UUID | str, device_id: UUID | str, success_url: str, cancel_url: str
) -> Call[AuthSession | None]:
    """POST .../auth_session: a sign-in session at the manufacturer, which sends the homeowner back to
    `success_url` or `cancel_url` (podero-api.md §9.4). A POST, so never retried. None: no readable answer."""
    path = user_path(user_id, kind, device_id, "auth_session")
    body = {"success_url": success_url, "cancel_url": cancel_url}

    def read(response: requests.Response) -> AuthSession | None:
        return read_write_answer(
            response, AuthSession.from_json, path=path, what="a sign-in address", method="POST"
        )

    return Call("POST", path, body, 200, read)


def _ignore(response: requests.Response) -> None:
    return None


def read_answer[T](
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


def read_write_answer[T](
    response: requests.Response, parse: Callable[[Any], T], *, path: str, what: str, method: str = "PUT"
) -> T | None:
    """A write's 2xx answer: what Podero sent back, or None when it sent back nothing we can read. Never raises:
    the status already said the write was applied. Logs one line when the answer is not `what`."""
    status = response.status_code
    if not response.content.strip():
        answers.log_unexpected(method, path, status, f"applied, answered without {what}", level=logging.INFO)
        return None
    with answers.collecting() as notes:
        try:
            result = parse(_json(response))
        except PoderoBadResponse as exc:
            answers.log_unexpected(
                method, path, status, f"applied, but the answer is not {what} ({exc})", level=logging.INFO
            )
            return None
    if notes:
        answers.log_unexpected(method, path, status, "applied; " + "; ".join(notes))
    return result


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        # `from None`: a JSON decode error carries the whole body.
        raise PoderoBadResponse("the body is not JSON") from None


def user_path(user_id: UUID | str, kind: str, device_id: UUID | str | None = None, *rest: str) -> str:
    parts = [f"users/{_uuid(user_id)}", str(kind)]
    if device_id is not None:
        parts.append(_uuid(device_id))
    return "/".join([*parts, *rest])


def _uuid(value: UUID | str) -> str:
    """Ids go into URLs, so only a real UUID is accepted (no "../" or "?" from a caller's string)."""
    return str(value if isinstance(value, UUID) else UUID(str(value)))


def remark_on_policy(policy: WeeklyChargePolicy) -> str | None:
    """For the record: an answer that is no weekly charge policy at all."""
    return "no weekly charge policy" if policy.is_none else None
