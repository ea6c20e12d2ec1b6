"""The charging plan card's sentences after a save: what is now in force, what was left undone, the one-off
trip target. Said once, for the homeowner's pages and the admin alike."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from preferences import charging_plan, notes, podero, services
from preferences.dates import weekday_and_day
from preferences.models import TripTarget
from preferences.notes import Note


@dataclass(frozen=True)
class TripInfo:
    """The active one-off target, in words."""

    sentence: str
    then: str


def trip_info(trip: TripTarget) -> TripInfo:
    day = weekday_and_day(trip.date)
    return TripInfo(
        sentence=_("Just for the trip on %(day)s: %(target)s.")
        % {"day": day, "target": charging_plan.target_words(services.trip_target(trip))},
        then=_("Afterwards it goes back to %(target)s.")
        % {"target": charging_plan.target_words(services.trip_usual_target(trip))},
    )


def saved(outcome: services.PlanOutcome) -> Note:
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
    return Note(_("Saved. Now in force: %(plan)s") % {"plan": charging_plan.summary(outcome.plan)})


def rejected() -> Note:
    return Note(_("Podero did not accept the plan, so nothing was changed. See the marked fields."), "bad")


def needs_a_deadline() -> Note:
    return Note(_("Choose a plan with a deadline first."), "warn")


def trip_set(trip: TripTarget) -> Note:
    """For staff, on a page that does not show the card: what was set, and what comes after."""
    info = trip_info(trip)
    return Note(f"{info.sentence} {info.then}")


def trip_saved() -> Note:
    """For the homeowner, above the card that now says what was set (and saying it twice reads as two trips)."""
    return Note(_("Saved just for this trip."))
