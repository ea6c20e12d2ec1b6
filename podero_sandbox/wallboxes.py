"""Wallboxes (podero-api.md §7, §5.5): the fourth kind the sandbox serves, registered as any kind is
(kinds.register_kind), with the boost routes a wallbox has of its own and its control routes.

State: `is_plugged_in`, `is_charging`, `charge_rate_w` and `boost_state` are public fields (the last two [INF], see
preferences/podero/wallboxes.py); what Podero keeps to itself is the Device's `boost_for_next_session` (armed
for the next car) and, for a wallbox, `has_active_session` read as "the plugged-in car still takes charge".

- `POST …/wallboxes/{id}/boost`: no car plugged in arms the next one (204); a boost in flight or a charging
  wallbox is 409 `already_charging`; a car that takes no more charge is 409 `fully_charged`; else charging at full
  power starts (204). `internal_error`, the third reason, is injected as a fault
  (`{"status": 409, "body": {"state": "available", "reason": "internal_error"}}`).
- `DELETE …/wallboxes/{id}/boost`: stops a running boost and disarms an armed one; 204 either way (idempotent).
- No `/data`, `/savings` or `/statistics` for wallboxes: the docs show none, so 404.
Lists, details, PUT, reconnect, faults and readings work as for every kind.
"""

from typing import Any

from . import api, control
from .clock import now_iso
from .errors import conflict, not_found
from .kinds import register_kind
from .model import Device
from .seed import DeviceModel, _common_fields
from .state import SandboxState
from .validation import boolean, text
from .wire import Request, Response, no_content, route

WALLBOXES = "wallboxes"
FULL_POWER_W = 11000
IN_FLIGHT = ("requested", "ongoing")
EASEE = DeviceModel("wb", "Wallbox", "Easee", "Charge", 2023, "c10d5e00-0000-4000-8000-0000000eace0")


def wallbox(device_id: str, owner_id: str, **overrides: Any) -> Device:
    fields = (
        _common_fields(device_id, EASEE)
        | {
            "current_mode": None,
            "charge_target_min": 20,
            "charge_target_max": 100,
            "charge_power_max_w": FULL_POWER_W,
            "is_charge_policy_enabled": False,
            "charge_policy_last_updated_at": None,
            "minimum_charge_limit": 80,
            "charge_deadline_at": None,
            "is_over_charge_allowed": False,
            "is_ocpp_connected": True,
            "is_plugged_in": True,
            "is_charging": False,
            "charge_rate_w": 0,
            "boost_state": "available",
        }
        | overrides
    )
    return Device(kind=WALLBOXES, owner_id=owner_id, fields=fields)


def settle(device: Device) -> None:
    """Make the public fields agree: no car, no charging; a boost state from the plug and the charging."""
    fields = device.fields
    if not fields["is_plugged_in"]:
        fields["is_charging"] = False
        device.has_active_session = True  # the next car is another car
    if fields["boost_state"] in IN_FLIGHT and fields["is_charging"]:
        fields["charge_rate_w"] = fields["charge_power_max_w"]
    elif fields["boost_state"] in IN_FLIGHT and not fields["is_plugged_in"]:
        fields["boost_state"] = "unavailable"
    if not fields["is_charging"]:
        fields["charge_rate_w"] = 0
    if fields["boost_state"] not in IN_FLIGHT:
        takes_charge = fields["is_plugged_in"] and not fields["is_charging"] and device.has_active_session
        fields["boost_state"] = "available" if takes_charge else "unavailable"
    fields["current_state_last_updated_at"] = now_iso()


def request_boost(device: Device) -> None:
    fields = device.fields
    if not fields["is_plugged_in"]:
        device.boost_for_next_session = True
        return
    if fields["boost_state"] in IN_FLIGHT or fields["is_charging"]:
        raise conflict(state=fields["boost_state"], reason="already_charging")
    if not device.has_active_session:
        raise conflict(state=fields["boost_state"], reason="fully_charged")
    _charge_at_full_power(device)


def stop_boost(device: Device) -> None:
    device.boost_for_next_session = False
    if device.fields["boost_state"] in IN_FLIGHT:
        device.fields.update(is_charging=False, boost_state="available")
    settle(device)


def plug_in(device: Device) -> None:
    device.fields["is_plugged_in"] = True
    if device.boost_for_next_session:
        _charge_at_full_power(device)
    device.boost_for_next_session = False
    settle(device)


def unplug(device: Device) -> None:
    device.fields.update(is_plugged_in=False, is_charging=False, boost_state="unavailable")
    settle(device)


def car_full(device: Device) -> None:
    """The plugged-in car takes no more charge: charging ends, and Charge now is refused as fully charged."""
    device.has_active_session = False
    device.fields.update(is_charging=False, boost_state="unavailable")
    settle(device)


def _charge_at_full_power(device: Device) -> None:
    device.fields.update(is_charging=True, boost_state="ongoing")
    settle(device)


# The Partner API's wallbox routes


def _owned(state: SandboxState, org_id: str, user_id: str, device_id: str) -> Device:
    return state._owned_device(org_id, user_id, WALLBOXES, device_id)  # called with the lock held


def start_boost(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    with state.lock:
        request_boost(_owned(state, org_id, user_id, device_id))
    return no_content()


def cancel_boost(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    with state.lock:
        stop_boost(_owned(state, org_id, user_id, device_id))
    return no_content()


def no_history(state: SandboxState, request: Request, **path: str) -> Response:
    raise not_found()


# The control API's wallbox routes (test and demo setup)


def _control(change: Any) -> Any:
    def handle(state: SandboxState, request: Request, *, device_id: str) -> Response:
        with state.lock:
            device = state.device_by_id(device_id)
            if device.kind != WALLBOXES:
                raise not_found()
            change(device)
            return Response(
                200, state.internal_view(device) | {"has_active_session": device.has_active_session}
            )

    return handle


WALLBOX = rf"{api.USER}/{WALLBOXES}/(?P<device_id>[^/]+)"
CONTROL = rf"/_sandbox/{WALLBOXES}/{control.DEVICE}"

register_kind(
    WALLBOXES,
    writable={"is_smart_optimization_active": boolean, "comment": text, "is_forecasting_enabled": boolean},
    build=wallbox,
)
# Before the routes every kind shares, which would take /data and /savings.
api.ROUTES[:0] = [
    route(f"{WALLBOX}/boost", POST=start_boost, DELETE=cancel_boost),
    route(f"{WALLBOX}/(?:data|savings|statistics)", GET=no_history),
]
control.ROUTES += [
    route(f"{CONTROL}/plug-in", POST=_control(plug_in)),
    route(f"{CONTROL}/unplug", POST=_control(unplug)),
    route(f"{CONTROL}/car-full", POST=_control(car_full)),
]
