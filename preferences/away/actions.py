"""I am away: pause chosen devices until a return date, and resume them then, retrying while Podero is down.

The resume runs in the background worker (`jobs.resume_after_absence`), so it happens even if nobody opens the portal,
and survives restarts: the task waits in the database. Each pause and resume is an ordinary write (actions.py), so
it is in the audit trail like any other change.
"""

import contextlib
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction

from preferences import jobs, podero
from preferences.alerts import events
from preferences.audit import record, single_flight, words
from preferences.audit.record import Actor
from preferences.charging import actions as charging_actions
from preferences.devices import actions, kinds, reads
from preferences.models import Absence, AbsenceDevice, Device, Homeowner, TimedPause


class AlreadyAway(Exception):
    """The homeowner already has an active absence: change its date or end it instead."""


def active_absence(homeowner: Homeowner) -> Absence | None:
    return (
        Absence.objects.filter(homeowner=homeowner, status=Absence.Status.ACTIVE)
        .prefetch_related("devices__device")
        .first()
    )


def start_absence(
    *,
    homeowner: Homeowner,
    devices: Iterable[Device],
    pause_charge_deadlines: bool,
    returns_at: datetime,
    actor: Actor,
    now: datetime,
) -> Absence:
    """Pause smart optimization of `devices` (heat pumps, inverters) and, if asked, the EVs' charge deadlines,
    until `returns_at`. Devices already paused are left alone, so coming back never switches on what the
    homeowner had off. Raises AlreadyAway.

    The same absence asked for at the same time (a double click, two tabs) starts once and all are told so;
    one asked for after it has started is AlreadyAway."""
    devices = list(devices)
    asked = ("start-absence", homeowner.pk, sorted(d.pk for d in devices), pause_charge_deadlines, returns_at)
    key = single_flight.key_for(*asked, record.asker(actor))
    with single_flight.claim(f"homeowner:{homeowner.pk}", key, replay=False) as run:
        if run.follows:
            return run.shared(Absence)
        return run.keep(_start_absence(homeowner, devices, pause_charge_deadlines, returns_at, actor, now))


def _start_absence(
    homeowner: Homeowner,
    devices: list[Device],
    pause_charge_deadlines: bool,
    returns_at: datetime,
    actor: Actor,
    now: datetime,
) -> Absence:
    try:
        with transaction.atomic():
            absence = Absence.objects.create(
                homeowner=homeowner, created_at=now, created_by=jobs.user_of(actor), returns_at=returns_at
            )
    except IntegrityError:  # one absence is active at a time: another one has started
        raise AlreadyAway from None
    for device in devices:
        _pause(absence, device, AbsenceDevice.Setting.OPTIMIZATION, actor, now)
    if pause_charge_deadlines:
        for ev in homeowner.devices.filter(kind__in=charging_kinds()):
            _pause(absence, ev, AbsenceDevice.Setting.CHARGE_DEADLINE, actor, now)
    _schedule_resume(absence, at=returns_at)
    return absence


def change_return(*, absence: Absence, returns_at: datetime) -> None:
    """Move the return date; the resume already waiting for the old date will find nothing to do."""
    absence.returns_at, absence.retry_at = returns_at, None
    absence.save(update_fields=["returns_at", "retry_at"])
    _schedule_resume(absence, at=returns_at)


def end_absence(*, absence: Absence, actor: Actor, now: datetime) -> None:
    """Back early: resume everything now (what fails is retried by the worker)."""
    change_return(absence=absence, returns_at=now)
    resume_if_due(absence_id=absence.pk, now=now, actor=actor)


WAITING = [AbsenceDevice.State.PAUSED, AbsenceDevice.State.RETRYING]
# What coming back switches on again, per setting an absence paused.
RESUMES: dict[str, podero.DeviceChanges] = {
    AbsenceDevice.Setting.OPTIMIZATION: podero.DeviceChanges(smart_optimization=True),
    AbsenceDevice.Setting.CHARGE_DEADLINE: podero.DeviceChanges(charge_deadline=True),
}
RESUMED = words.RESUMED_AFTER_ABSENCE


def resume_if_due(*, absence_id: int, now: datetime, actor: Actor = None) -> None:
    """Resume what the absence paused, if it is over. Devices Podero could not resume are tried again later; the
    absence ends once none is left waiting. The worker also waits for a retry's time."""
    absence = Absence.objects.filter(pk=absence_id).first()
    if absence is None or absence.status != Absence.Status.ACTIVE or absence.returns_at > now:
        return
    if actor is None and not jobs.try_is_due(absence.retry_at, now):
        return
    waiting = list(absence.devices.select_related("device__homeowner").filter(state__in=WAITING))
    for item in waiting:
        _resume(item, actor, now)
    # Also a device another run still had in hand (its outcome not shared): tried again, found done then.
    left = list(absence.devices.filter(state__in=WAITING))
    if left:
        attempts = max(max(item.attempts for item in left), 1)
        absence.retry_at = jobs.retry_later(jobs.resume_after_absence, absence.pk, attempts)
        absence.save(update_fields=["retry_at"])
    else:
        absence.status, absence.ended_at = Absence.Status.ENDED, now
        absence.save(update_fields=["status", "ended_at"])
        if actor is None:
            events.away_ended(absence=absence, now=now)


