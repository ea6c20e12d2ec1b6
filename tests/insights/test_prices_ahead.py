"""Today and tomorrow over prices: where Podero's /data gives the coming hours, their price as a chart with its
table, the plan's deadline and when Podero expects to charge or run; where it does not, it says so plainly and
shows what is known. Under every reading of /data (podero_sandbox/history_ahead.py)."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from tests.helpers import GERMAN, HTMX, page_url


def prices_part(client, device, **headers):
    client.get(page_url(device))  # the page itself: the car's plan is read (and kept) there
    return client.get(page_url(device) + "?part=prices", headers=HTMX | headers)


def rows(response) -> list[list[str]]:
    body = response.content.decode()
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1])
    ]


@pytest.fixture
def charging_plan_on(sandbox):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)


def test_with_prices_and_a_plan_it_shows_the_hours_the_deadline_and_when_it_charges(
    client, sandbox, alice_ev, charging_plan_on
):
    sandbox.reading(data_ahead="prices_and_plan")
    client.force_login(alice_ev.homeowner.user)

    response = prices_part(client, alice_ev)

    assertContains(response, "Prices today and tomorrow")
    assertContains(response, "Charging plan: at least 80 % by 07:00 on")
    assertContains(response, "Podero expects to charge: ")
    table = rows(response)
    assert 24 < len(table) <= 48  # from this hour to the end of tomorrow
    assert all(row[1].endswith("ct/kWh") for row in table)
    assert any(row[2] != "0.0\u00a0kWh" for row in table)  # the hours it expects to charge in
    assert sum("deadline" in row[0] for row in table) == 1
    assertContains(response, '<th scope="col">Expected charging</th>')


def test_with_prices_only_it_says_podero_does_not_say_when_it_charges(
    client, sandbox, alice_ev, charging_plan_on
):
    sandbox.reading(data_ahead="prices_only")
    client.force_login(alice_ev.homeowner.user)

    response = prices_part(client, alice_ev)

    assertContains(response, "Podero&#x27;s data does not say when it expects to charge.")
    assertNotContains(response, "Expected charging")
    assert len(rows(response)) > 24


def test_without_prices_ahead_it_says_so_and_shows_the_newest_price(client, sandbox, alice_ev):
    sandbox.reading(data_ahead="past_only")
    client.force_login(alice_ev.homeowner.user)

    response = prices_part(client, alice_ev)

    assertContains(response, "gives no prices for the coming hours")
    assertContains(response, "The newest price it gave: ")
    assertNotContains(response, "<table")


def test_a_heat_pump_shows_the_energy_podero_expects_it_to_use(client, sandbox, alice_heat_pump):
    sandbox.reading(data_ahead="prices_and_plan")
    client.force_login(alice_heat_pump.homeowner.user)

    response = prices_part(client, alice_heat_pump)

    assertContains(response, "The bars show the energy Podero expects it to use in each hour.")
    assertContains(response, '<th scope="col">Expected use</th>')
    assertNotContains(response, "Charging plan")


def test_without_javascript_the_card_is_in_the_page_with_every_card(client, sandbox, alice_ev):
    sandbox.reading(data_ahead="prices_and_plan")
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev) + "?cards=all")

    assertContains(response, "Prices today and tomorrow")


def test_the_prices_are_in_german_too(client, sandbox, alice_ev, charging_plan_on):
    sandbox.reading(data_ahead="prices_and_plan")
    client.force_login(alice_ev.homeowner.user)

    response = prices_part(client, alice_ev, **GERMAN)

    assertContains(response, "Preise heute und morgen")
    assertContains(response, "ct/kWh")
    assertContains(response, "Podero erwartet zu laden: ")


def test_during_a_trip_under_no_deadline_the_trip_s_deadline_is_the_one_shown(client, sandbox, alice_ev):
    """Podero's deadline is on for the trip alone: its target and moment are known, not 'a deadline in the plan'."""
    from datetime import timedelta

    from django.utils import timezone

    from preferences.charging import trips
    from preferences.podero import DayTarget

    sandbox.reading(data_ahead="prices_and_plan")
    tomorrow = timezone.localdate() + timedelta(days=1)
    trips.set_trip_target(
        ev=alice_ev, day=tomorrow, target=DayTarget(90, "06:30"), actor=None, now=timezone.now()
    )
    client.force_login(alice_ev.homeowner.user)

    response = prices_part(client, alice_ev)

    assertContains(response, "Charging plan: at least 90 % by 06:30 on")
    assertNotContains(response, "Charged by the deadline in its charging plan")
    assert sum("deadline" in row[0] for row in rows(response)) == 1, "the trip's deadline marks its hour"
