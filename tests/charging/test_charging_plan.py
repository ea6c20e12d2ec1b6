"""The charging plan as a homeowner thinks of it: what is in force, its sentence, rows of equal days, and the
Podero calls each move between the three choices needs."""

import uuid
from datetime import time

import pytest
from django.utils import translation

from preferences.charging import moves, plans
from preferences.charging.moves import AlignWeek, SetDeadline, SetWeek
from preferences.charging.plans import Choice
from preferences.podero import WEEKDAYS, DayTarget, DeviceChanges, ElectricVehicle, WeeklyChargePolicy

WORK = DayTarget(80, "07:00")
WEEKEND = DayTarget(50, "10:00")
COMMUTER = dict.fromkeys(WEEKDAYS[:5], WORK) | dict.fromkeys(WEEKDAYS[5:], WEEKEND)
BERLIN = "Europe/Berlin"


def vehicle(*, enabled: bool, deadline: str | None = "07:00", limit: int | None = 80) -> ElectricVehicle:
    return ElectricVehicle(
        id=uuid.uuid4(),
        is_smart_optimization_active=True,
        is_authenticated=True,
        is_charge_policy_enabled=enabled,
        charge_deadline_at=deadline,
        minimum_charge_limit=limit,
    )


def week(days: dict[str, DayTarget], timezone: str = BERLIN) -> WeeklyChargePolicy:
    return WeeklyChargePolicy(timezone=timezone, days=days)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_policy_that_is_off_is_no_deadline_whatever_the_week_says():
    plan = plans.plan_in_force(vehicle(enabled=False), week(COMMUTER), default_timezone=BERLIN)

    assert plan.choice == Choice.NONE
    assert plans.summary(plan) == "No deadline: Podero charges the car whenever electricity is cheapest."


def test_a_week_with_different_days_is_different_on_some_days_in_one_sentence():
    plan = plans.plan_in_force(vehicle(enabled=True), week(COMMUTER), default_timezone=BERLIN)

    assert plan.choice == Choice.WEEKLY
    assert plans.summary(plan) == "Weekdays at least 80 % by 07:00, weekends 50 % by 10:00, Europe/Berlin"


def test_a_week_of_equal_days_is_the_same_every_day():
    plan = plans.plan_in_force(
        vehicle(enabled=True), week(dict.fromkeys(WEEKDAYS, WORK), "Europe/Vienna"), default_timezone=BERLIN
    )

    assert plan.choice == Choice.DAILY
    assert plan.target == WORK
    assert plans.summary(plan) == "Every day at least 80 % by 07:00, Europe/Vienna"


@pytest.mark.parametrize("stored", [None, week({"mon": WORK})], ids=["no week", "an incomplete week"])
def test_without_a_full_week_the_daily_default_applies_every_day(stored):
    plan = plans.plan_in_force(
        vehicle(enabled=True, deadline="06:30", limit=70), stored, default_timezone=BERLIN
    )

    assert plan.choice == Choice.DAILY
    assert plan.target == DayTarget(70, "06:30")


def test_days_that_are_not_weekdays_or_weekends_are_named_by_their_runs():
    days = dict.fromkeys(WEEKDAYS, WORK) | {"wed": WEEKEND, "sun": WEEKEND}

    sentence = plans.summary(plans.weekly(days, BERLIN))

    assert sentence == (
        "Mon–Tue and Thu–Sat at least 80 % by 07:00, Wednesday and Sunday 50 % by 10:00, Europe/Berlin"
    )


def test_the_sentence_in_german():
    with translation.override("de"):
        sentence = plans.summary(plans.weekly(COMMUTER, BERLIN))

    assert (
        sentence == "Werktags mindestens 80 % bis 07:00 Uhr, am Wochenende 50 % bis 10:00 Uhr, Europe/Berlin"
    )


def test_equal_consecutive_days_become_one_row():
    rows = plans.rows_of(COMMUTER)

    assert [(row.label, row.target) for row in rows] == [("Mon–Fri", WORK), ("Sat–Sun", WEEKEND)]
    assert rows[0].long_label == "Monday to Friday"
    assert rows[1].split_points == ["sun"]


