"""Every move between the three choices of the charging plan, against the sandbox under both readings of how
the daily deadline and /charge-policy interact: the exact Podero writes, in order, and the plan in force after."""

import itertools

import pytest
from django.utils import timezone

import podero_sandbox as seed
from preferences.charging import actions, plans
from preferences.charging.plans import Choice
from preferences.models import Change
from preferences.podero import WEEKDAYS, DayTarget
from tests.helpers import podero_path

WORK = DayTarget(80, "07:00")
WEEKEND = DayTarget(50, "10:00")
COMMUTER = dict.fromkeys(WEEKDAYS[:5], WORK) | dict.fromkeys(WEEKDAYS[5:], WEEKEND)
BERLIN = "Europe/Berlin"
READINGS = {"rewrites the week": "rewrites_week", "leaves the week": "leaves_week"}

WANTED = {
    Choice.NONE: plans.no_deadline(BERLIN),
    Choice.DAILY: plans.daily(DayTarget(90, "06:45"), BERLIN),
    Choice.WEEKLY: plans.Plan(Choice.WEEKLY, COMMUTER, BERLIN),
}


def week_json(days):
    return {"timezone": BERLIN} | {
        day: {"charge_percentage": t.charge_percentage, "charge_deadline": t.charge_deadline}
        for day, t in days.items()
    }


def start_in(sandbox, choice):
    """Put alice's car in `choice` (with a week that differs from every wanted plan)."""
    stored = week_json(dict.fromkeys(WEEKDAYS, DayTarget(60, "08:00")) | {"wed": DayTarget(70, "05:30")})
    enabled = choice != Choice.NONE
    if choice == Choice.DAILY:
        stored = week_json(dict.fromkeys(WEEKDAYS, DayTarget(60, "08:00")))
    sandbox.set_device(
        seed.ALICE_EV_ID,
        is_charge_policy_enabled=enabled,
        charge_deadline_at="08:00",
        minimum_charge_limit=60,
        charge_policy=stored,
    )
    sandbox.clear_requests()


@pytest.fixture(params=READINGS.values(), ids=READINGS.keys())
def reading(request, sandbox):
    sandbox.reading(daily_deadline=request.param)
    return request.param == "rewrites_week"


@pytest.mark.parametrize(
    ("start", "goal"), [pair for pair in itertools.product(Choice, Choice) if pair[0] != pair[1]]
)
def test_every_move_between_the_three_choices_leaves_exactly_the_wanted_plan_in_force(
    sandbox, alice_ev, reading, start, goal
):
    start_in(sandbox, start)
    ev_path, policy_path = podero_path(alice_ev), podero_path(alice_ev, "/charge-policy")

    outcome = actions.set_charging_plan(
        ev=alice_ev, wanted=WANTED[goal], actor=alice_ev.homeowner.user, now=timezone.now()
    )

    writes = [(w["method"], w["path"], w["json"]) for w in sandbox.writes()]
    if goal == Choice.NONE:
        assert writes == [("PUT", ev_path, {"is_charge_policy_enabled": False})]
    elif goal == Choice.WEEKLY:
        expected = [("PUT", policy_path, week_json(COMMUTER))]
        if start == Choice.NONE:
            expected.insert(0, ("PUT", ev_path, {"is_charge_policy_enabled": True}))
        assert writes == expected
    else:
        daily = {"charge_deadline_at": "06:45", "minimum_charge_limit": 90}
        if start == Choice.NONE:
            daily = {"is_charge_policy_enabled": True} | daily
        expected = [("PUT", ev_path, daily)]
        if not reading:
            expected.append(("PUT", policy_path, week_json(dict.fromkeys(WEEKDAYS, DayTarget(90, "06:45")))))
        assert writes == expected, "the week is written only when the daily deadline left it alone"
    assert outcome.sent == len(writes)
    assert outcome.unfinished is None
    after = actions.plan_state(alice_ev, fresh=True).plan
    assert after.choice == goal
    if goal != Choice.NONE:
        assert after.days == WANTED[goal].days
    assert Change.objects.filter(outcome=Change.Outcome.SUCCEEDED).count() == len(writes)


def test_saving_the_plan_in_force_again_sends_nothing(sandbox, alice_ev, reading):
    start_in(sandbox, Choice.WEEKLY)
    actions.set_charging_plan(ev=alice_ev, wanted=WANTED[Choice.WEEKLY], actor=None, now=timezone.now())
    sandbox.clear_requests()

    outcome = actions.set_charging_plan(
        ev=alice_ev, wanted=WANTED[Choice.WEEKLY], actor=None, now=timezone.now()
    )

    assert outcome.sent == 0
    assert sandbox.writes() == []


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 200, "body": {"metadata": {"error": None}, "data": None}},
        {"status": 404},
        {"status": 200, "body": {"metadata": {}, "data": {"mon": "seven"}}},
    ],
    ids=["null", "404", "odd shape"],
)
def test_a_policy_podero_cannot_give_counts_as_no_per_day_targets(sandbox, alice_ev, answer, caplog):
    sandbox.set_device(
        seed.ALICE_EV_ID, is_charge_policy_enabled=True, charge_deadline_at="06:30", minimum_charge_limit=70
    )
    sandbox.fault(method="GET", path_contains="/charge-policy", **answer)

    state = actions.plan_state(alice_ev, fresh=True)

    assert state.stored_week is None
    assert state.plan.choice == Choice.DAILY
    assert state.plan.target == DayTarget(70, "06:30")
    assert any("charge policy" in record.message for record in caplog.records)


def test_a_failure_after_the_policy_was_enabled_is_reported_as_unfinished(sandbox, alice_ev):
    start_in(sandbox, Choice.NONE)
    sandbox.fault(method="PUT", path_contains="/charge-policy", status=500, count=5)

    outcome = actions.set_charging_plan(
        ev=alice_ev, wanted=WANTED[Choice.WEEKLY], actor=None, now=timezone.now()
    )

    assert outcome.sent == 1
    assert outcome.unfinished is not None
    outcomes = list(Change.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == [Change.Outcome.SUCCEEDED, Change.Outcome.UNKNOWN], "a 500 may have been applied"
