"""Writes: each homeowner intent becomes Podero calls through the one client, and one audit record.

Every function records a `Change` before it calls Podero and completes it with the outcome, so a call
that never returns still leaves a trace, and returns what it learned (`Result`): the recorded change and the
state Podero answered with, so callers need not ask again. Podero's errors propagate to the caller after being
recorded, except a 409 on boost, which is an anticipated answer and comes back as a `BoostOutcome`.

`actor` is whoever asked: the homeowner, or a staff member acting for them, who must give a `reason`
(the homeowner reads it in their device's activity).

audit.py holds what every write shares; each other module one family of intents.
"""

from preferences.services.audit import Actor, Result
from preferences.services.boost import BoostOutcome, BoostResult, cancel_boost, charge_now
from preferences.services.charging_plan import (
    PlanOutcome,
    PlanState,
    plan_state,
    set_charging_plan,
    trip_target,
    trip_usual_target,
)
from preferences.services.device_settings import (
    disable_charge_policy,
    pause_optimization,
    resume_optimization,
    set_charge_deadline,
    set_optimization,
)
from preferences.services.reconnect import start_reconnect
from preferences.services.undo import NotUndoable, can_undo, restore_weekly_schedule, undo, undoable_kind
from preferences.services.weekly_schedule import put_week

__all__ = [
    "Actor",
    "BoostOutcome",
    "BoostResult",
    "NotUndoable",
    "PlanOutcome",
    "PlanState",
    "Result",
    "can_undo",
    "cancel_boost",
    "charge_now",
    "disable_charge_policy",
    "pause_optimization",
    "plan_state",
    "put_week",
    "restore_weekly_schedule",
    "resume_optimization",
    "set_charge_deadline",
    "set_charging_plan",
    "set_optimization",
    "start_reconnect",
    "trip_target",
    "trip_usual_target",
    "undo",
    "undoable_kind",
]
