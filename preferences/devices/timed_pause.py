"""Pause smart optimization of a heat pump or an inverter for a while: 3 hours, until tomorrow morning, or until
the homeowner resumes it.

Like "I'm away" (away/actions.py): the pause is an ordinary write (actions.py), and the background worker resumes the
device when the time is up, retrying while Podero is down (ABSENCE_RETRY_DELAYS). The resume is in the device's
Recent changes as the portal's own, with its reason. Resuming by hand, or "Resume now", ends the timed pause.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from preferences import jobs, podero
from preferences.alerts import events
from preferences.audit import record, words
from preferences.audit.record import Actor
from preferences.devices import actions, kinds
from preferences.models import Change, Device, TimedPause

MORNING = time(7)
ON = podero.DeviceChanges(smart_optimization=True)
THREE_HOURS = timedelta(hours=3)


class NotPausable(Exception):
    """Only heat pumps and inverters can be paused for a while."""


def active_pause(device: Device) -> TimedPause | None:
    return TimedPause.objects.filter(device=device, status=TimedPause.Status.ACTIVE).first()


def pause_end(length: str, *, now: datetime, timezone_name: str) -> datetime | None:
    """When a pause of `length` chosen at `now` ends: None for "until I resume"."""
    if length == TimedPause.Length.THREE_HOURS:
        return now + THREE_HOURS
    if length == TimedPause.Length.MORNING:
        zone = ZoneInfo(timezone_name)
        local = now.astimezone(zone)
        morning = datetime.combine(local.date(), MORNING, tzinfo=zone)
        return (
            morning
            if morning > local
            else datetime.combine(local.date() + timedelta(days=1), MORNING, tzinfo=zone)
        )
    if length == TimedPause.Length.UNTIL_RESUMED:
        return None
    raise ValueError(f"unknown pause length {length!r}")


def start_pause(*, device: Device, length: str, actor: Actor, now: datetime, reason: str = "") -> TimedPause:
    """Pause smart optimization until the end of `length`. Choosing again while paused changes the end.

    Raises NotPausable, and podero errors when Podero surely did not pause it (nothing is scheduled then).
    The same length asked for at the same time (a double click, two tabs) pauses once, until one time."""
    if not kinds.get(device.kind).offers("pause"):
        raise NotPausable
    # One run takes the device's turn for the whole of it: the pause is recorded in the same turn as its write, so
    # a switch back on at the same moment comes before or after both, and ends it or is followed by it.
    with record.one_run(device, "pause-for-a-while", length, actor=actor) as run:
        if run.follows:
            return run.shared(TimedPause)
        return run.keep(_start_pause(device, length, actor, now, reason))


def _start_pause(device: Device, length: str, actor: Actor, now: datetime, reason: str) -> TimedPause:
    ends_at = pause_end(length, now=now, timezone_name=device.homeowner.timezone)
    pause = active_pause(device)
    if pause is None:
        try:
            actions.pause_optimization(device=device, actor=actor, now=now, reason=reason)
        except podero.PoderoUnavailable as exc:
            if not exc.outcome_unknown:
                raise
            # It may have been paused: schedule the resume all the same, or it might stay paused for good.
        pause = TimedPause(device=device, created_at=now, created_by=jobs.user_of(actor))
    pause.length, pause.ends_at, pause.retry_at = length, ends_at, None
    try:
        with transaction.atomic():
            pause.save()
    except IntegrityError:
        # Another length, chosen at the same moment, started the pause: this one changes its end.
        pause = TimedPause.objects.get(device=device, status=TimedPause.Status.ACTIVE)
        pause.length, pause.ends_at, pause.retry_at = length, ends_at, None
        pause.save(update_fields=["length", "ends_at", "retry_at"])
    _schedule_resume(pause)
    return pause


def resume_now(*, pause: TimedPause, actor: Actor, now: datetime, reason: str = "") -> bool:
    """End the pause early ("Resume now"): True once resumed; what Podero refuses now the worker retries.
    Asked for at the same time (a double click, two tabs), it resumes once and all are told how that went."""
    with record.one_run(pause.device, "resume-now", pause.pk, actor=actor) as run:
        if run.follows:
            return run.shared(bool)
        pause.ends_at = now
        pause.save(update_fields=["ends_at"])
        return run.keep(resume_if_due(pause_id=pause.pk, now=now, actor=actor, reason=reason))


def resume_by_hand(
    *, device: Device, actor: Actor, now: datetime, reason: str = ""
) -> tuple[record.Result[podero.DeviceState | None], bool]:
    """Smart optimization back on, by the homeowner's switch or by staff: a timed pause, if any, is over and
    the worker resumes nothing later. The write's result, and whether a timed pause ended."""
    with record.device_turn(device):
        result = actions.resume_optimization(device=device, actor=actor, now=now, reason=reason)
        # Ended at the time the change records, which twin requests share: Undo of that change finds the pause.
        return result, forget_for(device, now=result.change.created_at)


