"""Putting back what a change replaced: Undo of a recent change, and an earlier weekly schedule from the
activity list."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from preferences import podero
from preferences.audit.record import ANYONE, Actor, Result, one_run
from preferences.charging.charge_now import ARMED_DETAIL, send_cancel
from preferences.charging.week import current_schedule, put_weekly_schedule
from preferences.devices.actions import intent_of, update_device
from preferences.models import Change


class NotUndoable(Exception):
    """The change is too old, was not applied, was already undone, or something changed the device since."""


TRIP_INTENTS = (Change.Intent.SET_TRIP_TARGET, Change.Intent.RESTORE_TRIP_TARGET)


def undoable_kind(change: Change) -> bool:
    """Whether a change is of a kind that can be undone: applied, not itself an undo, and we know what it replaced."""
    armed = change.intent == Change.Intent.CHARGE_NOW and change.detail == ARMED_DETAIL
    return (
        change.outcome == Change.Outcome.SUCCEEDED
        and change.device_id is not None
        and change.undoes_id is None
        and change.intent not in TRIP_INTENTS  # a trip's own put-back undoes it (charging/trips.py)
        and (change.previous_values is not None or armed)
    )


def can_undo(change: Change, *, now: datetime) -> bool:
    """Only a device's latest change, applied a few minutes ago, and not itself an undo, can be undone."""
    return (
        undoable_kind(change)
        and now - change.created_at <= timedelta(seconds=settings.UNDO_WINDOW_SECONDS)
        and not Change.objects.filter(device=change.device, created_at__gt=change.created_at).exists()
        and not Change.objects.filter(undoes=change).exists()
    )


def undo(*, change: Change, actor: Actor, now: datetime, reason: str = "") -> Result[Any]:
    """Put back what `change` replaced, with one request: the earlier settings, the earlier schedule, or
    DELETE /boost for a boost armed for the next plug-in. Raises NotUndoable and podero errors.

    At most once per change: requests to undo it at the same time wait for the first and share its outcome."""
    if change.device is None:
        raise NotUndoable
    with one_run(change.device, "undo", change.pk, actor=ANYONE) as run:
        return run.shared(Result) if run.follows else run.keep(_undo(change, actor, now, reason))


def _undo(change: Change, actor: Actor, now: datetime, reason: str) -> Result[Any]:
    change.refresh_from_db()
    if not can_undo(change, now=now):
        raise NotUndoable
    device = change.device
    assert device is not None  # noqa: S101 - can_undo checked it
    if change.intent == Change.Intent.CHARGE_NOW:
        return send_cancel(device, actor, now, reason, undoes=change)
    if change.intent == Change.Intent.SET_WEEKLY_SCHEDULE:
        policy = podero.WeeklyChargePolicy.from_json(change.previous_values)
        return put_weekly_schedule(
            device, policy, actor, now, reason, previous=change.request_body, undoes=change
        )
    values = podero.DeviceChanges.from_json(change.previous_values)
    previous = podero.DeviceChanges.from_json(change.request_body)
    return update_device(
        device, values, intent_of(values, device.kind), actor, now, reason, previous=previous, undoes=change
    )


def restore_weekly_schedule(
    *, change: Change, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.WeeklyChargePolicy]:
    """Send again the weekly schedule that `change` once set. Raises NotUndoable and podero errors."""
    if change.intent != Change.Intent.SET_WEEKLY_SCHEDULE or change.device is None:
        raise NotUndoable
    ev = change.device
    policy = podero.WeeklyChargePolicy.from_json(change.request_body)
    with one_run(ev, Change.Intent.SET_WEEKLY_SCHEDULE, policy.to_json(), actor=actor) as run:
        if run.follows:
            return run.shared(Result)
        return run.keep(put_weekly_schedule(ev, policy, actor, now, reason, previous=current_schedule(ev)))
