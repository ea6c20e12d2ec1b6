"""A device's recent changes in the homeowner's words, so nothing happens behind their back."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import intents, podero
from preferences.audit import words
from preferences.charging import plans
from preferences.devices.notes import Level
from preferences.models import Change, Homeowner


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
    system_reason: bool = False  # the portal's own reason (not quoted: nobody said it)


def activity(
    changes: Iterable[Change], *, homeowner: Homeowner, schedule_in_force: dict[str, Any] | None = None
) -> list[ActivityEntry]:
    """`changes` (with their actor loaded) in the homeowner's words. `schedule_in_force` (the weekly schedule as
    Podero holds it now, if known) is never offered for restoring: it is already there."""
    entries = []
    for change in one_per_action(changes):
        outcome, level = activity_outcome(change)
        entries.append(
            ActivityEntry(
                at=change.created_at,
                sentence=_activity_sentence(change, homeowner),
                reason=words.reason_in_words(change.reason),
                system_reason=change.reason in words.SYSTEM_REASONS,
                outcome=outcome,
                level=level,
                restore_url=_restore_url(change, schedule_in_force),
                what_changed=what_changed(change),
            )
        )
    return entries


# Intents one action may record in more than one write (a trip target under No deadline: the week, then the
# deadline switched on; its put-back: the deadline off, then the kept week back, charging/trips.py).
ONE_ACTION_INTENTS = (Change.Intent.SET_TRIP_TARGET, Change.Intent.RESTORE_TRIP_TARGET)


def one_per_action(changes: Iterable[Change]) -> list[Change]:
    """`changes` (newest first) with the writes of one action as one: the same trip intent, by the same actor, at
    the same moment (one action's writes share it). The action's line is its last write, unless one of them did
    not succeed: then the first of those, so how the action ended is never said better than it went."""
    kept: list[Change] = []
    for change in changes:
        last = kept[-1] if kept else None
        if last is not None and _same_action(last, change):
            if activity_outcome(last)[1] == "ok" and activity_outcome(change)[1] != "ok":
                kept[-1] = change
            continue
        kept.append(change)
    return kept


def _same_action(one: Change, other: Change) -> bool:
    return (
        one.intent in ONE_ACTION_INTENTS
        and one.intent == other.intent
        and one.created_at == other.created_at
        and one.actor_id == other.actor_id
    )


def what_changed(change: Change) -> str:
    """What a change of the charge deadline or the weekly schedule changed, from what to what; "" for others."""
    before, after = change.previous_values, change.request_body
    if not isinstance(after, dict):
        return ""
    if change.intent == Change.Intent.SET_WEEKLY_SCHEDULE:
        new = _schedule_words(after)
        old = _schedule_words(before) if isinstance(before, dict) else _("No deadline")
        return f"{old} → {new}" if new and old and old != new else new
    if change.intent == Change.Intent.SET_CHARGE_DEADLINE:
        was = podero.DeviceChanges.from_json(before)
        sent = podero.DeviceChanges.from_json(after)
        now = replace(was, **{name: getattr(sent, name) for name in sent.changed()})
        if not was:
            return _deadline_words(now)
        return f"{_deadline_words(was)} → {_deadline_words(now)}"
    return ""


def _deadline_words(values: podero.DeviceChanges) -> str:
    if values.charge_deadline is False:
        return _("No deadline")
    percent = values.minimum_charge
    time = values.ready_by.strftime("%H:%M") if values.ready_by else ""
    if percent is not None and time:
        return _("at least %(percent)s %% by %(time)s") % {"percent": percent, "time": time}
    if time:
        return _("by %(time)s") % {"time": time}
    if percent is not None:
        return _("at least %(percent)s %%") % {"percent": percent}
    return _("charging plan on")


def _schedule_words(body: dict[str, Any]) -> str:
    try:
        week = podero.WeeklyChargePolicy.from_json(body)
    except (TypeError, ValueError, KeyError):
        return ""
    return plans.summary(plans.weekly(week.days, week.timezone))


def _activity_sentence(change: Change, homeowner: Homeowner) -> str:
    said = intents.said(change.intent)
    if change.actor is not None and change.actor_id == homeowner.user_id:
        return str(said.by_you) if said else _("You changed a setting")
    return str(said.by if said else gettext_lazy("%(who)s changed a setting")) % {"who": words.who(change)}


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
    """How a change ended, in plain words. Pending counts as unknown: its answer has not come back (yet)."""
    if change.outcome == Change.Outcome.SUCCEEDED:
        return (
            (_("Already so, nothing sent"), "ok") if change.detail == words.ALREADY_SO else (_("Done"), "ok")
        )
    if change.outcome == Change.Outcome.REFUSED:
        why = words.REFUSAL_REASONS.get(change.conflict_reason, gettext_lazy("Podero could not do it then"))
        return _("Refused: %(why)s") % {"why": why}, "warn"
    if change.outcome == Change.Outcome.REJECTED:
        return _("Not accepted, nothing changed"), "bad"
    if change.outcome == Change.Outcome.FAILED:
        return _("Failed, nothing changed"), "bad"
    # No answer came (the call was cut off): the sweeper read the device back afterwards (audit/reconcile.py).
    if change.outcome == Change.Outcome.APPLIED:
        return _("Done (checked afterwards)"), "ok"
    if change.outcome == Change.Outcome.NOT_APPLIED:
        return _("Not done (checked afterwards), nothing changed"), "bad"
    if change.outcome == Change.Outcome.UNCHECKED:
        return _("Unknown: Podero could not be checked"), "warn"
    return _("May still take effect"), "warn"
