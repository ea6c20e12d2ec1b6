"""An EV's tile on My devices: what the car is doing and what comes next, from Podero's state, the cached weekly
plan when there is one, and our own record of Charge now (Podero does not report an armed start, §5.5)."""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from preferences import podero
from preferences.charging import plans
from preferences.charging.next_target import has_deadline, next_target
from preferences.devices.tile_lines import Action, Hints, Lines, needing_you

# Our own accepted Charge now is a hint until the car reports again, but not for ever (as on its card).
ASKED_FOR = timedelta(minutes=15)


def ev_lines(state: podero.DeviceState, hints: Hints) -> Lines:
    assert isinstance(state, podero.ElectricVehicle)  # noqa: S101 - the registry pairs kinds and states
    needs = needing_you(state)
    if needs is not None:
        return needs
    battery = _battery(state)
    charge_now = Action(_("Charge now…"), anchor="boost", query="confirm=charge-now")
    if state.boost_running:
        return Lines(
            _("Charging at full speed") + battery, _("Until full, or until you unplug the car"), "ok"
        )
    if state.boost_requested:
        return Lines(_("Charge now is starting") + battery, _("Charging at full speed in a moment"), "ok")
    if state.is_plugged_in is False:
        if _armed(state, hints):
            return Lines(
                _("Unplugged") + battery,
                _("Charge now armed: full speed as soon as it is plugged in"),
                "warn",
                Action(_("Don't start when plugged in"), verb="cancel-boost", secondary=True),
            )
        return Lines(_("Unplugged") + battery, _next_target(state, hints), None, charge_now)
    offer = charge_now if state.boost_offered or state.is_plugged_in is None else None
    if state.is_plugged_in is None:
        return Lines(_("Not known whether plugged in") + battery, _next_target(state, hints), "warn", offer)
    if _just_asked(state, hints):
        return Lines(
            _("Plugged in") + battery, _("You asked to charge now: the car has not reported since"), "ok"
        )
    if state.is_charging:
        return Lines(_("Charging in cheap hours") + battery, _next_target(state, hints), "ok", offer)
    if state.is_fully_charged:
        return Lines(_("Plugged in · battery full"), _("Nothing to charge"), "ok")
    if state.is_charging is None:  # Podero does not say whether it charges
        return Lines(_("Plugged in") + battery, _next_target(state, hints), None, offer)
    if state.boost_unavailable:
        return Lines(
            _("Plugged in, not charging") + battery, _("Charge now is not possible right now"), "warn"
        )
    return Lines(_("Waiting for cheap hours") + battery, _next_target(state, hints), None, offer)


def _battery(state: podero.ElectricVehicle) -> str:
    if state.battery_level is None:
        return ""
    # No-break spaces, typed as characters (as in devices/words.py): the "·" never starts a line.
    return " · " + _("battery %(percent)s %%") % {"percent": state.battery_level}


def _next_target(state: podero.ElectricVehicle, hints: Hints) -> str:
    if not has_deadline(state):
        return _("No deadline: charges in the cheapest hours")
    alone = hints.trip_targets.get(state.id)
    if alone is not None:  # the deadline is on for the trip alone (charging/trips.py)
        return plans.target_words(alone)
    known = next_target(state, zone=hints.zone, now=hints.now, trip=state.id in hints.trips)
    if known is None:
        return _("Charged by the deadline in its charging plan")
    return plans.target_words(known.target)


def _armed(state: podero.ElectricVehicle, hints: Hints) -> bool:
    asked = hints.boosts.get(state.id)
    return asked is not None and asked[0] is True and _unheard_since(state, asked[1])


def _just_asked(state: podero.ElectricVehicle, hints: Hints) -> bool:
    asked = hints.boosts.get(state.id)
    return (
        asked is not None
        and asked[0] is False
        and hints.now - asked[1] <= ASKED_FOR
        and _unheard_since(state, asked[1])
        and not state.boost_offered
    )


def _unheard_since(state: podero.ElectricVehicle, at: datetime) -> bool:
    updated = state.current_state_last_updated_at
    return updated is None or updated <= at