def _pause(absence: Absence, device: Device, setting: str, actor: Actor, now: datetime) -> None:
    try:
        live = reads.live_device(device)
        if setting == AbsenceDevice.Setting.OPTIMIZATION:
            if not live.is_smart_optimization_active:
                if _take_over_timed_pause(absence, device, now):
                    AbsenceDevice.objects.create(
                        absence=absence,
                        device=device,
                        setting=setting,
                        state=AbsenceDevice.State.PAUSED,
                        updated_at=now,
                    )
                return
            actions.pause_optimization(device=device, actor=actor, now=now, reason=words.PAUSED_FOR_ABSENCE)
        else:
            if not (isinstance(live, podero.ElectricVehicle) and live.is_charge_policy_enabled):
                return
            charging_actions.disable_charge_policy(
                ev=device, actor=actor, now=now, reason=words.PAUSED_FOR_ABSENCE
            )
        state = AbsenceDevice.State.PAUSED
    except podero.PoderoUnavailable as exc:
        # A pause that may have been applied must be resumed later all the same.
        state = AbsenceDevice.State.PAUSED if exc.outcome_unknown else AbsenceDevice.State.NOT_PAUSED
    except podero.PoderoError:
        state = AbsenceDevice.State.NOT_PAUSED
    AbsenceDevice.objects.create(absence=absence, device=device, setting=setting, state=state, updated_at=now)


def _take_over_timed_pause(absence: Absence, device: Device, now: datetime) -> bool:
    """A pause for a while that would end while the homeowner is away now ends with the absence instead, so the
    device is not switched back on in an empty home. A pause "until I resume" stays the homeowner's to end."""
    return bool(
        TimedPause.objects.filter(
            device=device, status=TimedPause.Status.ACTIVE, ends_at__lte=absence.returns_at
        ).update(status=TimedPause.Status.TAKEN_OVER, resumed_at=now)
    )


def _resume(item: AbsenceDevice, actor: Actor, now: datetime) -> None:
    """Once per device, however many ask at once ("I'm back" in two tabs, the worker at the same moment): the
    others wait for the first, and whoever comes later finds it resumed. A failure is recorded on the item by
    whoever ran it, and tried again later."""
    with contextlib.suppress(podero.PoderoError):
        single_flight.run_once(
            f"absence-device:{item.pk}",
            single_flight.key_for("resume-after-absence", item.pk),
            lambda: _resume_now(item, actor, now),
        )


def _resume_now(item: AbsenceDevice, actor: Actor, now: datetime) -> None:
    """Resume `item` unless that is done already. Raises the podero error when it could not be resumed.

    Claim, call, settle, inside the one run for the item: a claim found here was left by a run that was cut off
    (its worker died), so Podero is asked first whether that run's write went through."""
    item.refresh_from_db()
    if item.state not in WAITING:
        return
    cut_off_at, item.claimed_at = item.claimed_at, now
    item.save(update_fields=["claimed_at"])
    changes = RESUMES[item.setting]
    reason = _resume_reason(item, actor)
    try:
        actions.put_back(item.device, changes, actor=actor, now=now, reason=reason, cut_off_at=cut_off_at)
    except podero.PoderoError as error:
        _record(item, AbsenceDevice.State.RETRYING, now, attempts=item.attempts + 1)
        if actor is None:
            what = f"absence_device:{item.pk}"
            events.switch_back_failed(
                device=item.device, what=what, error=error, attempts=item.attempts, now=now
            )
        raise
    _record(item, AbsenceDevice.State.RESUMED, now, attempts=item.attempts)


def _resume_reason(item: AbsenceDevice, actor: Actor) -> str:
    """Why the device is switched back on: the worker at the return date, or someone ending the absence early
    (the homeowner's "I'm back", or staff in the admin)."""
    if actor is None or not actor.is_authenticated:
        return RESUMED
    if actor.pk == item.device.homeowner.user_id:
        return words.CAME_BACK_EARLY
    return words.ABSENCE_ENDED_BY_STAFF


def _record(item: AbsenceDevice, state: str, now: datetime, *, attempts: int) -> None:
    item.state, item.attempts, item.updated_at, item.claimed_at = state, attempts, now, None
    item.save(update_fields=["state", "attempts", "updated_at", "claimed_at"])


def _schedule_resume(absence: Absence, *, at: datetime) -> None:
    jobs.run_at(jobs.resume_after_absence, absence.pk, at)


def charging_kinds() -> list[str]:
    return [kind.slug for kind in kinds.all_kinds() if kind.charging]
