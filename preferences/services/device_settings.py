"""Writes to the device's own settings (one PUT on the device): smart optimization paused or resumed, and the
daily charge deadline of an EV."""

from datetime import datetime, time

from preferences import podero
from preferences.models import Change, Device
from preferences.services.audit import Actor, Result, begin, once, run


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
    """Smart optimization on (`enabled`) or paused. Raises podero errors."""
    intent = Change.Intent.RESUME_OPTIMIZATION if enabled else Change.Intent.PAUSE_OPTIMIZATION
    changes = podero.DeviceChanges(smart_optimization=enabled)
    previous = podero.DeviceChanges(smart_optimization=not enabled)
    return once(
        device,
        intent,
        lambda: update_device(device, changes, intent, actor, now, reason, previous=previous),
        changes.to_json(),
    )


def set_charge_deadline(
    *,
    ev: Device,
    actor: Actor,
    now: datetime,
    enabled: bool | None = None,
    ready_by: time | None = None,
    minimum_charge: int | None = None,
    previous: podero.DeviceChanges | None = None,
    reason: str = "",
) -> Result[podero.DeviceState | None]:
    """Change what the person changed of the daily charge deadline (None: left as it is); `previous` is what
    those settings were, for undo. Raises podero errors; PoderoRejected carries the fields Podero refused."""
    changes = podero.DeviceChanges(charge_deadline=enabled, ready_by=ready_by, minimum_charge=minimum_charge)
    # Unticking "Charge by a deadline" sends the same request as disable_charge_policy: record it as that.
    intent = intent_of(changes)
    return once(
        ev,
        intent,
        lambda: update_device(ev, changes, intent, actor, now, reason, previous=previous),
        changes.to_json(),
    )


def disable_charge_policy(
    *, ev: Device, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Back to fully cost-optimised charging. Raises podero errors."""
    previous = podero.DeviceChanges(charge_deadline=True)
    return set_charge_deadline(ev=ev, enabled=False, previous=previous, actor=actor, now=now, reason=reason)


def intent_of(changes: podero.DeviceChanges) -> str:
    """The intent a device PUT with `changes` carries out, as the audit trail names it."""
    if changes.smart_optimization is not None:
        return (
            Change.Intent.RESUME_OPTIMIZATION
            if changes.smart_optimization
            else Change.Intent.PAUSE_OPTIMIZATION
        )
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
) -> Result[podero.DeviceState | None]:
    call = podero.calls.update_device(
        device.kind, user_id=device.homeowner.podero_user_id, device_id=device.podero_id, changes=changes
    )
    before = previous.to_json() if previous else None
    change = begin(device, intent, call, actor, now, reason, previous=before, undoes=undoes)
    return Result(change, run(change, call))
