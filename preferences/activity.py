"""A device's recent changes in the homeowner's words, so nothing happens behind their back."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext_lazy, npgettext_lazy
from django.utils.translation import gettext as _

from preferences import absences, charging_plan, podero, timed_pause, trips
from preferences.models import Change, Homeowner
from preferences.notes import Level

ACTIVITY_SENTENCES = {
    Change.Intent.PAUSE_OPTIMIZATION: gettext_lazy("%(who)s paused smart optimization"),
    Change.Intent.RESUME_OPTIMIZATION: gettext_lazy("%(who)s resumed smart optimization"),
    Change.Intent.CHARGE_NOW: gettext_lazy("%(who)s asked to charge now"),
    Change.Intent.CANCEL_BOOST: gettext_lazy("%(who)s cancelled charge now"),
    Change.Intent.SET_CHARGE_DEADLINE: gettext_lazy("%(who)s changed the charge deadline"),
    Change.Intent.DISABLE_CHARGE_POLICY: gettext_lazy("%(who)s turned the charge deadline off"),
    Change.Intent.SET_WEEKLY_SCHEDULE: gettext_lazy("%(who)s changed the weekly schedule"),
    Change.Intent.SET_TRIP_TARGET: gettext_lazy("%(who)s set a target just for the next trip"),
    Change.Intent.RESTORE_TRIP_TARGET: gettext_lazy("%(who)s put the usual target back after the trip"),
    Change.Intent.RECONNECT: gettext_lazy("%(who)s started reconnecting the device to its manufacturer"),
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
    Change.Intent.SET_TRIP_TARGET: gettext_lazy("You set a target just for the next trip"),
    Change.Intent.RESTORE_TRIP_TARGET: gettext_lazy("You put the usual target back after the trip"),
    Change.Intent.RECONNECT: gettext_lazy("You started reconnecting the device to its manufacturer"),
}
# Reasons the portal itself gives (stored in English, like the whole audit trail), shown in the viewer's language.
SYSTEM_REASONS = {
    absences.PAUSE_REASON,
    absences.RESUME_REASON,
    trips.RESTORE_REASON,
    timed_pause.RESUME_REASON,
}
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
    what_changed: str = ""  # e.g. "at least 80 % by 07:00 → at least 90 % by 06:30"


def activity(
    changes: Iterable[Change], *, homeowner: Homeowner, schedule_in_force: dict[str, Any] | None = None
) -> list[ActivityEntry]:
    """`changes` (with their actor loaded) in the homeowner's words. `schedule_in_force` (the weekly schedule as
    Podero holds it now, if known) is never offered for restoring: it is already there."""
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
                restore_url=_restore_url(change, schedule_in_force),
                what_changed=what_changed(change),
            )
        )
    return entries


def what_changed(change: Change) -> str:
    """What a change of the charge deadline or the weekly schedule changed, from what to what; "" for others."""
    before, after = change.previous_values, change.request_body
    if not isinstance(after, dict):
        return ""
    if change.intent == Change.Intent.SET_WEEKLY_SCHEDULE:
        new = _schedule_words(after)
        old = _schedule_words(before) if isinstance(before, dict) else _("no weekly schedule")
        return f"{old} → {new}" if new and old and old != new else new
    if change.intent == Change.Intent.SET_CHARGE_DEADLINE:
        old_values = dict(before or {})
        new_values = old_values | after
        if not old_values:
            return _deadline_words(new_values)
        return f"{_deadline_words(old_values)} → {_deadline_words(new_values)}"
    return ""


def _deadline_words(values: dict[str, Any]) -> str:
    if values.get("is_charge_policy_enabled") is False:
        return _("no deadline")
    percent, time = values.get("minimum_charge_limit"), values.get("charge_deadline_at")
    if percent is not None and time:
        return _("at least %(percent)s %% by %(time)s") % {"percent": percent, "time": str(time)[:5]}
    if time:
        return _("by %(time)s") % {"time": str(time)[:5]}
    if percent is not None:
        return _("at least %(percent)s %%") % {"percent": percent}
    return _("deadline on")


def _schedule_words(body: dict[str, Any]) -> str:
    try:
        week = podero.WeeklyChargePolicy.from_json(body)
    except (TypeError, ValueError, KeyError):
        return ""
    return charging_plan.summary(charging_plan.weekly(week.days, week.timezone))


def _activity_sentence(change: Change, homeowner: Homeowner) -> str:
    if change.actor is not None and change.actor_id == homeowner.user_id:
        return str(
            YOUR_ACTIVITY_SENTENCES.get(Change.Intent(change.intent), gettext_lazy("You changed a setting"))
        )
    template = ACTIVITY_SENTENCES.get(Change.Intent(change.intent), gettext_lazy("%(who)s changed a setting"))
    return str(template) % {"who": _who(change)}


def _restore_url(change: Change, schedule_in_force: dict[str, Any] | None) -> str | None:
    """A weekly schedule that was once set can be set again from the activity list, unless it is in force."""
    if change.intent != Change.Intent.SET_WEEKLY_SCHEDULE or change.outcome != Change.Outcome.SUCCEEDED:
        return None
    if schedule_in_force is not None and _same_schedule(change.request_body, schedule_in_force):
        return None
    return reverse("preferences:change-restore-schedule", args=[change.pk])


def _same_schedule(body: Any, in_force: dict[str, Any]) -> bool:
    try:
        return podero.WeeklyChargePolicy.from_json(body) == podero.WeeklyChargePolicy.from_json(in_force)
    except (TypeError, ValueError, KeyError):
        return False


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
    if now is None:  # as timesince does: a naive moment is measured against a naive now
        now = datetime.now(UTC if timezone.is_aware(moment) else None)
    seconds = (now - moment).total_seconds()
    if 0 <= seconds < FOUR_WEEKS_SECONDS:
        # Below four weeks the words depend on the whole minutes alone (no calendar months yet): My devices
        # says the same "5 minutes ago" for most of its cards, worked out once.
        return _ago_minutes(get_language(), int(seconds // 60))
    return _ago(moment, now)


FOUR_WEEKS_SECONDS = 28 * 24 * 60 * 60


@functools.lru_cache(maxsize=1024)
def _ago_minutes(language: str | None, minutes: int) -> str:
    reference = datetime(2000, 1, 1, tzinfo=UTC)
    return _ago(reference - timedelta(minutes=minutes), reference)


def _ago(moment: datetime, now: datetime) -> str:
    words: dict[str, Any] = dict(AGO_WORDS)  # lazy, so each request gets its own language
    return _("%(time)s ago") % {"time": timesince(moment, now, time_strings=words)}
