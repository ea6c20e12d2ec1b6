"""A device's state in the homeowner's words: its card's labels and facts, why it may need attention, what a
heat pump and an inverter are doing, and a pause for a while."""

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from preferences import podero
from preferences.devices.notes import Level

if TYPE_CHECKING:
    from preferences.models import Absence, TimedPause

# The dashboard guide's names for the heat pump's current mode (podero-api.md §4.4).
HEAT_PUMP_MODES = {
    podero.HeatPumpMode.MIN: gettext_lazy("Min"),
    podero.HeatPumpMode.ECO: gettext_lazy("ECO"),
    podero.HeatPumpMode.COMFORT: gettext_lazy("Comfort"),
    podero.HeatPumpMode.BOOST: gettext_lazy("Boost"),
}


# A heat pump's optimisation level (podero-api.md §4.3) in the homeowner's words: a name, and what it means.
LEVEL_NAMES = {
    podero.OptimizationLevel.LOW: gettext_lazy("Gentle"),
    podero.OptimizationLevel.MID: gettext_lazy("Balanced"),
    podero.OptimizationLevel.MAX: gettext_lazy("Maximum savings"),
}
LEVEL_MEANINGS = {
    podero.OptimizationLevel.LOW: gettext_lazy("Small shifts: comfort first, smaller savings."),
    podero.OptimizationLevel.MID: gettext_lazy("Podero's usual: good savings you barely notice."),
    podero.OptimizationLevel.MAX: gettext_lazy("The biggest shifts into cheap hours, for the most savings."),
}
LEVEL_CHOICES = [(level.value, LEVEL_NAMES[level]) for level in podero.OptimizationLevel]


def level_set(level: podero.OptimizationLevel) -> str:
    """The note once the level went through."""
    return _("Savings level set to “%(level)s”. %(meaning)s") % {
        "level": LEVEL_NAMES[level],
        "meaning": LEVEL_MEANINGS[level],
    }


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    level: Level | None = None
    # False for what the device's own page already says above its details (the status line, the switch).
    on_device_page: bool = True


@dataclass(frozen=True)
class DeviceCard:
    """One device's facts: its card on My devices, its "Right now" card, its panel in the admin."""

    name: str
    kind_label: str
    url: str
    facts: list[Fact]
    attention: str | None
    updated_at: datetime | None
    needs_reconnect: bool = False
    status: str = ""  # one line of what the device is doing, first on its page


@dataclass(frozen=True)
class CardLabels:
    """The words that are the same on every device card. My devices shows up to 50 cards: translating these
    on each one cost more than the rest of a card's words together."""

    smart_optimization: str
    smart_charging: str  # a car's smart optimization
    on: str
    paused: str
    off: str
    connection: str
    now: str
    updated: str
    charge_now: str
    unknown: str
    charging_plan: str


def card_labels() -> CardLabels:
    """The card labels in the active language, translated once per language."""
    return _card_labels(get_language())


@functools.cache
def _card_labels(_language: str | None) -> CardLabels:
    return CardLabels(
        smart_optimization=_("Smart optimization"),
        smart_charging=_("Smart charging"),
        on=_("On"),
        paused=_("Paused"),
        off=_("Off"),
        connection=_("Connection"),
        now=_("Now"),
        updated=_("Updated"),
        charge_now=_("Charge now"),
        unknown=_("Unknown"),
        charging_plan=_("Charging plan"),
    )


def attention(device: podero.DeviceState) -> str | None:
    """Why the device may not work normally right now, or None."""
    if not device.is_authenticated:
        return _(
            "The connection to the manufacturer has lapsed, so Podero cannot steer this device. "
            "Reconnect it on this device's page: you sign in with your manufacturer account once more."
        )
    if device.needs_reconnect:
        return _(
            "The manufacturer asks you to sign in again before Podero can steer this device. "
            "Reconnect it on this device's page."
        )
    if device.action_needed:
        return _(
            "Something needs your attention before this device can work normally. Contact customer service."
        )
    if device.unreachable:
        return _(
            "Podero cannot reach this device right now. Changes may only take effect once it is back online."
        )
    if device.connection_unstable:
        return _("The connection to this device is unstable. Changes may take longer to take effect.")
    return None


def optimization_label(device: podero.DeviceState) -> str:
    return (
        _("Smart optimization on") if device.is_smart_optimization_active else _("Smart optimization paused")
    )


def connection_label(device: podero.DeviceState) -> tuple[str, Level]:
    # Only the label shown is translated: My devices asks this of every device.
    if device.connected:
        return _("Connected"), "ok"
    if device.connection_unstable:
        return _("Unstable connection"), "warn"
    if device.unreachable:
        return _("Not reachable"), "bad"
    return _("Connection unknown"), "warn"


