"""My devices as tiles: each device in one or two lines, what it does now and what comes next, with its main
action, told from what Podero reports and what the portal itself did (a pause for a while, Charge now)."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from preferences.accounts import save_homeowner
from preferences.models import Device
from tests.helpers import action_url, page_url

TILE = re.compile(r'<li class="tile[^"]*">(.*?)</li>', re.S)


def car(response) -> str:
    [tile] = [tile for tile in tiles(response) if "Electric vehicle" in tile]
    return tile


def tiles(response) -> list[str]:
    """Each tile's words, tags left out."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", tile).split()) for tile in TILE.findall(response.content.decode())
    ]


@pytest.mark.django_db
def test_a_four_device_home_has_one_tile_each_with_what_it_does_and_its_action(client, sandbox):
    user = sandbox.control("POST", "users", {"heat_pumps": 1, "electric_vehicles": 2, "inverters": 1})
    homeowner, _ = save_homeowner(email="four@example.com", podero_user_id=user["id"])
    client.force_login(homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    words = tiles(response)
    assert len(words) == 4
    assert sum("Running in" in tile and "Pause…" in tile for tile in words) == 1
    assert sum("Producing" in tile for tile in words) == 1
    # Each car says whether it is plugged in, and its action is the first step of Charge now (no write).
    cars = [tile for tile in words if "Electric vehicle" in tile]
    assert len(cars) == 2
    assert all(re.search(r"Unplugged|Plugged in|Charging|Waiting for cheap hours", car) for car in cars)
    assert sandbox.writes() == []


def test_a_paused_heat_pump_says_until_when_and_offers_to_resume(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause-for-a-while"), {"length": "3h"})
    ends = timezone.localtime(
        timezone.now() + timedelta(hours=3), ZoneInfo(alice_heat_pump.homeowner.timezone)
    )

    response = client.get(reverse("preferences:dashboard"))

    [tile] = [tile for tile in tiles(response) if "Heat pump" in tile]
    # Today, or tomorrow in the homeowner's time zone: then with the weekday.
    assert re.search(rf"Paused until (\w{{3}} )?({ends:%H:%M}|{ends - timedelta(minutes=1):%H:%M})", tile)
    assert "Resume now" in tile
    assertContains(response, f'action="{action_url(alice_heat_pump, "pause-for-a-while-end")}"')


def test_a_device_whose_connection_lapsed_says_it_needs_the_homeowner(client, sandbox, alice_heat_pump):
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_authenticated=False)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    [tile] = [tile for tile in tiles(response) if "Heat pump" in tile]
    assert "Needs you: reconnect" in tile
    assertContains(response, f'href="{page_url(alice_heat_pump)}#state"')


def test_a_plugged_in_car_waiting_says_its_next_target_once_its_plan_is_known(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    before = car(client.get(reverse("preferences:dashboard")))
    client.get(page_url(alice_ev))  # its page reads the weekly plan

    after = car(client.get(reverse("preferences:dashboard")))

    assert "Charged by the deadline in its charging plan" in before
    assert "Waiting for cheap hours · battery 54 %" in after
    assert "at least 80 % by 07:00" in after
    assert "Charge now…" in after


def test_a_car_without_a_deadline_says_it_charges_in_the_cheapest_hours(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=False)
    client.force_login(alice_ev.homeowner.user)

    assert "No deadline: charges in the cheapest hours" in car(client.get(reverse("preferences:dashboard")))


def test_an_armed_charge_now_says_so_and_offers_to_take_it_back(client, sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)
    client.post(action_url(alice_ev, "charge-now"), {"confirmed": "yes"})

    response = client.get(reverse("preferences:dashboard"))

    assert "Charge now armed: full speed as soon as it is plugged in" in car(response)
    assertContains(response, f'action="{action_url(alice_ev, "cancel-boost")}"')


def test_a_car_charging_at_full_speed_says_how_it_stops(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)
    client.post(action_url(alice_ev, "charge-now"), {"confirmed": "yes"})
    sandbox.set_device(seed.ALICE_EV_ID, is_charging=True)

    response = client.get(reverse("preferences:dashboard"))

    assertNotContains(response, "Can start now")
    assert any(
        "until you unplug the car" in tile or "Charge now is starting" in tile for tile in tiles(response)
    )


def test_the_tiles_are_in_german_too(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(reverse("preferences:dashboard"), headers={"accept-language": "de"})

    [tile] = [tile for tile in tiles(response) if "Wärmepumpe" in tile]
    assert "Pausieren …" in tile


def test_a_stranger_s_device_is_no_tile(client, sandbox, alice_ev, bob_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    assert Device.objects.filter(homeowner=alice_ev.homeowner).count() >= 1
    assertNotContains(response, str(bob_ev.podero_id))


@pytest.mark.parametrize(
    ("fields", "now", "not_said"),
    [
        ({"is_charging": None}, "Plugged in · battery 54 %", "Waiting for cheap hours"),
    ],
)
def test_a_car_says_only_what_podero_says(client, sandbox, alice_ev, fields, now, not_said):
    sandbox.set_device(seed.ALICE_EV_ID, **fields)
    client.force_login(alice_ev.homeowner.user)

    tile = car(client.get(reverse("preferences:dashboard")))

    assert now in tile
    assert not_said not in tile
