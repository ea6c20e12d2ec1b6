"""Every way a PUT is refused with 422, in django-ninja's shape, with nothing applied."""

import pytest

from podero_sandbox import ALICE_EV_ID, ALICE_HEAT_PUMP_ID, ALICE_INVERTER_ID

from .conftest import assert_refused

EV = f"electric-vehicles/{ALICE_EV_ID}"
HEAT_PUMP = f"heat-pumps/{ALICE_HEAT_PUMP_ID}"
INVERTER = f"inverters/{ALICE_INVERTER_ID}"


@pytest.mark.parametrize(
    ("value", "msg"),
    [
        (-1, "Input should be greater than or equal to 0"),
        (101, "Input should be less than or equal to 100"),
        (True, "Input should be a valid integer"),
        (80.5, "Input should be a valid integer, got a number with a fractional part"),
        ("80", "Input should be a valid integer"),
        (None, "Input should be a valid integer"),
    ],
)
def test_a_minimum_charge_limit_that_is_not_a_whole_percent_is_refused(api, control, value, msg):
    response = api.put(EV, json={"minimum_charge_limit": value})

    assert_refused(response, ["minimum_charge_limit"], msg=msg)
    assert control.device(ALICE_EV_ID)["minimum_charge_limit"] == 80


@pytest.mark.parametrize(
    "value", ["7:00", "24:00", "07:60", "0700", "07:00:00", "07:00\n", " 07:00", "7 am", 700, None]
)
def test_a_charge_deadline_that_is_not_hh_mm_is_refused(api, control, value):
    response = api.put(EV, json={"charge_deadline_at": value})

    assert_refused(response, ["charge_deadline_at"])
    assert control.device(ALICE_EV_ID)["charge_deadline_at"] == "07:00"


@pytest.mark.parametrize(
    "field",
    ["id", "owner", "boost_state", "charge_target_max", "is_plugged_in", "battery_level", "no_such_field"],
)
def test_a_field_the_ev_put_does_not_take_is_refused(api, field):
    response = api.put(EV, json={field: 1})

    assert_refused(response, [field], msg="Extra inputs are not permitted")


@pytest.mark.parametrize("field", ["current_mode", "indoor_actual_temperature", "device_model"])
def test_a_read_only_heat_pump_field_is_refused(api, field):
    assert_refused(api.put(HEAT_PUMP, json={field: "x"}), [field])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"optimization_level": "High"}, "optimization_level"),
        ({"optimization_level": "mid"}, "optimization_level"),
        ({"is_smart_optimization_active": "false"}, "is_smart_optimization_active"),
        ({"is_smart_optimization_active": 0}, "is_smart_optimization_active"),
        ({"comment": 42}, "comment"),
        ({"is_away_mode_enabled": None}, "is_away_mode_enabled"),
        ({"away_mode_start": "next tuesday"}, "away_mode_start"),
        ({"away_mode_end": "2025-02-22T18:00:00"}, "away_mode_end"),
        ({"away_mode_minimum_temperature_limit": "16"}, "away_mode_minimum_temperature_limit"),
    ],
)
def test_a_heat_pump_field_of_the_wrong_type_or_value_is_refused(api, body, field):
    assert_refused(api.put(HEAT_PUMP, json=body), [field])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"solar_power_rating_kw": -0.1}, "solar_power_rating_kw"),
        ({"battery_capacity_kwh": 0}, "battery_capacity_kwh"),
        ({"min_battery_charge": 101}, "min_battery_charge"),
        ({"max_battery_charge": -5}, "max_battery_charge"),
        ({"is_battery_connected": "yes"}, "is_battery_connected"),
        ({"min_battery_charge": 95}, "min_battery_charge"),
        ({"min_battery_charge": 50, "max_battery_charge": 40}, "max_battery_charge"),
    ],
)
def test_an_inverter_field_out_of_range_is_refused(api, body, field):
    assert_refused(api.put(INVERTER, json=body), [field])


def test_enabling_the_battery_without_a_capacity_is_refused(api, control):
    control.set_device(ALICE_INVERTER_ID, is_battery_connected=False, battery_capacity_kwh=None)

    response = api.put(INVERTER, json={"is_battery_connected": True})

    assert_refused(response, ["battery_capacity_kwh"])
    assert control.device(ALICE_INVERTER_ID)["is_battery_connected"] is False


def test_clearing_the_capacity_of_a_connected_battery_is_refused(api):
    assert_refused(api.put(INVERTER, json={"battery_capacity_kwh": None}), ["battery_capacity_kwh"])


def test_one_bad_field_means_nothing_is_applied_and_every_bad_field_is_listed(api, control):
    response = api.put(EV, json={"comment": "ok", "minimum_charge_limit": 101, "charge_deadline_at": "7:00"})

    assert_refused(response, ["charge_deadline_at"], ["minimum_charge_limit"])
    assert control.device(ALICE_EV_ID)["comment"] == ""


@pytest.mark.parametrize("body", ["{not json", "", "NaN", '{"comment": NaN}'])
def test_a_body_that_is_not_valid_json_is_refused(api, body):
    response = api.put(HEAT_PUMP, data=body, headers={"Content-Type": "application/json"})

    assert_refused(response, [])


@pytest.mark.parametrize("body", [[], ["comment"], "a string", 3, None])
def test_a_json_body_that_is_not_an_object_is_refused(api, body):
    assert_refused(api.put(HEAT_PUMP, json=body), [])


def test_a_body_not_sent_as_json_is_refused(api, control):
    response = api.put(HEAT_PUMP, data={"comment": "form"})

    assert_refused(response, [])
    assert control.device(ALICE_HEAT_PUMP_ID)["comment"] == ""


def test_a_json_content_type_with_a_charset_is_fine(api):
    response = api.put(
        HEAT_PUMP, data='{"comment": "x"}', headers={"Content-Type": "application/json; charset=utf-8"}
    )

    assert response.status_code == 200
