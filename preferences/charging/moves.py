"""The writes that take the car from the plan in force to the one wanted, in order: the car's own charge deadline
settings, its weekly targets, and a read-back of the week after a daily target (plans.py says why)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time

from preferences.charging.plans import Choice, Plan
from preferences.podero import DayTarget, DeviceChanges, ElectricVehicle, WeeklyChargePolicy


@dataclass(frozen=True)
class SetDeadline:
    """Change the car's own charge deadline settings (None leaves one as it is)."""

    changes: DeviceChanges


@dataclass(frozen=True)
class SetWeek:
    """Replace the car's weekly targets with the whole `week`."""

    week: WeeklyChargePolicy


@dataclass(frozen=True)
class AlignWeek:
    """Read the week back and, unless it already is `week`, set it: the daily deadline may or may not have
    rewritten it."""

    week: WeeklyChargePolicy


Call = SetDeadline | SetWeek | AlignWeek


def calls_for(
    current: Plan,
    wanted: Plan,
    vehicle: ElectricVehicle,
    *,
    stored_week: WeeklyChargePolicy | None,
    overrides: Mapping[str, DayTarget] | None = None,
) -> list[Call]:
    """The Podero calls, in order, that make `wanted` the plan in force. Empty when it already is.

    `stored_week` is Podero's week as it is now (None if it has none); `overrides` are days that must keep
    another target there (a one-off target for the next trip). Switching the deadline on always comes first:
    the seed allows per-day targets only while it is on.
    """
    if wanted.choice == Choice.NONE:
        return [] if current.choice == Choice.NONE else [SetDeadline(DeviceChanges(charge_deadline=False))]
    week = WeeklyChargePolicy(timezone=wanted.timezone, days={**wanted.days, **(overrides or {})})
    calls: list[Call] = []
    if wanted.choice == Choice.WEEKLY:
        if not DeviceChanges.deadline_of(vehicle).charge_deadline:
            calls.append(SetDeadline(DeviceChanges(charge_deadline=True)))
        if stored_week != week or current.choice == Choice.NONE:
            calls.append(SetWeek(week))
        return calls
    target = wanted.target
    assert target is not None  # noqa: S101 - a DAILY plan has one
    ready_by = time.fromisoformat(target.charge_deadline)
    # From per-day targets both settings go out, even if unchanged: under the first reading, that is what
    # rewrites the week.
    from_week = current.choice == Choice.WEEKLY
    now = DeviceChanges.deadline_of(vehicle)
    changes = DeviceChanges(
        charge_deadline=None if now.charge_deadline else True,
        ready_by=ready_by if from_week or now.ready_by != ready_by else None,
        minimum_charge=(
            target.charge_percentage if from_week or now.minimum_charge != target.charge_percentage else None
        ),
    )
    if changes:
        return [SetDeadline(changes), AlignWeek(week)]
    if stored_week is not None and stored_week != week:
        return [SetWeek(week)]
    return []


def undoable(current: Plan, wanted: Plan) -> bool:
    """Whether one request can put `current` back. Not from per-day targets to one daily target: under the
    first reading, sending the old daily fields back would not bring the old week back."""
    return not (current.choice == Choice.WEEKLY and wanted.choice == Choice.DAILY)