def test_splitting_a_row_starts_a_new_one_with_the_same_target_and_joining_undoes_it():
    starts = plans.split(["mon"], "sat")
    rows = plans.rows_from_starts(starts, {"mon": WORK, "sat": WORK})

    assert starts == ["mon", "sat"]
    assert [row.days for row in rows] == [WEEKDAYS[:5], WEEKDAYS[5:]]
    assert plans.join(starts, "sat") == ["mon"]
    assert plans.join(starts, "mon") == ["mon", "sat"], "the first row has nothing above to join"


def test_moving_from_per_day_targets_to_one_target_says_what_it_replaces():
    current = plans.weekly(COMMUTER, BERLIN)

    sentence = plans.replaces(current, plans.daily(DayTarget(80, "06:45"), BERLIN))

    assert sentence == (
        "Saving replaces your targets for each day (Weekdays at least 80 % by 07:00, weekends 50 % by 10:00, "
        "Europe/Berlin) with this one target."
    )
    assert plans.replaces(plans.daily(WORK, BERLIN), plans.weekly(COMMUTER, BERLIN)) is None


def test_no_deadline_to_per_day_targets_enables_the_policy_first_then_puts_the_week():
    car = vehicle(enabled=False)
    current = plans.plan_in_force(car, week(dict.fromkeys(WEEKDAYS, WORK)), default_timezone=BERLIN)
    wanted = plans.Plan(Choice.WEEKLY, COMMUTER, BERLIN)

    calls = moves.calls_for(current, wanted, car, stored_week=week(dict.fromkeys(WEEKDAYS, WORK)))

    assert calls == [SetDeadline(DeviceChanges(charge_deadline=True)), SetWeek(week(COMMUTER))]


def test_no_deadline_to_the_same_every_day_is_the_seed_call_then_the_week_is_checked():
    car = vehicle(enabled=False, deadline=None, limit=None)
    wanted = plans.daily(WORK, BERLIN)

    calls = moves.calls_for(plans.no_deadline(BERLIN), wanted, car, stored_week=None)

    assert calls == [
        SetDeadline(DeviceChanges(charge_deadline=True, ready_by=time(7, 0), minimum_charge=80)),
        AlignWeek(week(dict.fromkeys(WEEKDAYS, WORK))),
    ]


def test_per_day_targets_to_one_target_sends_both_daily_fields_even_if_they_did_not_change():
    car = vehicle(enabled=True)
    current = plans.weekly(COMMUTER, BERLIN)

    calls = moves.calls_for(current, plans.daily(WORK, BERLIN), car, stored_week=week(COMMUTER))

    assert calls == [
        SetDeadline(DeviceChanges(ready_by=time(7, 0), minimum_charge=80)),
        AlignWeek(week(dict.fromkeys(WEEKDAYS, WORK))),
    ]
    assert not moves.undoable(current, plans.daily(WORK, BERLIN))


def test_turning_the_deadline_off_is_one_call_and_the_same_plan_again_is_none():
    car = vehicle(enabled=True)
    current = plans.weekly(COMMUTER, BERLIN)

    assert moves.calls_for(current, plans.no_deadline(BERLIN), car, stored_week=week(COMMUTER)) == [
        SetDeadline(DeviceChanges(charge_deadline=False))
    ]
    assert (
        moves.calls_for(current, plans.Plan(Choice.WEEKLY, COMMUTER, BERLIN), car, stored_week=week(COMMUTER))
        == []
    )


def test_a_one_off_day_is_kept_in_the_week_a_new_plan_sends():
    car = vehicle(enabled=True)
    current = plans.daily(WORK, BERLIN)
    trip = {"fri": DayTarget(100, "06:00")}

    calls = moves.calls_for(
        current,
        plans.Plan(Choice.WEEKLY, COMMUTER, BERLIN),
        car,
        stored_week=week(dict.fromkeys(WEEKDAYS, WORK) | trip),
        overrides=trip,
    )

    assert calls == [SetWeek(week(COMMUTER | trip))]
