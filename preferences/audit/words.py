"""The audit trail's own words: the reasons the portal gives for what it does on its own (stored in English, like
the whole trail, and shown in the viewer's language), why Podero refused a change, and what Undo did."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from preferences import podero
from preferences.models import Change

PAUSED_FOR_ABSENCE = gettext_noop("Paused for an absence")
RESUMED_AFTER_ABSENCE = gettext_noop("Resumed automatically at the end of an absence")
# "I'm back" before the return date: the homeowner's own action, or staff's ending it in the admin.
CAME_BACK_EARLY = gettext_noop("You came back early")
ABSENCE_ENDED_BY_STAFF = gettext_noop("Absence ended early by customer service")
RESUMED_AFTER_TIMED_PAUSE = gettext_noop("Resumed automatically at the end of a timed pause")
RESTORED_AFTER_TRIP = gettext_noop("Usual target put back after the trip")
SYSTEM_REASONS = {
    PAUSED_FOR_ABSENCE,
    RESUMED_AFTER_ABSENCE,
    CAME_BACK_EARLY,
    ABSENCE_ENDED_BY_STAFF,
    RESUMED_AFTER_TIMED_PAUSE,
    RESTORED_AFTER_TRIP,
}


def reason_in_words(reason: str) -> str:
    """A change's reason for the reader: the portal's own in the reader's language, staff's as they typed it."""
    return _(reason) if reason in SYSTEM_REASONS else reason


# Podero's 409 reasons for Charge now, in words.
REFUSAL_REASONS = {
    podero.ALREADY_CHARGING: gettext_lazy("already charging"),
    podero.FULLY_CHARGED: gettext_lazy("battery already full"),
    podero.NO_ACTIVE_SESSION: gettext_lazy("no active charging session"),
}

# Recorded as a change's detail (in English, like the whole trail): someone else made the same change a moment
# before, nothing ran on the device since, so Podero was not sent it again.
ALREADY_SO = "Already so: the same change was made a moment before; nothing was sent to Podero"

UNDONE = gettext_lazy("Undone: back to how it was before.")
NOT_UNDOABLE = gettext_lazy("This change can no longer be undone.")
SCHEDULE_RESTORED = gettext_lazy("The earlier per-day targets are back.")


def who(change: Change) -> str:
    """Who made a change that is not the homeowner's own: staff by first name only, never by login or email."""
    if change.actor is None:
        return _("The portal")  # on its own, e.g. resuming after an absence
    first_name = change.actor.first_name.strip()
    if first_name:
        return _("%(name)s from customer service") % {"name": first_name}
    return _("Customer service")
