"""The EV's weekly charge policy: GET, PUT, and the daily default the device PUT writes to every day."""

import pytest

from podero_sandbox import ALICE_EV_ID, ALICE_USER_ID

from .conftest import assert_refused

EV = f"electric-vehicles/{ALICE_EV_ID}"
POLICY = f"{EV}/charge-policy"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY = {"charge_percentage": 80, "charge_deadline": "07:00"}
WEEKEND = {"charge_percentage": 50, "charge_deadline": "10:00"}


def test_the_charge_policy_starts_as_the_daily_default_in_berlin_time(api):
    response = api.get(POLICY)

    assert response.status_code == 200
    assert response.json() == {
        "metadata": {"electric_vehicle_id": ALICE_EV_ID, "user_id": ALICE_USER_ID, "error": None},
        "data": dict.fromkeys(DAYS, WEEKDAY) | {"timezone": "Europe/Berlin"},
    }


def test_a_weekly_schedule_round_trips(api):
    schedule = (
        {"timezone": "Europe/Vienna"} | dict.fromkeys(DAYS[:5], WEEKDAY) | dict.fromkeys(DAYS[5:], WEEKEND)
    )

    response = api.put(POLICY, json=schedule)

    assert response.status_code == 200
    assert response.json()["data"] == schedule
    assert api.get(POLICY).json()["data"] == schedule


def test_days_left_out_of_a_weekly_put_keep_their_targets(api):
    api.put(POLICY, json={"sat": WEEKEND})

    data = api.get(POLICY).json()["data"]

    assert data["sat"] == WEEKEND
    assert data["sun"] == WEEKDAY
    assert data["timezone"] == "Europe/Berlin"


def test_the_daily_default_on_the_ev_writes_all_seven_days(api):
    api.put(POLICY, json={"sat": WEEKEND, "sun": WEEKEND})

    api.put(
        EV, json={"is_charge_policy_enabled": True, "charge_deadline_at": "06:15", "minimum_charge_limit": 70}
    )

    data = api.get(POLICY).json()["data"]
    assert all(data[day] == {"charge_percentage": 70, "charge_deadline": "06:15"} for day in DAYS)


def test_under_the_other_reading_the_daily_default_leaves_the_week_alone(api, control):
    control("POST", "readings", {"daily_deadline": "leaves_week"})
    api.put(POLICY, json={"sat": WEEKEND, "sun": WEEKEND})

    answer = api.put(
        EV, json={"is_charge_policy_enabled": True, "charge_deadline_at": "06:15", "minimum_charge_limit": 70}
    )

    assert answer.json()["charge_deadline_at"] == "06:15"
    data = api.get(POLICY).json()["data"]
    assert data["sat"] == data["sun"] == WEEKEND
    assert data["mon"] == WEEKDAY


def test_a_reset_brings_back_the_first_reading(api, control):
    control("POST", "readings", {"daily_deadline": "leaves_week"})
    control("POST", "reset")

    assert control("GET", "readings")["daily_deadline"]["current"] == "rewrites_week"


def test_the_daily_default_keeps_the_other_half_of_each_days_target(api):
    api.put(EV, json={"minimum_charge_limit": 60})

    data = api.get(POLICY).json()["data"]

    assert all(data[day] == {"charge_percentage": 60, "charge_deadline": "07:00"} for day in DAYS)


def test_the_daily_default_keeps_the_policy_time_zone(api):
    api.put(POLICY, json={"timezone": "Europe/London"})

    api.put(EV, json={"charge_deadline_at": "08:00"})

    assert api.get(POLICY).json()["data"]["timezone"] == "Europe/London"


def test_turning_the_policy_off_leaves_the_schedule_alone(api):
    api.put(POLICY, json={"sat": WEEKEND})

    api.put(EV, json={"is_charge_policy_enabled": False})

    assert api.get(POLICY).json()["data"]["sat"] == WEEKEND


def test_a_weekly_put_stamps_when_the_policy_was_last_updated(api):
    before = api.get(EV).json()["charge_policy_last_updated_at"]

    api.put(POLICY, json={"mon": WEEKDAY})

    assert api.get(EV).json()["charge_policy_last_updated_at"] > before


def test_an_unknown_time_zone_is_refused(api):
    response = api.put(POLICY, json={"timezone": "Mars/Olympus"})

    assert_refused(response, ["timezone"])
    assert api.get(POLICY).json()["data"]["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("day", "loc"),
    [
        ({"charge_percentage": 101, "charge_deadline": "07:00"}, ["mon", "charge_percentage"]),
        ({"charge_percentage": -1, "charge_deadline": "07:00"}, ["mon", "charge_percentage"]),
        ({"charge_percentage": True, "charge_deadline": "07:00"}, ["mon", "charge_percentage"]),
        ({"charge_percentage": 80.5, "charge_deadline": "07:00"}, ["mon", "charge_percentage"]),
        ({"charge_percentage": 80, "charge_deadline": "7:00"}, ["mon", "charge_deadline"]),
        ({"charge_percentage": 80, "charge_deadline": "24:00"}, ["mon", "charge_deadline"]),
        ({"charge_percentage": 80}, ["mon", "charge_deadline"]),
        ({"charge_deadline": "07:00"}, ["mon", "charge_percentage"]),
        ({"charge_percentage": 80, "charge_deadline": "07:00", "note": "x"}, ["mon", "note"]),
        ("07:00", ["mon"]),
        (None, ["mon"]),
    ],
)
def test_a_day_that_is_not_a_percentage_and_a_deadline_is_refused(api, day, loc):
    response = api.put(POLICY, json={"mon": day})

    assert_refused(response, loc)
    assert api.get(POLICY).json()["data"]["mon"] == WEEKDAY


def test_an_unknown_key_in_the_weekly_policy_is_refused(api):
    assert_refused(api.put(POLICY, json={"monday": WEEKDAY}), ["monday"])


def test_a_weekly_policy_that_is_not_json_is_refused(api):
    assert_refused(api.put(POLICY, data="{", headers={"Content-Type": "application/json"}), [])
