"""Charge now: every row of the boost table (podero-api.md §5.5), arming, plugging in and disarming."""

import time

import pytest

from podero_sandbox import ALICE_EV_ID, ALICE_HEAT_PUMP_ID, BOB_EV_ID, BOB_USER_ID

from .conftest import PartnerApi

EV = f"electric-vehicles/{ALICE_EV_ID}"
BOOST = f"{EV}/boost"


def boost_state(api):
    return api.get(EV).json()["boost_state"]


def test_boost_on_an_idle_plugged_in_car_is_requested_then_starts_charging(api, control):
    control.config(boost_start_delay=0.3)

    response = api.post(BOOST)

    assert response.status_code == 204
    assert response.content == b""
    ev = api.get(EV).json()
    assert (ev["boost_state"], ev["is_charging"]) == ("requested", False)
    time.sleep(0.35)
    ev = api.get(EV).json()
    assert (ev["boost_state"], ev["is_charging"]) == ("ongoing", True)
    assert ev["charge_rate_w"] > 0


def test_boost_with_no_start_delay_is_ongoing_at_the_next_read(api):
    api.post(BOOST)

    assert boost_state(api) == "ongoing"


def test_boost_on_an_unplugged_car_arms_it_for_the_next_plug_in(api, control):
    control.ev(ALICE_EV_ID, "unplug")

    response = api.post(BOOST)

    assert response.status_code == 204
    assert boost_state(api) == "unavailable"
    assert control.device(ALICE_EV_ID)["boost_for_next_session"] is True
    assert "boost_for_next_session" not in api.get(EV).json()


def test_arming_twice_is_idempotent(api, control):
    control.ev(ALICE_EV_ID, "unplug")
    api.post(BOOST)

    response = api.post(BOOST)

    assert response.status_code == 204
    internals = control.device(ALICE_EV_ID)
    assert (internals["boost_for_next_session"], internals["boost_state"]) == (True, "unavailable")


def test_plugging_in_fires_an_armed_boost_and_clears_the_flag(api, control):
    control.config(boost_start_delay=0.3)
    control.ev(ALICE_EV_ID, "unplug")
    api.post(BOOST)

    internals = control.ev(ALICE_EV_ID, "plug-in")

    assert internals["boost_for_next_session"] is False
    assert boost_state(api) == "requested"
    time.sleep(0.35)
    assert boost_state(api) == "ongoing"


def test_plugging_in_without_an_armed_boost_leaves_the_car_idle(api, control):
    control.ev(ALICE_EV_ID, "unplug")

    control.ev(ALICE_EV_ID, "plug-in")

    ev = api.get(EV).json()
    assert (ev["is_plugged_in"], ev["is_charging"], ev["boost_state"]) == (True, False, "available")


def test_bobs_unplugged_id4_can_be_armed(server, control):
    bob = PartnerApi(server.url, user_id=BOB_USER_ID)

    response = bob.post(f"electric-vehicles/{BOB_EV_ID}/boost")

    assert response.status_code == 204
    assert control.device(BOB_EV_ID)["boost_for_next_session"] is True


@pytest.mark.parametrize(
    ("setup", "state"),
    [
        ({"is_charging": True}, "unavailable"),
        ({"boost_state": "requested"}, "requested"),
        ({"boost_state": "ongoing"}, "ongoing"),
    ],
)
def test_boost_on_a_car_that_is_charging_or_about_to_is_refused_as_already_charging(
    api, control, setup, state
):
    control.config(boost_start_delay=60)
    control.set_device(ALICE_EV_ID, **setup)

    response = api.post(BOOST)

    assert response.status_code == 409
    assert response.json() == {"state": state, "reason": "already_charging"}


def test_boosting_twice_is_refused_the_second_time(api, control):
    control.config(boost_start_delay=60)
    api.post(BOOST)

    response = api.post(BOOST)

    assert response.status_code == 409
    assert response.json() == {"state": "requested", "reason": "already_charging"}


def test_boost_on_a_full_battery_is_refused_as_fully_charged(api, control):
    control.set_device(ALICE_EV_ID, battery_level=100, is_fully_charged=True)

    response = api.post(BOOST)

    assert response.status_code == 409
    assert response.json() == {"state": "unavailable", "reason": "fully_charged"}


def test_filling_the_battery_makes_a_boost_pointless(api, control):
    internals = control.ev(ALICE_EV_ID, "fill")

    assert (internals["battery_level"], internals["is_fully_charged"], internals["is_charging"]) == (
        100,
        True,
        False,
    )
    assert api.post(BOOST).json()["reason"] == "fully_charged"


def test_filling_the_battery_ends_a_running_boost(api, control):
    api.post(BOOST)

    control.ev(ALICE_EV_ID, "fill")

    ev = api.get(EV).json()
    assert (ev["boost_state"], ev["is_charging"]) == ("unavailable", False)


def test_boost_on_a_plugged_in_car_without_an_active_session_is_refused(api, control):
    control.set_device(ALICE_EV_ID, has_active_session=False)

    response = api.post(BOOST)

    assert response.status_code == 409
    assert response.json() == {"state": "available", "reason": "no_active_session"}


def test_a_charging_car_without_boost_shows_boost_as_unavailable(api, control):
    control.set_device(ALICE_EV_ID, is_charging=True)

    assert boost_state(api) == "unavailable"


def test_unplugging_ends_a_running_boost(api, control):
    api.post(BOOST)

    control.ev(ALICE_EV_ID, "unplug")

    ev = api.get(EV).json()
    assert (ev["is_plugged_in"], ev["is_charging"], ev["boost_state"]) == (False, False, "unavailable")


def test_cancelling_disarms_an_armed_boost(api, control):
    control.ev(ALICE_EV_ID, "unplug")
    api.post(BOOST)

    response = api.delete(BOOST)

    assert response.status_code == 204
    assert control.device(ALICE_EV_ID)["boost_for_next_session"] is False
    control.ev(ALICE_EV_ID, "plug-in")
    assert boost_state(api) == "available"


def test_cancelling_when_nothing_is_armed_is_still_no_content(api):
    assert api.delete(BOOST).status_code == 204
    assert api.delete(BOOST).status_code == 204


def test_cancelling_does_not_stop_a_live_boost(api):
    api.post(BOOST)

    response = api.delete(BOOST)

    assert response.status_code == 204
    ev = api.get(EV).json()
    assert (ev["boost_state"], ev["is_charging"]) == ("ongoing", True)


def test_boost_is_only_for_electric_vehicles(api):
    assert api.post(f"electric-vehicles/{ALICE_HEAT_PUMP_ID}/boost").status_code == 404
