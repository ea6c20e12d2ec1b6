"""Listing, reading and partially updating a user's heat pumps, EVs and inverters."""

import pytest

from podero_sandbox import (
    ALICE_EV_ID,
    ALICE_HEAT_PUMP_ID,
    ALICE_INVERTER_ID,
    ALICE_USER_ID,
    BOB_EV_ID,
    BOB_HEAT_PUMP_ID,
    BOB_USER_ID,
)

from .conftest import PartnerApi

ALICE_DEVICES = [
    ("heat-pumps", ALICE_HEAT_PUMP_ID, "hp_atw", "Nibe"),
    ("electric-vehicles", ALICE_EV_ID, "ev", "Tesla"),
    ("inverters", ALICE_INVERTER_ID, "inverter", "Fronius"),
]
COMMON_STATE = {
    "connection_status": "ok",
    "monitoring_status": "ok",
    "steering_status": "ok",
    "is_authenticated": True,
    "action_needed": False,
    "actions": [],
    "lifecycle_state": "authenticated",
}


@pytest.mark.parametrize(("kind", "device_id", "short_name", "manufacturer"), ALICE_DEVICES)
def test_listing_a_kind_returns_a_plain_array_of_the_users_devices(
    api, kind, device_id, short_name, manufacturer
):
    response = api.get(kind)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    [device] = response.json()
    assert device["id"] == device_id
    assert device["device_model"]["device_type"]["short_name"] == short_name
    assert device["device_model"]["manufacturer"] == manufacturer


@pytest.mark.parametrize(("kind", "device_id", "short_name", "manufacturer"), ALICE_DEVICES)
def test_a_device_detail_carries_the_common_fields_and_its_owner(
    api, kind, device_id, short_name, manufacturer
):
    response = api.get(f"{kind}/{device_id}")

    assert response.status_code == 200
    device = response.json()
    assert device.items() >= COMMON_STATE.items()
    assert device["owner"] == {
        "id": ALICE_USER_ID,
        "email": "alice@example.com",
        "first_name": "Alice",
        "last_name": "Example",
        "external_id": "portal-alice",
    }
    assert device["created_at"].endswith("Z")
    assert device["current_state_last_updated_at"].endswith("Z")


def test_the_seeded_heat_pump_is_optimizing_at_mid(api):
    heat_pump = api.get(f"heat-pumps/{ALICE_HEAT_PUMP_ID}").json()

    assert heat_pump["device_model"]["device_type"]["long_name"] == "Heat Pump (Air-to-Water)"
    assert heat_pump["device_model"]["model"] == "S-Series"
    assert heat_pump["is_smart_optimization_active"] is True
    assert (heat_pump["current_mode"], heat_pump["optimization_level"]) == ("mid", "Mid")
    assert heat_pump["indoor_actual_temperature"] == 21.3


def test_the_seeded_ev_is_plugged_in_idle_and_boostable(api):
    ev = api.get(f"electric-vehicles/{ALICE_EV_ID}").json()

    assert ev["device_model"]["model"] == "Model 3"
    assert (ev["is_plugged_in"], ev["is_charging"], ev["battery_level"]) == (True, False, 54)
    assert ev["boost_state"] == "available"
    assert ev["is_charge_policy_enabled"] is False
    assert (ev["charge_deadline_at"], ev["minimum_charge_limit"], ev["charge_target_max"]) == (
        "07:00",
        80,
        90,
    )
    assert "boost_for_next_session" not in ev


def test_the_seeded_inverter_has_a_ten_kwh_battery(api):
    inverter = api.get(f"inverters/{ALICE_INVERTER_ID}").json()

    assert inverter["device_model"]["model"] == "Symo GEN24 10.0 Plus"
    assert (inverter["is_battery_connected"], inverter["battery_capacity_kwh"]) == (True, 10.0)
    assert (
        inverter["solar_surplus_w"]
        == inverter["current_solar_production_w"] - inverter["household_consumption_w"]
    )


