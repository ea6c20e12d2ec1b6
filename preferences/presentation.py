"""Podero's device state in the homeowner's words: the sentences and labels the pages show."""

from dataclasses import dataclass
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import podero
from preferences.podero import DeviceKind

Level = Literal["ok", "warn", "bad"]

DEVICE_PAGE = {
    DeviceKind.HEAT_PUMP: "preferences:heat-pump",
    DeviceKind.ELECTRIC_VEHICLE: "preferences:ev",
    DeviceKind.INVERTER: "preferences:inverter",
}

# The dashboard guide's names for the heat pump's current mode (podero-api.md §4.4).
HEAT_PUMP_MODES = {
    "min": gettext_lazy("Min"),
    "low": gettext_lazy("ECO"),
    "mid": gettext_lazy("Comfort"),
    "max": gettext_lazy("Boost"),
}


@dataclass(frozen=True)
class Note:
    """A sentence shown next to a control after something happened."""

    text: str
    level: Level = "ok"


def device_url(kind: str, device_id: object) -> str:
    return reverse(DEVICE_PAGE[DeviceKind(kind)], args=[device_id])


def attention(device: podero.Device) -> str | None:
    """Why the device may not work normally right now, or None."""
    if not device.is_authenticated:
        return _(
            "The connection to the manufacturer has lapsed, so Podero cannot steer this device. "
            "Please reconnect it in the manufacturer's app or contact customer service."
        )
    if device.action_needed:
        return _(
            "Something needs your attention before this device can work normally. Contact customer service."
        )
    if device.connection_status == "error":
        return _(
            "Podero cannot reach this device right now. Changes may only take effect once it is back online."
        )
    if device.connection_status == "warning":
        return _("The connection to this device is unstable. Changes may take longer to take effect.")
    return None


def optimization_label(device: podero.Device) -> str:
    return (
        _("Smart optimization on") if device.is_smart_optimization_active else _("Smart optimization paused")
    )


def connection_label(device: podero.Device) -> tuple[str, Level]:
    labels: dict[str, tuple[str, Level]] = {
        "ok": (_("Connected"), "ok"),
        "warning": (_("Unstable connection"), "warn"),
        "error": (_("Not reachable"), "bad"),
    }
    return labels.get(device.connection_status, (_("Connection unknown"), "warn"))


def key_state(device: podero.Device) -> str:
    """One line with the state that matters most for this kind of device."""
    if isinstance(device, podero.HeatPump):
        if not device.is_smart_optimization_active:
            return _("Not optimizing: following its own schedule")
        mode = HEAT_PUMP_MODES.get(device.current_mode or "", device.current_mode or _("unknown"))
        return _("Running in %(mode)s mode") % {"mode": mode}
    if isinstance(device, podero.ElectricVehicle):
        return vehicle_state(device)
    if isinstance(device, podero.Inverter):
        production = (device.current_solar_production_w or 0) / 1000
        line = _("Producing %(kw).1f kW") % {"kw": production}
        if device.is_battery_connected and device.battery_charge_level_percent is not None:
            line += " · " + _("battery %(percent)s %%") % {"percent": device.battery_charge_level_percent}
        return line
    return ""


def vehicle_state(vehicle: podero.ElectricVehicle) -> str:
    """The dashboard guide's plug state (podero-api.md §5.4) with the battery level."""
    if not vehicle.is_plugged_in:
        plug = _("Unplugged")
    elif vehicle.is_charging:
        plug = _("Charging")
    else:
        plug = _("Plugged in")
    if vehicle.battery_level is None:
        return plug
    return _("%(plug)s · battery %(percent)s %%") % {"plug": plug, "percent": vehicle.battery_level}


def charge_deadline_summary(vehicle: podero.ElectricVehicle) -> str:
    if not vehicle.is_charge_policy_enabled:
        return _("No deadline: charging in the cheapest hours")
    return _("At least %(percent)s %% by %(time)s") % {
        "percent": vehicle.minimum_charge_limit,
        "time": vehicle.charge_deadline_at,
    }


