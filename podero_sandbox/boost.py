"""The EV's charging and boost state machine (podero-api.md §5.4, §5.5).

`boost_phase` is what the sandbox remembers about a boost (None, "requested" or "ongoing");
`boost_state` is what the API shows, derived from the phase and the car's plug and charge state.
"""

import uuid
from typing import Any

from .clock import now_iso
from .errors import conflict
from .model import Device

BOOST_CHARGE_RATE_W = 7400
IN_FLIGHT = ("requested", "ongoing")


def refresh(device: Device, *, now: float, start_delay: float) -> None:
    """Bring the car up to date: a requested boost starts charging once `start_delay` has passed."""
    if device.boost_phase == "requested" and now - device.boost_requested_at >= start_delay:
        device.boost_phase = "ongoing"
        device.fields["is_charging"] = True
        device.fields["current_state_last_updated_at"] = now_iso()
    settle(device)


def settle(device: Device) -> None:
    """Make the fields agree with each other and derive `boost_state`."""
    fields = device.fields
    if not fields["is_plugged_in"] or fields["is_fully_charged"]:
        device.boost_phase = None
        fields["is_charging"] = False
    if device.boost_phase == "ongoing" and not fields["is_charging"]:
        device.boost_phase = None
    if not fields["is_charging"]:
        fields["charge_rate_w"] = 0
    elif not fields.get("charge_rate_w"):
        fields["charge_rate_w"] = BOOST_CHARGE_RATE_W
    fields["boost_state"] = _boost_state(device)


def _boost_state(device: Device) -> str:
    fields = device.fields
    if device.boost_phase is not None:
        return device.boost_phase
    if not fields["is_plugged_in"] or fields["is_fully_charged"] or fields["is_charging"]:
        return "unavailable"
    return "available"


def request_boost(device: Device, *, now: float) -> None:
    """POST .../boost: start now, or arm for the next plug-in; raises a 409 ApiError when refused."""
    fields = device.fields
    if not fields["is_plugged_in"]:
        device.boost_for_next_session = True
        return
    state = fields["boost_state"]
    if state in IN_FLIGHT or fields["is_charging"]:
        raise conflict(state=state, reason="already_charging")
    if fields["is_fully_charged"]:
        raise conflict(state=state, reason="fully_charged")
    if not device.has_active_session:
        raise conflict(state=state, reason="no_active_session")
    _start_boost(device, now=now)


def disarm_boost(device: Device) -> None:
    """DELETE .../boost: forget an armed boost; a running boost carries on."""
    device.boost_for_next_session = False


def plug_in(device: Device, *, now: float) -> None:
    fields = device.fields
    fields["is_plugged_in"] = True
    device.has_active_session = True
    _begin_session(device)
    if device.boost_for_next_session and not fields["is_fully_charged"]:
        _start_boost(device, now=now)
    device.boost_for_next_session = False
    _touch(device)


def unplug(device: Device) -> None:
    device.fields["is_plugged_in"] = False
    device.fields["is_charging"] = False
    device.session_id = None
    device.session_started_at = None
    _touch(device)


def fill(device: Device) -> None:
    fields = device.fields
    fields["driving_range"] = _range_at(device, 100)
    fields["battery_level"] = 100
    fields["is_fully_charged"] = True
    fields["is_charging"] = False
    _touch(device)


def set_phase(device: Device, boost_state: str, *, now: float) -> None:
    """Force a boost_state for test setup."""
    if boost_state in IN_FLIGHT:
        device.boost_phase = boost_state
        device.boost_requested_at = now
        device.fields["is_charging"] = boost_state == "ongoing"
    else:
        device.boost_phase = None


def current_session(device: Device) -> dict[str, Any] | None:
    """A small SessionItem while the car charges, else None."""
    fields = device.fields
    if not fields["is_charging"]:
        return None
    if device.session_id is None:
        _begin_session(device)
    start_level = device.session_start_battery_level
    if start_level is None:
        start_level = fields["battery_level"]
    added_kwh = max(fields["battery_level"] - start_level, 0) / 100 * fields["battery_capacity_kwh"]
    return {
        "id": device.session_id,
        "plug_in_time": device.session_started_at,
        "unplug_time": None,
        "inferred_session_end": None,
        "charge_deadline": None,
        "target_soc_pct": fields["minimum_charge_limit"],
        "initial_soc_pct": start_level,
        "final_soc_pct": None,
        "energy_charged_kwh": round(added_kwh, 2),
        "avg_charge_power_kw": round(fields["charge_rate_w"] / 1000, 1),
        "peak_charge_power_kw": round(fields["charge_rate_w"] / 1000, 1),
        "is_at_home": True,
        "session_outcome": None,
    }


def _start_boost(device: Device, *, now: float) -> None:
    device.boost_phase = "requested"
    device.boost_requested_at = now


def _begin_session(device: Device) -> None:
    device.session_id = str(uuid.uuid4())
    device.session_started_at = now_iso()
    device.session_start_battery_level = device.fields["battery_level"]


def _range_at(device: Device, level: int) -> int:
    driving_range: int = device.fields["driving_range"]
    battery_level: int = device.fields["battery_level"]
    if not battery_level:
        return driving_range
    return round(driving_range / battery_level * level)


def _touch(device: Device) -> None:
    device.fields["current_state_last_updated_at"] = now_iso()