def forget_for(device: Device, *, now: datetime) -> bool:
    """The homeowner resumed the device some other way (the switch): the timed pause, if any, is over (True
    when one was)."""
    ended = TimedPause.objects.filter(device=device, status=TimedPause.Status.ACTIVE).update(
        status=TimedPause.Status.RESUMED, resumed_at=now
    )
    return ended > 0


def restore_after_undo(change: Change, *, now: datetime) -> None:
    """`change` switched the device back on and has just been undone: a timed pause it ended that still had time
    to run is active again, to end when it was due. Without this, Undo would leave the device paused with no end."""
    if change.intent != Change.Intent.RESUME_OPTIMIZATION or change.device_id is None:
        return
    # resume_by_hand ends the pause at the very time the change records.
    ended = TimedPause.objects.filter(
        device_id=change.device_id, status=TimedPause.Status.RESUMED, resumed_at=change.created_at
    ).first()
    if ended is None or (ended.ends_at is not None and ended.ends_at <= now):
        return
    try:
        with transaction.atomic():
            # Twin undos share one write; only one of them finds the pause still ended.
            restored = TimedPause.objects.filter(pk=ended.pk, status=TimedPause.Status.RESUMED).update(
                status=TimedPause.Status.ACTIVE, resumed_at=None, claimed_at=None, retry_at=None
            )
    except IntegrityError:  # another timed pause is active: it says until when
        return
    if restored:
        _schedule_resume(ended)


def resume_if_due(*, pause_id: int, now: datetime, actor: Actor = None, reason: str = "") -> bool:
    """Resume the device if its pause is over (True when this call resumed it); if Podero fails, try again later.

    Claim, call, settle: the claim lets one caller at a time send the resume (two workers, a worker and "Resume
    now"). A claim whose worker died is taken over once stale (by the sweeper), asking Podero first."""
    with transaction.atomic():
        pause = (
            TimedPause.objects.select_for_update()
            .select_related("device__homeowner")
            .filter(pk=pause_id)
            .first()
        )
        if pause is None or not _due(pause, now, by_hand=actor is not None):
            return False
        cut_off_at, pause.claimed_at = pause.claimed_at, now
        pause.save(update_fields=["claimed_at"])
    reason = reason if actor is not None else words.RESUMED_AFTER_TIMED_PAUSE
    try:
        actions.put_back(pause.device, ON, actor=actor, now=now, reason=reason, cut_off_at=cut_off_at)
    except podero.PoderoError as error:
        attempts = pause.attempts + 1
        retry_at = jobs.retry_later(jobs.resume_after_timed_pause, pause.pk, attempts)
        TimedPause.objects.filter(pk=pause.pk, claimed_at=now).update(
            claimed_at=None, attempts=attempts, retry_at=retry_at
        )
        if actor is None:
            what = f"timed_pause:{pause.pk}"
            events.switch_back_failed(device=pause.device, what=what, error=error, attempts=attempts, now=now)
        return False
    TimedPause.objects.filter(pk=pause.pk, status=TimedPause.Status.ACTIVE).update(
        status=TimedPause.Status.RESUMED, resumed_at=now, claimed_at=None
    )
    return True


def _due(pause: TimedPause, now: datetime, *, by_hand: bool) -> bool:
    """Over, still active, and nobody else at it; the worker also waits for a retry's time."""
    return (
        pause.status == TimedPause.Status.ACTIVE
        and pause.ends_at is not None
        and pause.ends_at <= now
        and jobs.claim_is_free(pause.claimed_at, now)
        and (by_hand or jobs.try_is_due(pause.retry_at, now))
    )


def _schedule_resume(pause: TimedPause) -> None:
    if pause.ends_at is not None:
        jobs.run_at(jobs.resume_after_timed_pause, pause.pk, pause.ends_at)