def failure_note(exc: podero.PoderoError) -> Note:
    """A Podero failure in plain words. Never claims "nothing changed" when a write may have been applied."""
    if isinstance(exc, podero.PoderoUnavailable) and exc.outcome_unknown:
        return Note(
            _(
                "Podero did not answer in time. Your change may still take effect: "
                "refresh the page in a minute to see the current state."
            ),
            "warn",
        )
    if isinstance(exc, podero.PoderoUnavailable):
        return Note(
            _(
                "We couldn't reach your device's service right now. Nothing was changed. Please try again in a minute."
            ),
            "bad",
        )
    if isinstance(exc, podero.PoderoRejected):
        return Note(_("Podero did not accept these values: %(why)s") % {"why": exc.message}, "bad")
    if isinstance(exc, podero.PoderoNotFound):
        return Note(
            _("Podero no longer knows this device. It may have been removed from your account."), "bad"
        )
    return Note(
        _(
            "Something went wrong on our side. Nothing was changed. Please try again later or contact customer service."
        ),
        "bad",
    )


def failure_status(exc: podero.PoderoError) -> int:
    """422 when Podero rejected the values, else 503: Podero, not the request, is the problem."""
    return 422 if isinstance(exc, podero.PoderoRejected) else 503


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    level: Level | None = None


@dataclass(frozen=True)
class DeviceCard:
    """One device on My devices."""

    name: str
    kind_label: str
    url: str
    facts: list[Fact]
    attention: str | None
    updated_at: object


def device_card(device: podero.Device) -> DeviceCard:
    connection, connection_level = connection_label(device)
    facts = [
        Fact(
            _("Smart optimization"),
            _("On") if device.is_smart_optimization_active else _("Paused"),
            "ok" if device.is_smart_optimization_active else "warn",
        ),
        Fact(_("Connection"), connection, connection_level),
        Fact(_("Now"), key_state(device)),
    ]
    if isinstance(device, podero.ElectricVehicle):
        facts.append(Fact(_("Charge now"), BOOST_STATES.get(device.boost_state or "", _("Unknown"))))
        facts.append(Fact(_("Charge deadline"), charge_deadline_summary(device)))
    return DeviceCard(
        name=device.display_name,
        kind_label=DeviceKind(device.kind).label,
        url=device_url(device.kind, device.id),
        facts=facts,
        attention=attention(device),
        updated_at=device.current_state_last_updated_at,
    )


BOOST_STATES = {
    "available": gettext_lazy("Available"),
    "requested": gettext_lazy("Starting…"),
    "ongoing": gettext_lazy("Charging under boost"),
    "unavailable": gettext_lazy("Not available right now"),
}


@dataclass(frozen=True)
class BoostControl:
    """The "Charge now" button as the dashboard guide describes it (podero-api.md §5.4), in words."""

    label: str
    enabled: bool
    explanation: str
    polling: bool = False


def boost_control(vehicle: podero.ElectricVehicle, *, armed: bool) -> BoostControl:
    charge_now = _("Charge now")
    if vehicle.boost_state == "requested":
        return BoostControl(_("Starting…"), False, _("Charging is about to start."), polling=True)
    if vehicle.boost_state == "ongoing":
        return BoostControl(
            _("Charging"), False, _("Charging now at full speed, ignoring prices, until the battery is full or you unplug.")
        )
    if not vehicle.is_plugged_in:
        if armed:
            return BoostControl(
                charge_now, False, _("Charging will start as soon as the car is plugged in. You can still cancel this.")
            )
        return BoostControl(
            charge_now, True, _("The car is unplugged. Charge now makes it start charging as soon as it is plugged in.")
        )
    if vehicle.is_fully_charged:
        return BoostControl(charge_now, False, _("The battery is full."))
    if vehicle.is_charging:
        return BoostControl(charge_now, False, _("The car is already charging."))
    if vehicle.boost_state == "available":
        return BoostControl(
            charge_now, True, _("Charge now starts charging straight away at full speed, ignoring prices.")
        )
    return BoostControl(charge_now, False, _("Charge now is not available right now."))
