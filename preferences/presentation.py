"""Podero's device state in the homeowner's words: the sentences and labels the pages show."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.contrib import messages
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext_lazy

from preferences import absences, podero
from preferences.models import Change, Homeowner
from preferences.podero import DeviceKind

Level = Literal["ok", "warn", "bad"]
# Notes travel through Django's messages across a redirect (pages work without JavaScript).
MESSAGE_LEVELS = {"ok": messages.SUCCESS, "warn": messages.WARNING, "bad": messages.ERROR}
LEVEL_BY_MESSAGE: dict[int, Level] = {messages.SUCCESS: "ok", messages.WARNING: "warn", messages.ERROR: "bad"}

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
    undo_url: str | None = None


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
        # No-break spaces keep a number and its unit on one line on a narrow phone. They are typed as characters
        # in these sentences, not as \u00a0: xgettext would put the escape itself into the catalog.
        line = _("Producing %(kw)s kW") % {"kw": number_format(production, 1)}
        if device.is_battery_connected and device.battery_charge_level_percent is not None:
            percent = round(device.battery_charge_level_percent)  # Podero sends 68.0
            line += " · " + _("battery %(percent)s %%") % {"percent": percent}
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
    return _("%(plug)s · battery %(percent)s %%") % {"plug": plug, "percent": vehicle.battery_level}


def charge_deadline_summary(vehicle: podero.ElectricVehicle) -> str:
    if not vehicle.is_charge_policy_enabled:
        return _("No deadline: charging in the cheapest hours")
    return _("At least %(percent)s %% by %(time)s") % {
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
            _("Charging"),
            False,
            _("Charging now at full speed, ignoring prices, until the battery is full or you unplug."),
        )
    if not vehicle.is_plugged_in:
        if armed:
            return BoostControl(
                charge_now,
                False,
                _("Charging will start as soon as the car is plugged in. You can still cancel this."),
            )
        return BoostControl(
            charge_now,
            True,
            _("The car is unplugged. Charge now makes it start charging as soon as it is plugged in."),
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


# A device's recent changes, for its page, so nothing happens behind the homeowner's back.
ACTIVITY_SENTENCES = {
    Change.Intent.PAUSE_OPTIMIZATION: gettext_lazy("%(who)s paused smart optimization"),
    Change.Intent.RESUME_OPTIMIZATION: gettext_lazy("%(who)s resumed smart optimization"),
    Change.Intent.CHARGE_NOW: gettext_lazy("%(who)s asked to charge now"),
    Change.Intent.CANCEL_BOOST: gettext_lazy("%(who)s cancelled charge now"),
    Change.Intent.SET_CHARGE_DEADLINE: gettext_lazy("%(who)s changed the charge deadline"),
    Change.Intent.DISABLE_CHARGE_POLICY: gettext_lazy("%(who)s turned the charge deadline off"),
    Change.Intent.SET_WEEKLY_SCHEDULE: gettext_lazy("%(who)s changed the weekly schedule"),
}
# The homeowner's own changes: "You" takes another form of the verb in many languages ("Sie haben", "hat").
YOUR_ACTIVITY_SENTENCES = {
    Change.Intent.PAUSE_OPTIMIZATION: gettext_lazy("You paused smart optimization"),
    Change.Intent.RESUME_OPTIMIZATION: gettext_lazy("You resumed smart optimization"),
    Change.Intent.CHARGE_NOW: gettext_lazy("You asked to charge now"),
    Change.Intent.CANCEL_BOOST: gettext_lazy("You cancelled charge now"),
    Change.Intent.SET_CHARGE_DEADLINE: gettext_lazy("You changed the charge deadline"),
    Change.Intent.DISABLE_CHARGE_POLICY: gettext_lazy("You turned the charge deadline off"),
    Change.Intent.SET_WEEKLY_SCHEDULE: gettext_lazy("You changed the weekly schedule"),
}
# Reasons the portal itself gives (stored in English, like the whole audit trail), shown in the viewer's language.
SYSTEM_REASONS = {absences.PAUSE_REASON, absences.RESUME_REASON}
REFUSAL_REASONS = {
    "already_charging": gettext_lazy("already charging"),
    "fully_charged": gettext_lazy("battery already full"),
    "no_active_session": gettext_lazy("no active charging session"),
}


@dataclass(frozen=True)
class ActivityEntry:
    """One line of a device's activity: when, who did what (and why, if staff), and how it ended."""

    at: datetime
    sentence: str
    reason: str
    outcome: str
    level: Level
    restore_url: str | None = None


def activity(changes: Iterable[Change], *, homeowner: Homeowner) -> list[ActivityEntry]:
    """`changes` (with their actor loaded) in the homeowner's words."""
    entries = []
    for change in changes:
        outcome, level = activity_outcome(change)
        entries.append(
            ActivityEntry(
                at=change.created_at,
                sentence=_activity_sentence(change, homeowner),
                reason=_(change.reason) if change.reason in SYSTEM_REASONS else change.reason,
                outcome=outcome,
                level=level,
                restore_url=_restore_url(change),
            )
        )
    return entries


def _activity_sentence(change: Change, homeowner: Homeowner) -> str:
    if change.actor is not None and change.actor_id == homeowner.user_id:
        return str(YOUR_ACTIVITY_SENTENCES.get(change.intent, gettext_lazy("You changed a setting")))
    template = ACTIVITY_SENTENCES.get(change.intent, gettext_lazy("%(who)s changed a setting"))
    return str(template) % {"who": _who(change)}


def _restore_url(change: Change) -> str | None:
    """A weekly schedule that was once set can be set again from the activity list."""
    if change.intent != Change.Intent.SET_WEEKLY_SCHEDULE or change.outcome != Change.Outcome.SUCCEEDED:
        return None
    return reverse("preferences:change-restore-schedule", args=[change.pk])


def activity_outcome(change: Change) -> tuple[str, Level]:
    """How a change ended, in plain words. Pending counts as unknown: its answer never came back."""
    if change.outcome == Change.Outcome.SUCCEEDED:
        return _("Done"), "ok"
    if change.outcome == Change.Outcome.REFUSED:
        why = REFUSAL_REASONS.get(change.conflict_reason, gettext_lazy("Podero could not do it then"))
        return _("Refused: %(why)s") % {"why": why}, "warn"
    if change.outcome == Change.Outcome.REJECTED:
        return _("Not accepted, nothing changed"), "bad"
    if change.outcome == Change.Outcome.FAILED:
        return _("Failed, nothing changed"), "bad"
    return _("May still take effect"), "warn"


def _who(change: Change) -> str:
    """Who made a change that is not the homeowner's own: staff by first name only, never by login or email."""
    if change.actor is None:
        return _("The portal")  # on its own, e.g. resuming after an absence
    first_name = change.actor.first_name.strip()
    if first_name:
        return _("%(name)s from customer service") % {"name": first_name}
    return _("Customer service")


# timesince's own words fit "… old" ("3 Tage alt"); after "ago" a language may decline them ("vor 3 Tagen").
AGO_WORDS = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


def ago(moment: datetime, now: datetime | None = None) -> str:
    """E.g. "5 minutes ago" ("vor 5 Minuten"): how long before `now` (default: now) `moment` was."""
    return _("%(time)s ago") % {"time": timesince(moment, now, time_strings=AGO_WORDS)}
