"""Wallboxes in the sandbox (podero-api.md §7, §5.5): listed and shown as any kind, their boost starts, arms the
next car, is refused with a wallbox's 409 reasons, and is stopped by DELETE even while it runs; no history."""

import pytest

from podero_sandbox import BOB_USER_ID, BOB_WALLBOX_ID

from .conftest import PartnerApi

WALLBOX = f"wallboxes/{BOB_WALLBOX_ID}"
BOOST = f"{WALLBOX}/boost"


@pytest.fixture
def bob(server):
    return PartnerApi(server.url, user_id=BOB_USER_ID)


def car(control, action):
    return control("POST", f"wallboxes/{BOB_WALLBOX_ID}/{action}")


def test_bob_has_the_demo_wallbox_in_the_list_and_in_detail(bob, api):
    [listed] = bob.get("wallboxes").json()
    detail = bob.get(WALLBOX).json()

    assert listed["id"] == detail["id"] == BOB_WALLBOX_ID
    assert (detail["device_model"]["manufacturer"], detail["is_plugged_in"], detail["boost_state"]) == (
        "Easee",
        True,
        "available",
    )
    assert api.get("wallboxes").json() == []  # Alice has none


def test_boost_starts_charging_at_full_power_and_delete_stops_it(bob):
    started = bob.post(BOOST)
    charging = bob.get(WALLBOX).json()
    stopped = bob.delete(BOOST)
    after = bob.get(WALLBOX).json()

    assert (started.status_code, started.content) == (204, b"")
    assert (charging["boost_state"], charging["is_charging"], charging["charge_rate_w"]) == (
        "ongoing",
        True,
        11000,
    )
    assert stopped.status_code == 204
    assert (after["boost_state"], after["is_charging"], after["charge_rate_w"]) == ("available", False, 0)
    assert bob.delete(BOOST).status_code == 204  # idempotent


def test_boost_without_a_car_arms_the_next_one_and_delete_disarms_it(bob, control):
    car(control, "unplug")

    assert bob.post(BOOST).status_code == 204
    assert car(control, "plug-in")["is_charging"] is True
    car(control, "unplug")
    bob.post(BOOST)
    bob.delete(BOOST)
    assert car(control, "plug-in")["is_charging"] is False


@pytest.mark.parametrize(
    ("setup", "reason"), [("charging", "already_charging"), ("car-full", "fully_charged")]
)
def test_boost_is_refused_with_a_wallboxs_409_reasons(bob, control, setup, reason):
    if setup == "charging":
        bob.post(BOOST)
    else:
        car(control, setup)

    response = bob.post(BOOST)

    assert response.status_code == 409
    assert response.json()["reason"] == reason
    assert response.json()["state"] in ("ongoing", "unavailable")


def test_the_smart_optimization_switch_is_a_put_like_every_kinds(bob):
    response = bob.put(WALLBOX, json={"is_smart_optimization_active": False})

    assert response.status_code == 200
    assert bob.get(WALLBOX).json()["is_smart_optimization_active"] is False


@pytest.mark.parametrize("tail", ["data", "savings", "statistics"])
def test_a_wallbox_has_no_history(bob, tail):
    assert bob.get(f"{WALLBOX}/{tail}").status_code == 404


def test_reconnect_starts_a_sign_in_session(bob):
    response = bob.post(
        f"{WALLBOX}/auth_session", json={"success_url": "http://x/ok", "cancel_url": "http://x/no"}
    )

    assert response.status_code == 200
    assert response.json()["device_id"] == BOB_WALLBOX_ID
