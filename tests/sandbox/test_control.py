"""The /_sandbox/ control API: reset, device internals, config and extra users."""

import pytest
import requests

from podero_sandbox import (
    ALICE_EV_ID,
    ALICE_HEAT_PUMP_ID,
    ALICE_USER_ID,
    BOB_EV_ID,
    BOB_USER_ID,
    SandboxServer,
)

from .conftest import TIMEOUT, PartnerApi


def test_reset_restores_the_seed_and_clears_faults_journal_and_tokens(api, control):
    api.put(f"heat-pumps/{ALICE_HEAT_PUMP_ID}", json={"comment": "changed"})
    control.ev(ALICE_EV_ID, "unplug")
    control.fault(status=500, method="DELETE")
    control.config(boost_start_delay=30)

    control("POST", "reset")

    assert control.device(ALICE_HEAT_PUMP_ID)["comment"] == ""
    assert control.device(ALICE_EV_ID)["is_plugged_in"] is True
    assert control("GET", "faults") == []
    assert control.requests() == []
    assert control("GET", "config")["boost_start_delay"] == 0
    assert api.get("heat-pumps").status_code == 401


def test_the_device_view_shows_what_the_api_keeps_to_itself(control):
    ev = control.device(ALICE_EV_ID)

    assert ev["kind"] == "electric-vehicles"
    assert ev["owner_user_id"] == ALICE_USER_ID
    assert (ev["boost_for_next_session"], ev["has_active_session"]) == (False, True)
    assert ev["charge_policy"]["timezone"] == "Europe/Berlin"
    assert ev["boost_state"] == "available"


def test_merging_raw_fields_skips_validation_and_recomputes_the_boost_state(api, control):
    control.set_device(ALICE_EV_ID, is_authenticated=False, battery_level=100, is_fully_charged=True)

    ev = api.get(f"electric-vehicles/{ALICE_EV_ID}").json()

    assert (ev["is_authenticated"], ev["battery_level"], ev["boost_state"]) == (False, 100, "unavailable")


def test_a_device_can_be_handed_to_another_user(server, control):
    control.set_device(ALICE_EV_ID, owner_user_id=BOB_USER_ID)

    bobs = PartnerApi(server.url, user_id=BOB_USER_ID).get("electric-vehicles").json()

    assert {ev["id"] for ev in bobs} == {ALICE_EV_ID, BOB_EV_ID}
    assert all(ev["owner"]["email"] == "bob@example.com" for ev in bobs)


@pytest.mark.parametrize("fields", [{"id": "x"}, {"owner_user_id": "nobody"}, {"boost_state": "flying"}])
def test_merging_fields_that_would_break_the_device_is_refused(server, fields):
    response = requests.post(f"{server.url}/_sandbox/devices/{ALICE_EV_ID}", json=fields, timeout=TIMEOUT)

    assert response.status_code == 400


def test_an_unknown_device_is_not_found_in_the_control_api(server):
    response = requests.get(f"{server.url}/_sandbox/devices/nope", timeout=TIMEOUT)

    assert response.status_code == 404


def test_plug_in_and_friends_are_for_electric_vehicles_only(server):
    response = requests.post(
        f"{server.url}/_sandbox/electric-vehicles/{ALICE_HEAT_PUMP_ID}/fill", timeout=TIMEOUT
    )

    assert response.status_code == 404


def test_config_changes_take_effect_and_are_shown(control):
    config = control.config(boost_start_delay=1.5, token_expires_in=60, latency_ms=0)

    assert config == {
        "boost_start_delay": 1.5,
        "token_expires_in": 60,
        "latency_ms": 0,
    }
    assert control("GET", "config") == config


@pytest.mark.parametrize(
    "values",
    [
        {"boost_start_delay": -1},
        {"token_expiry": 5},
        {"latency_ms": True},
    ],
)
def test_config_values_that_make_no_sense_are_refused(server, values):
    response = requests.post(f"{server.url}/_sandbox/config", json=values, timeout=TIMEOUT)

    assert response.status_code == 400


def test_a_new_user_gets_the_devices_asked_for(server, control):
    created = control(
        "POST", "users", {"email": "carol@example.com", "heat_pumps": 2, "electric_vehicles": 3}
    )

    carol = PartnerApi(server.url, user_id=created["id"])
    assert created["email"] == "carol@example.com"
    assert [device["kind"] for device in created["devices"]] == ["heat-pumps"] * 2 + ["electric-vehicles"] * 3
    evs = carol.get("electric-vehicles").json()
    assert {ev["id"] for ev in evs} == {
        d["id"] for d in created["devices"] if d["kind"] == "electric-vehicles"
    }
    assert all(ev["owner"]["email"] == "carol@example.com" for ev in evs)
    assert carol.get("inverters").json() == []
    assert carol.post(f"electric-vehicles/{evs[0]['id']}/boost").status_code == 204


def test_a_new_user_can_have_a_chosen_id(control):
    user_id = "0c0c0000-0000-4000-8000-000000000003"

    created = control("POST", "users", {"id": user_id, "email": "c@example.com", "inverters": 1})

    assert created["id"] == user_id
    assert control.device(created["devices"][0]["id"])["owner_user_id"] == user_id


def test_a_user_id_already_taken_is_a_conflict(server):
    response = requests.post(f"{server.url}/_sandbox/users", json={"id": ALICE_USER_ID}, timeout=TIMEOUT)

    assert response.status_code == 409


def test_the_user_list_shows_everyone_with_their_devices(control):
    users = {user["id"]: user for user in control("GET", "users")}

    assert set(users) == {ALICE_USER_ID, BOB_USER_ID}
    assert len(users[ALICE_USER_ID]["devices"]) == 3


def test_reset_forgets_created_users(control):
    created = control("POST", "users", {"email": "temp@example.com", "heat_pumps": 1})

    control("POST", "reset")

    assert created["id"] not in {user["id"] for user in control("GET", "users")}


def test_an_unknown_control_path_is_not_found(server):
    assert requests.get(f"{server.url}/_sandbox/nothing-here", timeout=TIMEOUT).status_code == 404


def test_the_server_can_be_used_as_a_context_manager_and_restarted_on_a_new_port():
    with SandboxServer(port=0) as first:
        url = first.url
        assert requests.get(f"{url}/_sandbox/config", timeout=TIMEOUT).ok

    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/_sandbox/config", timeout=TIMEOUT)
