"""Charging in words: what an EV's card says on My devices, and the charging plan card's sentences after a save
(what is now in force, what was left undone, the one-off trip target). Said once, for the homeowner's pages and
the admin alike."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from preferences import podero
from preferences.charging import plans
from preferences.dates import weekday_and_day
from preferences.devices import notes
from preferences.devices.notes import Note
from preferences.devices.words import Fact, card_labels

if TYPE_CHECKING:
    from preferences.charging.actions import PlanOutcome
    from preferences.models import TripTarget


@dataclass(frozen=True)
class TripInfo:
    """The active one-off target, in words."""

    sentence: str
    then: str


def trip_info(trip: "TripTarget") -> TripInfo:
    day = weekday_and_day(trip.date)
    return TripInfo(
        sentence=_("Just for the trip on %(day)s: %(target)s.")
        % {"day": day, "target": plans.target_words(plans.trip_day(trip))},
        then=_("Afterwards there is no deadline again.")
        if plans.under_no_deadline(trip)
        else _("Afterwards it goes back to %(target)s.")
        % {"target": plans.target_words(plans.usual_day(trip))},
    )


def saved(outcome: "PlanOutcome") -> Note:
    """What is now in force, or what was left undone (a failure after an earlier write was applied)."""
    if isinstance(outcome.unfinished, podero.PoderoRejected):
        why = _("Podero did not accept the values marked below.")
        return Note(
            _("Only part of the plan was saved. %(why)s Please save it again.") % {"why": why}, "warn"
        )
    if outcome.unfinished is not None:
        why = notes.failure_note(outcome.unfinished).text
        return Note(
            _("Only part of the plan was saved. %(why)s Please save it again.") % {"why": why}, "warn"
        )
    if outcome.sent == 0:
        return Note(_("Nothing to save: this plan is already in force."))
    return Note(_("Saved. Now in force: %(plan)s") % {"plan": plans.summary(outcome.plan)})


def rejected() -> Note:
    return Note(_("Podero did not accept the plan, so nothing was changed. See the marked fields."), "bad")


def trip_set(trip: "TripTarget") -> Note:
    """For staff, on a page that does not show the card: what was set, and what comes after."""
    info = trip_info(trip)
    return Note(f"{info.sentence} {info.then}")


def trip_saved() -> Note:
    """For the homeowner, above the card that now says what was set (and saying it twice reads as two trips)."""
    return Note(_("Saved just for this trip."))


def no_trip_target() -> Note:
    return Note(_("There is no one-off target to cancel."))


# What an EV's card on My devices says (the registry's entry for EVs, devices/kinds.py).


def vehicle_facts(device: podero.DeviceState) -> list[Fact]:
    """What an EV's card adds: whether Charge now can start, and whether a charging plan has a deadline."""
    assert isinstance(device, podero.ElectricVehicle)  # noqa: S101 - the registry pairs kinds and states
    labels = card_labels()
    return [
        Fact(labels.charge_now, charge_now_state(device) or labels.unknown),
        Fact(labels.charging_plan, charge_deadline_summary(device)),
    ]


def vehicle_state(vehicle: podero.DeviceState) -> str:
    """The dashboard guide's plug state (podero-api.md §5.4) with the battery level."""
    assert isinstance(vehicle, podero.ElectricVehicle)  # noqa: S101 - the registry pairs kinds and states
    if vehicle.is_plugged_in is None:  # Podero does not say, or says it in a way we cannot read
        plug = _("Not known whether plugged in")
    elif not vehicle.is_plugged_in:
        plug = _("Unplugged")
    elif vehicle.is_charging:
        plug = _("Charging at full speed") if vehicle.boost_running else _("Charging")
    else:
        plug = _("Plugged in")
    if vehicle.battery_level is None:
        return plug
    return _("%(plug)s · battery %(percent)s %%") % {"plug": plug, "percent": vehicle.battery_level}


def charge_deadline_summary(vehicle: podero.ElectricVehicle) -> str:
    """Without the weekly policy (not read for My devices) only whether there is a deadline is known."""
    if not vehicle.is_charge_policy_enabled:
        return _("No deadline: charging in the cheapest hours")
    return _("Charged by a deadline")


def charge_now_state(vehicle: podero.ElectricVehicle) -> str:
    """Whether Charge now can start, as Podero says; "" when it does not say."""
    if vehicle.boost_offered:
        return _("Can start now: plugged in, not charging")
    if vehicle.boost_requested:
        return _("Starting…")
    if vehicle.boost_running:
        return _("Charging at full speed")
    if vehicle.is_plugged_in is False:  # Charge now then starts it at the next plug-in (podero-api.md §5.5)
        return _("Starts when plugged in")
    if vehicle.boost_unavailable:
        return _("Not possible right now")
    return ""


def objection_words(objection: podero.Objection) -> str:
    """Podero's objection to a value, as a homeowner would put it; never the API's own words."""
    if objection.value == podero.MINIMUM_CHARGE:
        if objection.at_most is not None:
            return _("This car accepts at most %(percent)s %%.") % {"percent": objection.at_most}
        if objection.at_least is not None:
            return _("This car needs at least %(percent)s %%.") % {"percent": objection.at_least}
        return _("This car does not accept this charge level.")
    if objection.value == podero.READY_BY:
        return _("Podero does not accept this time. Enter it as HH:MM, for example 07:00.")
    if objection.value == podero.TIMEZONE:
        return _("Podero does not know this time zone. Enter one such as Europe/Berlin.")
    return _("Podero did not accept this plan. Please check it, or contact customer service.")