def test_bob_owns_a_heat_pump_and_an_unplugged_id4(server):
    bob = PartnerApi(server.url, user_id=BOB_USER_ID)

    [heat_pump] = bob.get("heat-pumps").json()
    [ev] = bob.get("electric-vehicles").json()

    assert heat_pump["id"] == BOB_HEAT_PUMP_ID
    assert (ev["id"], ev["device_model"]["model"], ev["is_plugged_in"]) == (BOB_EV_ID, "ID.4", False)
    assert ev["boost_state"] == "unavailable"
    assert bob.get("inverters").json() == []


@pytest.mark.parametrize(
    "tail",
    [
        f"heat-pumps/{BOB_HEAT_PUMP_ID}",
        f"electric-vehicles/{BOB_EV_ID}",
        f"electric-vehicles/{BOB_EV_ID}/boost",
    ],
)
def test_another_users_device_is_not_found(api, tail):
    method = "POST" if tail.endswith("/boost") else "GET"

    response = api.request(method, tail)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_another_users_device_cannot_be_updated(api, control):
    response = api.put(f"heat-pumps/{BOB_HEAT_PUMP_ID}", json={"comment": "mine now"})

    assert response.status_code == 404
    assert control.device(BOB_HEAT_PUMP_ID)["comment"] == ""


def test_a_device_asked_for_under_the_wrong_kind_is_not_found(api):
    response = api.get(f"inverters/{ALICE_HEAT_PUMP_ID}")

    assert response.status_code == 404


def test_an_unknown_org_is_not_found(server):
    stranger = PartnerApi(server.url, org_id="00000000-0000-4000-8000-000000000000")

    response = stranger.get("heat-pumps")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_unknown_user_is_not_found(server):
    nobody = PartnerApi(server.url, user_id="00000000-0000-4000-8000-000000000000")

    assert nobody.get("heat-pumps").status_code == 404


def test_a_soft_deleted_device_is_only_listed_with_include_deleted(api, control):
    control.set_device(ALICE_HEAT_PUMP_ID, deleted_at="2025-01-01T00:00:00Z")

    assert api.get("heat-pumps").json() == []
    assert api.get(f"heat-pumps/{ALICE_HEAT_PUMP_ID}").status_code == 404
    assert len(api.get("heat-pumps", params={"include_deleted": "true"}).json()) == 1


def test_a_put_changes_only_the_fields_sent_and_returns_the_whole_device(api):
    before = api.get(f"heat-pumps/{ALICE_HEAT_PUMP_ID}").json()

    response = api.put(f"heat-pumps/{ALICE_HEAT_PUMP_ID}", json={"is_smart_optimization_active": False})

    assert response.status_code == 200
    after = response.json()
    assert after["is_smart_optimization_active"] is False
    assert after["updated_at"] != before["updated_at"]
    unchanged = {"is_smart_optimization_active", "updated_at"}
    assert {k: v for k, v in after.items() if k not in unchanged} == {
        k: v for k, v in before.items() if k not in unchanged
    }
    assert api.get(f"heat-pumps/{ALICE_HEAT_PUMP_ID}").json() == after


def test_a_heat_pump_takes_its_optimization_level_and_away_mode(api):
    response = api.put(
        f"heat-pumps/{ALICE_HEAT_PUMP_ID}",
        json={
            "optimization_level": "Max",
            "is_away_mode_enabled": True,
            "away_mode_start": "2025-02-15T08:00:00Z",
            "away_mode_end": "2025-02-22T18:00:00+01:00",
            "away_mode_minimum_temperature_limit": 15.5,
            "comment": "holiday",
        },
    )

    heat_pump = response.json()
    assert heat_pump["optimization_level"] == "Max"
    assert heat_pump["is_away_mode_enabled"] is True
    assert (heat_pump["away_mode_start"], heat_pump["away_mode_end"]) == (
        "2025-02-15T08:00:00Z",
        "2025-02-22T17:00:00Z",
    )
    assert heat_pump["away_mode_minimum_temperature_limit"] == 15.5
    assert heat_pump["comment"] == "holiday"


def test_away_mode_dates_can_be_cleared_with_null(api):
    api.put(f"heat-pumps/{ALICE_HEAT_PUMP_ID}", json={"away_mode_start": "2025-02-15T08:00:00Z"})

    response = api.put(f"heat-pumps/{ALICE_HEAT_PUMP_ID}", json={"away_mode_start": None})

    assert response.json()["away_mode_start"] is None


