"""The /_sandbox/ control API: test and demo setup. Not part of Podero's API; no auth, not journaled."""

import json
import time
import uuid
from typing import Any

from . import boost
from .errors import ApiError, bad_control_request, not_found
from .model import KINDS, Device, User
from .seed import device_of_kind
from .state import SandboxState
from .store import Config
from .user_lookup import give_customer_numbers
from .wire import Request, Response, dispatch, no_content, route

PREFIX = "/_sandbox/"
BOOST_STATES = ("available", "requested", "ongoing", "unavailable")
INTERNAL_FLAGS = ("boost_for_next_session", "has_active_session")
USER_DEVICE_COUNTS = {
    "heat_pumps": "heat-pumps",
    "electric_vehicles": "electric-vehicles",
    "inverters": "inverters",
}
MAX_DEVICES_PER_KIND = 500


def is_control_path(path: str) -> bool:
    return path.startswith(PREFIX)


def handle(state: SandboxState, request: Request) -> Response:
    try:
        return dispatch(ROUTES, state, request)
    except ApiError as error:
        return Response(error.status, error.body, error.headers)


def _body(request: Request) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        payload = json.loads(request.body)
    except ValueError as exc:
        raise bad_control_request(f"invalid JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise bad_control_request("the body must be a JSON object")
    return payload


def reset(state: SandboxState, request: Request) -> Response:
    state.reset()
    return no_content()


def list_requests(state: SandboxState, request: Request) -> Response:
    return Response(200, state.recorded_requests())


def clear_requests(state: SandboxState, request: Request) -> Response:
    state.clear_requests()
    return no_content()


def list_faults(state: SandboxState, request: Request) -> Response:
    with state.lock:
        return Response(200, state.faults.rules())


def add_fault(state: SandboxState, request: Request) -> Response:
    spec = _body(request)
    with state.lock:
        try:
            rule = state.faults.add(spec)
        except ValueError as exc:
            raise bad_control_request(str(exc)) from None
        return Response(201, rule.as_json())


def clear_faults(state: SandboxState, request: Request) -> Response:
    with state.lock:
        state.faults.clear()
    return no_content()


def expire_tokens(state: SandboxState, request: Request) -> Response:
    state.expire_tokens()
    return no_content()


def show_config(state: SandboxState, request: Request) -> Response:
    with state.lock:
        return Response(200, state.config.as_json())


def update_config(state: SandboxState, request: Request) -> Response:
    spec = _body(request)
    known = Config.__dataclass_fields__
    for key, value in spec.items():
        if key not in known:
            raise bad_control_request(f"unknown config key: {key}")
        if known[key].type is bool:
            if not isinstance(value, bool):
                raise bad_control_request(f"{key} must be true or false")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise bad_control_request(f"{key} must be a number >= 0")
    with state.lock:
        for key, value in spec.items():
            setattr(state.config, key, value)
        return Response(200, state.config.as_json())


def show_readings(state: SandboxState, request: Request) -> Response:
    with state.lock:
        return Response(200, state.readings.as_json())


def choose_readings(state: SandboxState, request: Request) -> Response:
    """{"question": "answer", ...}: answer those questions another way until the next reset."""
    spec = _body(request)
    with state.lock:
        try:
            state.readings.update(spec)
        except ValueError as exc:
            raise bad_control_request(str(exc)) from None
        return Response(200, state.readings.as_json())


def show_device(state: SandboxState, request: Request, *, device_id: str) -> Response:
    with state.lock:
        return Response(200, state.internal_view(state.device_by_id(device_id)))


def merge_into_device(state: SandboxState, request: Request, *, device_id: str) -> Response:
    raw = _body(request)
    with state.lock:
        device = state.device_by_id(device_id)
        _merge(state, device, raw)
        return Response(200, state.internal_view(device))


def _merge(state: SandboxState, device: Device, raw: dict[str, Any]) -> None:
    """Write raw fields without validation, then recompute what is derived from them."""
    if "id" in raw or "kind" in raw:
        raise bad_control_request("a device's id and kind cannot change")
    if raw.get("boost_state", "available") not in BOOST_STATES:
        raise bad_control_request(f"boost_state must be one of {', '.join(BOOST_STATES)}")
    fields = dict(raw)
    owner_id = fields.pop("owner_user_id", device.owner_id)
    if owner_id not in state.users:
        raise bad_control_request(f"no user {owner_id}")
    device.owner_id = owner_id
    for flag in INTERNAL_FLAGS:
        if flag in fields:
            setattr(device, flag, bool(fields.pop(flag)))
    boost_state = fields.pop("boost_state", None)
    if fields.get("charge_policy"):
        device.has_weekly_policy = True
    device.charge_policy.update(fields.pop("charge_policy", None) or {})
    device.fields.update(fields)
    if device.is_ev and boost_state is not None:
        boost.set_phase(device, boost_state, now=time.monotonic())
    state.refresh(device)


def _ev(state: SandboxState, device_id: str) -> Device:
    device = state.device_by_id(device_id)
    if not device.is_ev:
        raise not_found()
    state.refresh(device)
    return device


def plug_in(state: SandboxState, request: Request, *, device_id: str) -> Response:
    with state.lock:
        device = _ev(state, device_id)
        boost.plug_in(device, now=time.monotonic())
        return Response(200, state.internal_view(device))


def unplug(state: SandboxState, request: Request, *, device_id: str) -> Response:
    with state.lock:
        device = _ev(state, device_id)
        boost.unplug(device)
        return Response(200, state.internal_view(device))


def fill(state: SandboxState, request: Request, *, device_id: str) -> Response:
    with state.lock:
        device = _ev(state, device_id)
        boost.fill(device)
        return Response(200, state.internal_view(device))


def list_users(state: SandboxState, request: Request) -> Response:
    with state.lock:
        return Response(200, [_user_summary(state, user_id) for user_id in state.users])


def create_user(state: SandboxState, request: Request) -> Response:
    spec = _body(request)
    counts = {kind: _count(spec, key) for key, kind in USER_DEVICE_COUNTS.items()}
    user_id = str(spec.get("id") or uuid.uuid4())
    with state.lock:
        if user_id in state.users:
            raise ApiError(409, {"detail": f"user {user_id} already exists"})
        state.users[user_id] = _new_user(user_id, spec)
        give_customer_numbers(state.users)
        for kind, count in counts.items():
            for _ in range(count):
                device = device_of_kind(kind, str(uuid.uuid4()), user_id)
                state.devices[device.id] = device
                state.refresh(device)
        return Response(201, _user_summary(state, user_id))


def _count(spec: dict[str, Any], key: str) -> int:
    value: object = spec.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DEVICES_PER_KIND:
        raise bad_control_request(f"{key} must be an integer from 0 to {MAX_DEVICES_PER_KIND}")
    return value


def _new_user(user_id: str, spec: dict[str, Any]) -> User:
    return User(
        id=user_id,
        email=spec.get("email") or f"user-{user_id[:8]}@example.com",
        first_name=spec.get("first_name", "Sandbox"),
        last_name=spec.get("last_name", "User"),
        external_id=spec.get("external_id"),
    )


def _user_summary(state: SandboxState, user_id: str) -> dict[str, Any]:
    owned = [device for device in state.devices.values() if device.owner_id == user_id]
    owned.sort(key=lambda device: KINDS.index(device.kind))
    return state.users[user_id].as_owner() | {
        "devices": [{"kind": device.kind, "id": device.id} for device in owned]
    }


DEVICE = r"(?P<device_id>[^/]+)"
ROUTES = [
    route("/_sandbox/reset", POST=reset),
    route("/_sandbox/requests", GET=list_requests, DELETE=clear_requests),
    route("/_sandbox/faults", GET=list_faults, POST=add_fault, DELETE=clear_faults),
    route("/_sandbox/tokens/expire", POST=expire_tokens),
    route("/_sandbox/config", GET=show_config, POST=update_config),
    route("/_sandbox/readings", GET=show_readings, POST=choose_readings),
    route(f"/_sandbox/devices/{DEVICE}", GET=show_device, POST=merge_into_device),
    route(f"/_sandbox/electric-vehicles/{DEVICE}/plug-in", POST=plug_in),
    route(f"/_sandbox/electric-vehicles/{DEVICE}/unplug", POST=unplug),
    route(f"/_sandbox/electric-vehicles/{DEVICE}/fill", POST=fill),
    route("/_sandbox/users", GET=list_users, POST=create_user),
]
