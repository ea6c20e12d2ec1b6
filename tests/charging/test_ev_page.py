"""What the EV page explains: why it is (not) charging, and the weekly schedule in words and dates."""

from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from tests.helpers import page_url


def test_the_ev_page_says_why_the_car_is_not_charging(client, sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev))

    assertContains(response, "Why is it (not) charging?")
    assertContains(response, "The car is not plugged in. Charging can only start once it is.")


def test_the_plan_in_force_is_summed_up_with_its_next_deadlines(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev))

    assertContains(response, "Every day at least 80 % by 07:00, Europe/Berlin")
    assertContains(response, "Next deadlines")
    assertContains(response, ", 07:00 (")


def test_without_a_deadline_the_card_says_so_and_the_editor_starts_from_podero_s_week(
    client, sandbox, alice_ev
):
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev))

    assertContains(response, "No deadline: Podero charges the car whenever electricity is cheapest.")
    assertNotContains(response, "Next deadlines")
    assertContains(response, 'name="mon_percentage" value="80"')
    asked = [r["path"].split(str(alice_ev.podero_id))[-1] for r in sandbox.requests()]
    assert asked.count("") == 1  # the car itself
    assert asked.count("/charge-policy") == 1


def test_a_browser_in_another_time_zone_sees_what_each_deadline_means_there(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    client.cookies["browser_tz"] = "Europe/London"

    response = client.get(page_url(alice_ev))

    assertContains(response, "(06:00 where you are, Europe/London)")


def test_an_unknown_browser_time_zone_is_ignored(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    client.cookies["browser_tz"] = "<script>"

    response = client.get(page_url(alice_ev))

    assertNotContains(response, "where you are")
