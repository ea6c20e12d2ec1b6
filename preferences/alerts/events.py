"""The events the worker tells the homeowner of, each with the key that makes it one alert however often it is
noticed. Only the worker's own actions raise them: what the homeowner did themselves (ending an absence early,
cancelling a trip target, resuming a pause by hand) they saw answered on the page, and is not an alert."""

from datetime import datetime

from django.conf import settings

from preferences import podero
from preferences.alerts import words
from preferences.alerts.actions import raise_alert
from preferences.alerts.models import Alert
from preferences.models import Absence, Device, TripTarget

# Podero said no: trying again will not change its mind.
REFUSALS = (podero.PoderoConflict, podero.PoderoRejected, podero.PoderoRefused, podero.PoderoNotFound)


def worth_telling(error: podero.PoderoError, attempts: int) -> str | None:
    """Why an automatic action that failed needs the homeowner (words.REFUSED, words.NO_ANSWER), or None while
    the worker still expects a retry to succeed (fewer than ALERT_AFTER_TRIES failures)."""
    if isinstance(error, REFUSALS):
        return words.REFUSED
    if attempts >= settings.ALERT_AFTER_TRIES:
        return words.NO_ANSWER
    return None


def switch_back_failed(
    *, device: Device, what: str, error: podero.PoderoError, attempts: int, now: datetime
) -> None:
    """The end of a pause (`what`, e.g. "timed_pause:7") did not switch `device` back on."""
    why = worth_telling(error, attempts)
    if why is not None:
        raise_alert(
            homeowner=device.homeowner,
            kind=Alert.Kind.ACTION_FAILED,
            key=f"failed:{what}",
            device=device,
            facts={"why": why},
            now=now,
        )


def trip_not_put_back(*, trip: TripTarget, error: podero.PoderoError, attempts: int, now: datetime) -> None:
    why = worth_telling(error, attempts)
    if why is not None:
        raise_alert(
            homeowner=trip.ev.homeowner,
            kind=Alert.Kind.TRIP_NOT_PUT_BACK,
            key=f"trip:{trip.pk}",
            device=trip.ev,
            facts={"why": why},
            now=now,
        )


def away_ended(*, absence: Absence, now: datetime) -> None:
    raise_alert(homeowner=absence.homeowner, kind=Alert.Kind.AWAY_ENDED, key=f"away:{absence.pk}", now=now)