def test_an_ev_takes_its_charge_policy_fields(api):
    response = api.put(
        f"electric-vehicles/{ALICE_EV_ID}",
        json={"is_charge_policy_enabled": True, "charge_deadline_at": "06:45", "minimum_charge_limit": 65},
    )

    ev = response.json()
    assert (ev["is_charge_policy_enabled"], ev["charge_deadline_at"], ev["minimum_charge_limit"]) == (
        True,
        "06:45",
        65,
    )
    assert ev["charge_target_max"] == 90


def test_an_ev_accepts_the_limits_of_the_percent_range(api):
    assert api.put(f"electric-vehicles/{ALICE_EV_ID}", json={"minimum_charge_limit": 0}).status_code == 200
    assert api.put(f"electric-vehicles/{ALICE_EV_ID}", json={"minimum_charge_limit": 100}).status_code == 200
    assert (
        api.put(f"electric-vehicles/{ALICE_EV_ID}", json={"charge_deadline_at": "23:59"}).status_code == 200
    )
    assert (
        api.put(f"electric-vehicles/{ALICE_EV_ID}", json={"charge_deadline_at": "00:00"}).status_code == 200
    )


def test_changing_the_charge_policy_stamps_when_it_was_last_updated(api):
    before = api.get(f"electric-vehicles/{ALICE_EV_ID}").json()["charge_policy_last_updated_at"]

    ev = api.put(f"electric-vehicles/{ALICE_EV_ID}", json={"is_charge_policy_enabled": True}).json()

    assert ev["charge_policy_last_updated_at"] > before


def test_an_inverter_takes_its_battery_settings(api):
    response = api.put(
        f"inverters/{ALICE_INVERTER_ID}",
        json={"solar_power_rating_kw": 10.2, "min_battery_charge": 25, "max_battery_charge": 95.5},
    )

    inverter = response.json()
    assert (
        inverter["solar_power_rating_kw"],
        inverter["min_battery_charge"],
        inverter["max_battery_charge"],
    ) == (
        10.2,
        25,
        95.5,
    )
    assert inverter["is_battery_connected"] is True


def test_disconnecting_the_battery_leaves_a_solar_only_system(api):
    inverter = api.put(f"inverters/{ALICE_INVERTER_ID}", json={"is_battery_connected": False}).json()

    assert inverter["is_battery_connected"] is False
    assert inverter["battery_charge_level_percent"] is None
    assert inverter["current_power_to_grid_w"] == inverter["solar_surplus_w"]


def test_connecting_a_battery_with_its_capacity_is_accepted(api, control):
    control.set_device(ALICE_INVERTER_ID, is_battery_connected=False, battery_capacity_kwh=None)

    response = api.put(
        f"inverters/{ALICE_INVERTER_ID}", json={"is_battery_connected": True, "battery_capacity_kwh": 7.5}
    )

    assert response.status_code == 200
    assert response.json()["battery_capacity_kwh"] == 7.5


def test_an_empty_put_changes_nothing_but_the_update_time(api):
    before = api.get(f"inverters/{ALICE_INVERTER_ID}").json()

    after = api.put(f"inverters/{ALICE_INVERTER_ID}", json={}).json()

    assert {**after, "updated_at": None} == {**before, "updated_at": None}


def test_the_current_session_is_null_while_the_car_is_not_charging(api):
    response = api.get(f"electric-vehicles/{ALICE_EV_ID}/sessions/current")

    assert response.status_code == 200
    assert response.json() == {"session": None}


def test_the_current_session_describes_the_charge_in_progress(api, control):
    control.set_device(ALICE_EV_ID, is_charging=True)

    session = api.get(f"electric-vehicles/{ALICE_EV_ID}/sessions/current").json()["session"]

    assert session["id"]
    assert session["initial_soc_pct"] == 54
    assert session["avg_charge_power_kw"] > 0


def test_an_unknown_api_path_is_not_found(api):
    assert api.get("charging-stations").status_code == 404


def test_a_method_the_path_does_not_take_is_not_allowed(api):
    assert api.delete(f"heat-pumps/{ALICE_HEAT_PUMP_ID}").status_code == 405
