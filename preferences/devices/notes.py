"""Notes: the sentence shown next to a control after something happened, and Podero's failures in plain words."""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import podero

if TYPE_CHECKING:
    from preferences.intents import Intent

Level = Literal["ok", "warn", "bad"]
# Notes travel through Django's messages across a redirect (pages work without JavaScript).
MESSAGE_LEVELS = {"ok": messages.SUCCESS, "warn": messages.WARNING, "bad": messages.ERROR}
LEVEL_BY_MESSAGE: dict[int, Level] = {messages.SUCCESS: "ok", messages.WARNING: "warn", messages.ERROR: "bad"}

# What the failures views explain: anything else is a bug, logged with the portal's 500 page.
EXPLAINED = (
    podero.PoderoUnavailable,
    podero.PoderoRejected,
    podero.PoderoNotFound,
    podero.PoderoConflict,
    podero.PoderoRefused,
    podero.PoderoUnauthorized,
)


@dataclass(frozen=True)
class Note:
    """A sentence shown next to a control after something happened."""

    text: str
    level: Level = "ok"
    undo_url: str | None = None
    # Offer Reconnect beside it (the switch went through, but the manufacturer connection has lapsed).
    reconnect: bool = False

    def with_undo(self, url: str | None) -> "Note":
        return replace(self, undo_url=url) if url else self


def done(intent: "Intent", level: Level = "ok") -> Note:
    """What an intent did once it went through (its `done` in intents.py)."""
    return Note(str(intent.done or ""), level)


def failure_note(exc: podero.PoderoError) -> Note:
    """A failed write in plain words. "Nothing was changed" only when the request certainly did not take effect:
    never sent (no connection, the breaker open), or refused before Podero processed it; otherwise it may still
    take effect. The same sentences on the homeowner's pages and in the admin."""
    if isinstance(exc, podero.PoderoUnavailable) and exc.outcome_unknown:
        return Note(str(MAY_STILL_TAKE_EFFECT), "warn")
    if isinstance(exc, podero.PoderoUnavailable):
        return Note(
            _(
                "We couldn't reach your device's service right now. Nothing was changed. Please try again in a minute."
            ),
            "bad",
        )
    if isinstance(exc, podero.PoderoRejected):
        return Note(_("Podero did not accept these values. Nothing was changed."), "bad")
    if isinstance(exc, podero.PoderoNotFound):
        return Note(str(NO_SUCH_DEVICE), "bad")
    if isinstance(exc, podero.PoderoConflict):
        return Note(
            _("Podero refused this change because of your device's current state. Nothing was changed."),
            "bad",
        )
    if isinstance(exc, podero.PoderoUnauthorized):
        return Note(
            _(
                "Podero refused the portal's access just now. Nothing was changed. "
                "Please try again later or contact customer service."
            ),
            "bad",
        )
    if isinstance(exc, podero.PoderoRefused):
        return Note(
            _(
                "Podero refused this request. Nothing was changed. Please try again later or contact customer service."
            ),
            "bad",
        )
    return Note(
        _(
            "Something went wrong on our side. Nothing was changed. Please try again later or contact customer service."
        ),
        "bad",
    )


MAY_STILL_TAKE_EFFECT = gettext_lazy(
    "We did not get a clear answer from Podero. Your change may still take effect: check again in a minute."
)
NO_SUCH_DEVICE = gettext_lazy(
    "Podero no longer knows this device. It may have been removed from your account."
)
# Podero answers 404 for the user's own paths: the login's Podero user id is wrong, or the user is gone.
USER_UNKNOWN = gettext_lazy(
    "Your login is not linked to your account at Podero correctly, so your devices cannot be shown. Please "
    "contact your energy company's customer service: they can correct the link."
)


def read_failure_note(exc: podero.PoderoError) -> Note:
    """A failed read in plain words: it says what could not be shown, and nothing about changes."""
    if isinstance(exc, podero.PoderoNotFound):
        return Note(str(NO_SUCH_DEVICE), "bad")
    return Note(
        _("We couldn't read your device's current state right now. Please reload the page in a minute."),
        "bad",
    )


def failure_status(exc: podero.PoderoError) -> int:
    """422 when Podero rejected the values, else 503: Podero, not the request, is the problem."""
    return 422 if isinstance(exc, podero.PoderoRejected) else 503
