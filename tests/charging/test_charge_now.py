"""Charge now: every row of the seed's boost table, and cancelling an armed boost."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

import podero_sandbox as seed
from tests.helpers import CONFIRMED, HTMX, action_url, page_url, podero_path


def test_charge_now_on_an_idle_plugged_in_car_starts_charging(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 200
    assertContains(response, "Charging at full speed until the battery is full or the car is unplugged.")
    [write] = sandbox.writes()
    assert (write["method"], write["path"], write["body"]) == ("POST", podero_path(alice_ev, "/boost"), "")


def test_charge_now_on_an_unplugged_car_arms_it_and_offers_to_cancel(client, sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assertContains(response, "as soon as the car is plugged in")
    assertContains(response, "Don&#x27;t start when plugged in")
    assert sandbox.device(seed.ALICE_EV_ID)["boost_for_next_session"] is True


@pytest.mark.parametrize(
    ("setup", "sentence"),
    [
        ({"is_charging": True}, "already charging"),
        ({"battery_level": 100, "is_fully_charged": True}, "already full"),
        ({"has_active_session": False}, "no active charging session"),
    ],
)
def test_charge_now_refused_by_podero_says_why_and_is_not_an_error(
    client, sandbox, alice_ev, setup, sentence
):
    sandbox.set_device(seed.ALICE_EV_ID, **setup)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 200
    assertContains(response, sentence)
    assertNotContains(response, "went wrong")


def test_charge_now_is_never_sent_twice_when_podero_fails(client, sandbox, alice_ev):
    sandbox.fault(status=503, path_contains="/boost")
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 503
    assert len([w for w in sandbox.writes() if w["path"].endswith("/boost")]) == 1


def test_cancel_boost_disarms_it(client, sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)
    client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    response = client.post(action_url(alice_ev, "cancel-boost"), headers=HTMX)

    assertContains(response, "It will not start charging when plugged in")
    assertNotContains(response, "Don&#x27;t start when plugged in")
    assert sandbox.writes()[-1]["method"] == "DELETE"
    assert sandbox.device(seed.ALICE_EV_ID)["boost_for_next_session"] is False


def test_without_javascript_charge_now_redirects_to_the_page_with_the_outcome(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED)

    assertRedirects(response, page_url(alice_ev), fetch_redirect_response=False)
    assertContains(client.get(page_url(alice_ev)), "Charging at full speed until the battery is full")
