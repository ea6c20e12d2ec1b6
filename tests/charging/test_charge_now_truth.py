"""The Charge now card after a press, as Podero moves the car: Podero's word wins over our own record of the
request, every sentence is true, and the time asked is the homeowner's (issue 20)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from podero_sandbox.clock import isoformat
from preferences.models import Change
from tests.helpers import CONFIRMED, GERMAN, HTMX, action_url, page_url

# The first step of Charge now: a link to the step that says what it will do (nothing is sent yet).
CHARGE_NOW_BUTTON = ">Charge now…</a>"
REASON = "Customer called: leaving early"


def press_charge_now(client, ev):
    response = client.post(action_url(ev, "charge-now"), CONFIRMED, headers=HTMX)
    assert response.status_code == 200
    return Change.objects.filter(device=ev, intent=Change.Intent.CHARGE_NOW).latest("created_at")


def car_last_reported_before(sandbox, change, **fields):
    """Podero's next answer, stamped before the press: the car has not reported since we asked."""
    earlier = isoformat(change.created_at - timedelta(minutes=1))
    sandbox.set_device(seed.ALICE_EV_ID, current_state_last_updated_at=earlier, **fields)
    cache.clear()  # the portal's short cache of Podero's answers has run out


def waiting_for_the_car(sandbox, change):
    """Podero accepted the start and says a boost is not possible (the car charges), but the car has not
    reported since the press: the one state in which our own request is the best word there is."""
    car_last_reported_before(sandbox, change, boost_state="unavailable", is_charging=True)


def at(change, zone):
    return change.created_at.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def test_charge_now_is_offered_again_when_podero_says_a_boost_can_start(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)
    change = press_charge_now(client, alice_ev)

    car_last_reported_before(sandbox, change, boost_state="available", is_charging=False)
    response = client.get(page_url(alice_ev))

    assertNotContains(response, "You asked to charge now at")
    assertContains(response, "The car is plugged in. Charge now starts charging straight away")
    assertContains(response, CHARGE_NOW_BUTTON)
    assertContains(response, "Press Charge now to charge at once.")


def test_an_unplugged_car_is_not_said_to_be_about_to_charge(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)
    change = press_charge_now(client, alice_ev)

    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    car_last_reported_before(sandbox, change)
    response = client.get(page_url(alice_ev))

    assertNotContains(response, "You asked to charge now at")
    assertContains(response, "The car is unplugged. Charge now makes it charge at full speed")
    assertContains(response, CHARGE_NOW_BUTTON)


def test_an_armed_start_is_used_up_by_a_plug_in_and_not_promised_again(client, sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)
    press_charge_now(client, alice_ev)
    assertContains(client.get(page_url(alice_ev)), "will start as soon as the car is plugged in")

    sandbox.ev(seed.ALICE_EV_ID, "plug-in")  # Podero fires the boost and clears its flag
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    cache.clear()  # the portal's short cache of Podero's answers has run out
    response = client.get(page_url(alice_ev))

    assert sandbox.device(seed.ALICE_EV_ID)["boost_for_next_session"] is False
    assertNotContains(response, "will start as soon as the car is plugged in")
    assertNotContains(response, "Don&#x27;t start when plugged in")
    assertContains(response, "The car is unplugged. Charge now makes it charge at full speed")
    assertContains(response, CHARGE_NOW_BUTTON)


def test_while_the_car_has_not_reported_the_card_says_when_in_the_homeowners_time(client, sandbox, alice_ev):
    alice_ev.homeowner.timezone = "Asia/Tokyo"  # neither UTC nor the server's Berlin
    alice_ev.homeowner.save(update_fields=["timezone"])
    client.force_login(alice_ev.homeowner.user)
    change = press_charge_now(client, alice_ev)

    waiting_for_the_car(sandbox, change)
    response = client.get(page_url(alice_ev))

    assertContains(response, f"You asked to charge now at {at(change, 'Asia/Tokyo')}. Podero accepted it")
    assertNotContains(response, CHARGE_NOW_BUTTON)
    assertNotContains(response, "Press Charge now")


def test_the_waiting_sentence_in_german_in_the_homeowners_time(client, sandbox, alice_ev):
    alice_ev.homeowner.timezone = "Asia/Tokyo"
    alice_ev.homeowner.save(update_fields=["timezone"])
    client.force_login(alice_ev.homeowner.user)
    change = press_charge_now(client, alice_ev)

    waiting_for_the_car(sandbox, change)
    response = client.get(page_url(alice_ev), headers=GERMAN)

    assertContains(response, f"Sie haben um {at(change, 'Asia/Tokyo')} Uhr „Jetzt laden“ gewählt.")


def test_german_after_podero_offers_it_again(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)
    change = press_charge_now(client, alice_ev)

    car_last_reported_before(sandbox, change, boost_state="available", is_charging=False)
    response = client.get(page_url(alice_ev), headers=GERMAN)

    assertNotContains(response, "Sie haben um")
    assertContains(response, "Jetzt laden …</a>")


def test_staff_are_told_the_homeowner_asked(client, sandbox, alice_ev, maria):
    client.force_login(alice_ev.homeowner.user)
    change = press_charge_now(client, alice_ev)
    waiting_for_the_car(sandbox, change)
    client.force_login(maria)

    response = client.get(reverse("admin:preferences_homeowner_devices", args=[alice_ev.homeowner_id]))

    assertContains(response, f"The homeowner asked to charge now at {at(change, 'Europe/Berlin')}.")
    assertNotContains(response, "You asked")


def test_staff_who_asked_are_told_they_did_and_the_homeowner_is_told_who(client, sandbox, alice_ev, maria):
    client.force_login(maria)
    url = reverse("admin:preferences_homeowner_charge_now", args=[alice_ev.homeowner_id, alice_ev.podero_id])
    client.post(url, {"reason": REASON})
    change = Change.objects.get(device=alice_ev, intent=Change.Intent.CHARGE_NOW)
    waiting_for_the_car(sandbox, change)

    staff_page = client.get(reverse("admin:preferences_homeowner_devices", args=[alice_ev.homeowner_id]))
    client.force_login(alice_ev.homeowner.user)
    homeowner_page = client.get(page_url(alice_ev))

    assertContains(staff_page, f"You asked to charge now at {at(change, 'Europe/Berlin')}.")
    assertContains(homeowner_page, "Maria from customer service asked to charge now at")


def test_staff_get_the_button_whenever_podero_offers_charge_now(client, sandbox, alice_ev, maria):
    client.force_login(alice_ev.homeowner.user)
    change = press_charge_now(client, alice_ev)
    car_last_reported_before(sandbox, change, boost_state="available", is_charging=False)
    client.force_login(maria)

    response = client.get(reverse("admin:preferences_homeowner_devices", args=[alice_ev.homeowner_id]))

    assertNotContains(response, "asked to charge now")
    url = reverse("admin:preferences_homeowner_charge_now", args=[alice_ev.homeowner_id, alice_ev.podero_id])
    assertContains(response, f'formaction="{url}"')


def test_my_devices_says_charge_now_can_start_at_the_plug_in_of_an_unplugged_car(client, sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)

    dashboard = client.get(reverse("preferences:dashboard"))
    page = client.get(page_url(alice_ev))

    assertNotContains(dashboard, "Not possible right now")
    assertContains(dashboard, "Unplugged")
    assertContains(dashboard, "?confirm=charge-now#boost")
    assertContains(page, CHARGE_NOW_BUTTON)
