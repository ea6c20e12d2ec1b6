"""Notes: the sentence shown next to a control after something happened, and Podero's failures in plain words."""

import re
from dataclasses import dataclass, replace
from typing import Literal

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import podero

Level = Literal["ok", "warn", "bad"]
# Notes travel through Django's messages across a redirect (pages work without JavaScript).
MESSAGE_LEVELS = {"ok": messages.SUCCESS, "warn": messages.WARNING, "bad": messages.ERROR}
LEVEL_BY_MESSAGE: dict[int, Level] = {messages.SUCCESS: "ok", messages.WARNING: "warn", messages.ERROR: "bad"}

# What the failures views explain: anything else is a bug, logged with the portal's 500 page.
EXPLAINED = (podero.PoderoUnavailable, podero.PoderoRejected, podero.PoderoNotFound)


@dataclass(frozen=True)
class Note:
    """A sentence shown next to a control after something happened."""

    text: str
    level: Level = "ok"
    undo_url: str | None = None

    def with_undo(self, url: str | None) -> "Note":
        return replace(self, undo_url=url) if url else self


# What each intent did, said once for the homeowner's pages and the admin alike.
DONE = {
    "pause": gettext_lazy("Smart optimization is paused. The device follows its own built-in schedule."),
    "resume": gettext_lazy(
        "Smart optimization is on. Podero steers this device to the cheapest hours again."
    ),
    "cancel-boost": gettext_lazy(
        "It will not start charging when plugged in: Podero charges in the cheapest hours."
    ),
    "undone": gettext_lazy("Undone: back to how it was before."),
    "not-undoable": gettext_lazy("This change can no longer be undone."),
    "schedule-restored": gettext_lazy("The earlier per-day targets are back."),
    "no-trip-target": gettext_lazy("There is no one-off target to cancel."),
    "trip-target-cancelled": gettext_lazy("The one-off target is cancelled: the usual plan applies again."),
}


def done(what: str, level: Level = "ok") -> Note:
    return Note(str(DONE[what]), level)


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


def read_failure_note(exc: podero.PoderoError) -> Note:
    """A failed read in plain words: it says what could not be shown, and nothing about changes."""
    if isinstance(exc, podero.PoderoNotFound):
        return Note(str(NO_SUCH_DEVICE), "bad")
    return Note(
        _("We couldn't read your device's current state right now. Please reload the page in a minute."),
        "bad",
    )


# Podero's own limits, in the words of its 422 answers (pydantic's messages).
AT_MOST = re.compile(r"less than or equal to (-?[\d.]+)|less than (-?[\d.]+)")
AT_LEAST = re.compile(r"greater than or equal to (-?[\d.]+)|greater than (-?[\d.]+)")


def rejected_value(label: object, podero_message: str) -> str:
    """Podero's objection to one value, with our field's label and the limit, never Podero's own wording."""
    subject = str(label) if label else _("This value")
    if match := AT_MOST.search(podero_message):
        limit = match.group(1) or match.group(2)
        return _("%(field)s: Podero accepts at most %(limit)s for this device.") % {
            "field": subject,
            "limit": limit,
        }
    if match := AT_LEAST.search(podero_message):
        limit = match.group(1) or match.group(2)
        return _("%(field)s: Podero accepts at least %(limit)s for this device.") % {
            "field": subject,
            "limit": limit,
        }
    return _("%(field)s: Podero did not accept this value.") % {"field": subject}


def failure_status(exc: podero.PoderoError) -> int:
    """422 when Podero rejected the values, else 503: Podero, not the request, is the problem."""
    return 422 if isinstance(exc, podero.PoderoRejected) else 503
