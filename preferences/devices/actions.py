"""Writes every kind shares: the device's own settings (one PUT on the device; smart optimization paused or
resumed here, an EV's charge deadline in charging/actions.py), and reconnecting to the manufacturer (POST
…/auth_session, or through the device's reauthenticate cue: podero-api.md §9.4), with the cue's outcome and the
information notes marked read."""

from datetime import datetime

from preferences import podero
from preferences.audit import reconcile
from preferences.audit import words as audit_words
from preferences.audit.record import Actor, Result, begin, finish, one_run, run
from preferences.devices import cache
from preferences.models import Change, Device
from preferences.podero.client import get_client


def pause_optimization(
    *, device: Device, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Stop Podero steering `device`; it follows its own built-in schedule until resumed. Raises podero errors."""
    return set_optimization(device=device, enabled=False, actor=actor, now=now, reason=reason)


def resume_optimization(
    *, device: Device, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Let Podero steer `device` again. Raises podero errors."""
    return set_optimization(device=device, enabled=True, actor=actor, now=now, reason=reason)


def set_optimization(
    *, device: Device, enabled: bool, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Smart optimization on (`enabled`) or paused (an EV's: smart charging). Raises podero errors."""
    changes = podero.DeviceChanges(smart_optimization=enabled)
    intent = intent_of(changes, device.kind)
    previous = podero.DeviceChanges(smart_optimization=not enabled)
    with one_run(device, intent, changes.to_json(), actor=actor) as run:
        if run.follows:
            return run.shared(Result)
        if (earlier := run.done_by_another(Result)) is not None:
            return run.keep(update_device(device, changes, intent, actor, now, reason, already=earlier))
        return run.keep(update_device(device, changes, intent, actor, now, reason, previous=previous))


def set_optimization_level(
    *,
    device: Device,
    level: podero.OptimizationLevel,
    before: podero.OptimizationLevel | None,
    actor: Actor,
    now: datetime,
    reason: str = "",
) -> Result[podero.DeviceState | None]:
    """A heat pump's optimisation level (podero-api.md §4.3); `before` is the level it replaces, for undo (None:
    unknown, no undo). Raises podero errors."""
    changes = podero.DeviceChanges(level=level)
    previous = podero.DeviceChanges(level=before) if before is not None else None
    intent = Change.Intent.SET_OPTIMIZATION_LEVEL
    with one_run(device, intent, changes.to_json(), actor=actor) as run:
        if run.follows:
            return run.shared(Result)
        if (earlier := run.done_by_another(Result)) is not None:
            return run.keep(update_device(device, changes, intent, actor, now, reason, already=earlier))
        return run.keep(update_device(device, changes, intent, actor, now, reason, previous=previous))


def put_back(
    device: Device,
    changes: podero.DeviceChanges,
    *,
    actor: Actor,
    now: datetime,
    reason: str,
    cut_off_at: datetime | None = None,
) -> None:
    """The write that ends a timed pause or an absence (`changes`), by the worker or early.

    At least once, and at most once in effect: `cut_off_at` says an earlier attempt claimed at that time was cut
    off (its worker died), so Podero is asked first; what it shows settles that attempt's audit row, and the write
    goes out only if it is not in effect yet. Inside the one run of the write, so the earlier attempt is surely
    over: a live one would still hold the run. Raises podero errors."""
    intent = intent_of(changes, device.kind)
    # As set_optimization records it: undoing a switch back on pauses again. A charge deadline has no undo here.
    switch = changes.smart_optimization
    previous = None if switch is None else podero.DeviceChanges(smart_optimization=not switch)
    with one_run(device, intent, changes.to_json(), actor=actor) as run:
        if run.follows:
            run.shared(object)  # the write's result, or None: it was in effect already
        elif cut_off_at is None or not reconcile.seen_in_effect(device, intent, changes, since=cut_off_at):
            run.keep(update_device(device, changes, intent, actor, now, reason, previous=previous))
        else:
            run.keep(None)


def intent_of(changes: podero.DeviceChanges, kind: str = "") -> str:
    """The intent a device PUT with `changes` carries out on a device of `kind`, as the audit trail names it."""
    if changes.smart_optimization is not None:
        if kind == podero.DeviceKind.ELECTRIC_VEHICLE:
            on, off = Change.Intent.SMART_CHARGING_ON, Change.Intent.SMART_CHARGING_OFF
        else:
            on, off = Change.Intent.RESUME_OPTIMIZATION, Change.Intent.PAUSE_OPTIMIZATION
        return on if changes.smart_optimization else off
    if changes.level is not None:
        return Change.Intent.SET_OPTIMIZATION_LEVEL
    if changes.turns_charge_deadline_off:
        return Change.Intent.DISABLE_CHARGE_POLICY
    return Change.Intent.SET_CHARGE_DEADLINE


def update_device(
    device: Device,
    changes: podero.DeviceChanges,
    intent: str,
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    previous: podero.DeviceChanges | None = None,
    undoes: Change | None = None,
    already: Result[podero.DeviceState | None] | None = None,
) -> Result[podero.DeviceState | None]:
    """One PUT on the device, recorded. `already`: someone else made the same change a moment ago and nothing ran
    on the device since (staff a second after the homeowner): recorded as this person's, with their reason, and
    not sent to Podero again."""
    call = podero.calls.update_device(
        device.kind, user_id=device.homeowner.podero_user_id, device_id=device.podero_id, changes=changes
    )
    before = previous.to_json() if previous else None
    change = begin(device, intent, call, actor, now, reason, previous=before, undoes=undoes)
    if already is not None:
        finish(change, Change.Outcome.SUCCEEDED, status=None, detail=audit_words.ALREADY_SO)
        return Result(change, already.state)
    return Result(change, run(change, call))


def start_reconnect(
    *,
    device: Device,
    success_url: str,
    cancel_url: str,
    actor: Actor,
    now: datetime,
    reason: str = "",
    cue: podero.cues.Cue | None = None,
    language: str = "",
) -> Result[str]:
    """Start signing in at the manufacturer again (podero-api.md §9.4): the address to send the homeowner to.
    Podero sends them back to `success_url` or `cancel_url`. With the device's reauthenticate `cue`, through
    Podero's cue (`POST /cues/{id}/resolve`; heat pumps have no auth_session), else `POST …/auth_session`.
    Raises podero errors (podero.cues.CueGone, CueRefused for the cue's own).

    Clicks of one person at the same time, or a few seconds apart, start one sign-in and all go to it."""
    with one_run(device, Change.Intent.RECONNECT, (success_url, cancel_url), actor=actor) as run:
        if run.follows:
            return run.shared(Result)
        return run.keep(_start_reconnect(device, success_url, cancel_url, actor, now, reason, cue, language))


def _start_reconnect(
    device: Device,
    success_url: str,
    cancel_url: str,
    actor: Actor,
    now: datetime,
    reason: str,
    cue: podero.cues.Cue | None,
    language: str,
) -> Result[str]:
    if cue is not None:
        resolve = podero.cues.resolve(cue, success_url=success_url, cancel_url=cancel_url, language=language)
        change = begin(device, Change.Intent.RECONNECT, resolve, actor, now, reason)
        started = run(change, resolve)
        if started is None or started.redirect_url is None:
            raise podero.PoderoBadResponse("Podero started a reconnection but gave no address to sign in at.")
        return Result(change, started.redirect_url)
    call = podero.calls.start_reconnect(
        device.kind,
        user_id=device.homeowner.podero_user_id,
        device_id=device.podero_id,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    change = begin(device, Change.Intent.RECONNECT, call, actor, now, reason)
    session = run(change, call)
    if session is None or session.authentication_url is None:
        raise podero.PoderoBadResponse("Podero started a reconnection but gave no address to sign in at.")
    return Result(change, session.authentication_url)


def report_reconnect(device: Device, cue: podero.cues.Cue, *, succeeded: bool) -> None:
    """Tell Podero how the reconnect through `cue` went, when the homeowner is back (`POST /cues/{id}/state`):
    success ends the action, a failure leaves it to try again. Raises podero errors (CueGone: no longer active)."""
    try:
        get_client().send(podero.cues.report(cue, succeeded=succeeded))
    finally:
        cache.forget(device.podero_id, user_id=device.homeowner.podero_user_id, kind=device.kind)


def mark_read(device: Device, cue: podero.cues.Cue) -> None:
    """The homeowner read an information note (`POST /cues/{id}/information/resolve`): Podero no longer lists
    it. Raises podero errors."""
    try:
        get_client().send(podero.cues.mark_read(cue))
    finally:
        cache.forget(device.podero_id, user_id=device.homeowner.podero_user_id, kind=device.kind)