def heat_pump_state(device: podero.DeviceState) -> str:
    assert isinstance(device, podero.HeatPump)  # noqa: S101 - the registry pairs kinds and states
    if not device.is_smart_optimization_active:
        return _("Not optimizing: following its own schedule")
    mode = HEAT_PUMP_MODES[device.mode] if device.mode else device.current_mode or _("unknown")
    return _("Running in %(mode)s mode") % {"mode": mode}


def inverter_state(device: podero.DeviceState) -> str:
    assert isinstance(device, podero.Inverter)  # noqa: S101 - the registry pairs kinds and states
    production = (device.current_solar_production_w or 0) / 1000
    # No-break spaces keep a number and its unit on one line on a narrow phone. They are typed as characters
    # in these sentences, not as \u00a0: xgettext would put the escape itself into the catalog.
    line = _("Producing %(kw)s kW") % {"kw": number_format(production, 1)}
    if device.is_battery_connected and device.battery_charge_level_percent is not None:
        percent = round(device.battery_charge_level_percent)  # Podero sends 68.0
        line += " · " + _("battery %(percent)s %%") % {
            "percent": percent
        }  # no-break: the "·" never starts a line
    elif device.is_battery_connected and device.sent_but_unreadable("battery_charge_level_percent"):
        line += " · " + _("battery level not shown: Podero sent one that cannot be right")
    return line


# A pause for a while that Podero did not take, by its length (TimedPause.Length), before the failure's words.
PAUSE_FAILED = {
    "3h": gettext_lazy("Pausing for 3 hours did not work."),
    "morning": gettext_lazy("Pausing until tomorrow morning did not work."),
    "open": gettext_lazy("Pausing until you resume did not work."),
}


def pause_sentence(pause: "TimedPause") -> str:
    """A pause for a while, with the time it ends in the homeowner's time zone."""
    if pause.ends_at is None:
        return _("Smart optimization is paused until you switch it back on.")
    return _("Smart optimization is paused until %(time)s. It switches back on by itself then.") % {
        "time": _pause_end(pause)
    }


def staff_pause_sentence(pause: "TimedPause") -> str:
    """A pause for a while, as staff read it in the admin: who paused, and until when in the admin's one date
    format (SHORT_DATETIME_FORMAT, as its lists)."""
    by_homeowner = pause.created_by_id is None or pause.created_by_id == pause.device.homeowner.user_id
    if pause.ends_at is None:
        if by_homeowner:
            return _("The homeowner paused smart optimization until they switch it back on.")
        return _("Customer service paused smart optimization until it is switched back on.")
    time = _pause_end(pause, "SHORT_DATETIME_FORMAT")
    if by_homeowner:
        return _(
            "The homeowner paused smart optimization until %(time)s (their time). It switches back on by itself "
            "then."
        ) % {"time": time}
    return _(
        "Customer service paused smart optimization until %(time)s (the homeowner's time). It switches back on "
        "by itself then."
    ) % {"time": time}


def away_sentence(absence: "Absence", *, staff: bool = False) -> str:
    """A device "I'm away" paused, with the return time in the homeowner's time zone."""
    back = date_format(absence.returns_at.astimezone(ZoneInfo(absence.homeowner.timezone)), "DATETIME_FORMAT")
    if staff:
        return _(
            "Paused because the homeowner is away until %(time)s (their time). It switches back on by itself then."
        ) % {"time": back}
    return _("Paused because you are away until %(time)s. It switches back on by itself then.") % {
        "time": back
    }


def _pause_end(pause: "TimedPause", date_format_name: str = "DATETIME_FORMAT") -> str:
    assert pause.ends_at is not None  # noqa: S101 - a pause "until I resume" has no end to name
    return date_format(pause.ends_at.astimezone(ZoneInfo(pause.device.homeowner.timezone)), date_format_name)


# Back from reconnecting through a cue (podero-api.md §9.4): when its outcome could not be passed on to Podero.
CUE_GONE_ON_RETURN = gettext_lazy(
    "Podero was no longer waiting to hear how this reconnection went, so nothing was passed on. If the device "
    "still needs reconnecting, start again from its page."
)
CUE_REFUSED_ON_RETURN = gettext_lazy(
    "Podero did not accept how this reconnection went; its link may have expired. If the device still needs "
    "reconnecting, start again from its page."
)
CUE_NOT_REPORTED = gettext_lazy(
    "We couldn't tell Podero how this reconnection went just now. If the device still needs reconnecting, "
    "start again from its page in a minute."
)

# Podero's information notes on a device's page, and marking one read.
NOTE_READ = gettext_lazy("Marked as read.")
NOTE_READ_REFUSED = gettext_lazy(
    "Podero did not accept marking this message as read just now; its link may have expired. Please reload the "
    "page and try again."
)
NOTE_READ_FAILED = gettext_lazy(
    "We couldn't reach Podero just now, so the message is not marked as read yet. Please try again in a minute."
)
