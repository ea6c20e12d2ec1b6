"""What each kind of alert says, in the reader's language: a title for the list and the e-mail's subject, a
sentence saying what happened and what to do, and the page to do it on. Worded when shown, from the facts kept on
the alert, so an alert raised while the homeowner read English reads German once they switch."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences.alerts.models import Alert

# Why an automatic action did not happen (Alert.facts["why"]).
REFUSED = "refused"
NO_ANSWER = "no_answer"

# The settings page's words for each kind: what turning it off stops.
KIND_CHOICES = {
    Alert.Kind.CONNECTION_LAPSED: gettext_lazy("A device's connection to its manufacturer has lapsed"),
    Alert.Kind.ACTION_FAILED: gettext_lazy("A device could not be switched back on automatically"),
    Alert.Kind.AWAY_ENDED: gettext_lazy("Your away period has ended"),
    Alert.Kind.TRIP_NOT_PUT_BACK: gettext_lazy("Your usual charging plan could not be put back after a trip"),
}


@dataclass(frozen=True)
class AlertWords:
    title: str
    sentence: str
    action: str
    url: str


def words_for(alert: Alert) -> AlertWords:
    """The alert in the current language, with the page that deals with it."""
    device = alert.facts.get("device") or _("your device")
    url = alert.device.get_absolute_url() if alert.device is not None else reverse("preferences:dashboard")
    match alert.kind:
        case Alert.Kind.CONNECTION_LAPSED:
            return AlertWords(
                _("Reconnect %(device)s") % {"device": device},
                _(
                    "The connection between %(device)s and its manufacturer has lapsed, so it is not optimised "
                    "now. Sign in at the manufacturer again to reconnect it."
                )
                % {"device": device},
                _("Reconnect"),
                url,
            )
        case Alert.Kind.ACTION_FAILED:
            return AlertWords(
                _("%(device)s was not switched back on") % {"device": device},
                _why_sentence(alert, device),
                _("Check the device"),
                url,
            )
        case Alert.Kind.AWAY_ENDED:
            return AlertWords(
                _("Welcome back: your away period has ended"),
                _("Smart optimization is switched back on for everything paused while you were away."),
                _("See My devices"),
                url,
            )
        case _:
            return AlertWords(
                _("The charging plan of %(device)s was not put back after the trip") % {"device": device},
                _why_sentence(alert, device),
                _("Check the charging plan"),
                url,
            )


# Why an automatic action did not happen, per kind: Podero refused it, or did not answer for a while.
WHY_SENTENCES = {
    (Alert.Kind.ACTION_FAILED, REFUSED): gettext_lazy(
        "Podero refused to switch smart optimization of %(device)s back on at the end of its pause. "
        "Please switch it on yourself on the device page."
    ),
    (Alert.Kind.ACTION_FAILED, NO_ANSWER): gettext_lazy(
        "Podero did not answer when smart optimization of %(device)s was to be switched back on. We keep trying; "
        "you can also switch it on yourself on the device page."
    ),
    (Alert.Kind.TRIP_NOT_PUT_BACK, REFUSED): gettext_lazy(
        "Podero refused to put back the usual charging plan of %(device)s after the trip. Please check the "
        "charging plan."
    ),
    (Alert.Kind.TRIP_NOT_PUT_BACK, NO_ANSWER): gettext_lazy(
        "Podero did not answer when the usual charging plan of %(device)s was to be put back after the trip. We "
        "keep trying; please check the charging plan."
    ),
}


def _why_sentence(alert: Alert, device: str) -> str:
    why = REFUSED if alert.facts.get("why") == REFUSED else NO_ANSWER
    return str(WHY_SENTENCES[(Alert.Kind(alert.kind), why)]) % {"device": device}
