"""Writes of the EV's weekly charge policy (PUT /charge-policy): the whole week at once."""

from datetime import datetime
from typing import Any

from preferences import podero
from preferences.audit.record import Actor, Result, begin, run
from preferences.devices import reads
from preferences.models import Change, Device


def put_week(
    *,
    ev: Device,
    week: podero.WeeklyChargePolicy,
    intent: str,
    actor: Actor,
    now: datetime,
    reason: str = "",
    previous: Any = None,
) -> Result[podero.WeeklyChargePolicy]:
    """PUT the whole week for `intent` (a one-off trip target, or putting the usual one back): the change
    recorded and the week Podero answered with (the one sent, if it answered without). `previous`: the week it
    replaces, kept with the change where it must be put back later. Raises podero errors."""
    return put_weekly_schedule(ev, week, actor, now, reason, previous=previous, intent=intent)


def put_weekly_schedule(
    ev: Device,
    policy: podero.WeeklyChargePolicy,
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    previous: Any,
    undoes: Change | None = None,
    intent: str = Change.Intent.SET_WEEKLY_SCHEDULE,
) -> Result[podero.WeeklyChargePolicy]:
    call = podero.calls.put_charge_policy(
        user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id, policy=policy
    )
    change = begin(ev, intent, call, actor, now, reason, previous=previous, undoes=undoes)
    return Result(change, run(change, call))


def current_schedule(ev: Device) -> dict[str, Any] | None:
    """The schedule about to be replaced, for undo; None if there is none or Podero cannot say (the save goes
    ahead)."""
    try:
        policy = reads.charge_policy(ev)
    except podero.PoderoError:
        return None
    return None if policy.is_none else policy.to_json()
