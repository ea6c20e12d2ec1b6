"""The wallbox's Charge now asks first, as an EV's does (the same two steps, charge_now_ask.html and
charge_now_confirm.html): a link that sends nothing, then what it will do (full power whatever the price, and that
Stop ends it), and only "Yes, charge now" sends Podero its POST …/boost. The view refuses a POST without the Yes."""

from pytest_django.asserts import assertContains, assertNotContains

from tests.helpers import CONFIRMED, GERMAN, HTMX, action_url, page_url, podero_path
from tests.wallboxes.conftest import wallbox_control

YES = "Yes, charge now</button>"


def test_the_first_step_sends_nothing_and_the_second_says_what_it_will_do(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    page = client.get(page_url(bob_wallbox))
    confirm = client.get(page_url(bob_wallbox) + "?confirm=charge-now")

    assertContains(page, f'href="{page_url(bob_wallbox)}?confirm=charge-now#wallbox_boost"')
    assertNotContains(page, YES)
    assertContains(confirm, "Charge now at full power?")
    assertContains(confirm, "charge the car straight away at full power, whatever the price")
    assertContains(confirm, "You can stop it here at any time")
    assertContains(confirm, YES)
    assertContains(confirm, f'action="{action_url(bob_wallbox, "wallbox-charge-now")}"')
    assert sandbox.writes() == []


def test_with_no_car_it_says_it_waits_for_one(client, sandbox, bob_wallbox):
    wallbox_control(sandbox, "unplug")
    client.force_login(bob_wallbox.homeowner.user)

    confirm = client.get(page_url(bob_wallbox) + "?part=wallbox_boost&confirm=charge-now", headers=HTMX)

    assertContains(confirm, "Charge now waits for a car")
    assertContains(confirm, YES)
    assertNotContains(confirm, "<html")
    assert sandbox.writes() == []


def test_a_post_without_the_yes_answers_with_the_confirmation_and_sends_nothing(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    part = client.post(action_url(bob_wallbox, "wallbox-charge-now"), headers=HTMX)
    page = client.post(action_url(bob_wallbox, "wallbox-charge-now"), {"confirmed": "no"})

    assertContains(part, YES)
    assertContains(part, "whatever the price")
    assertNotContains(part, "<html")
    assert page.status_code == 302
    assert page["Location"] == f"{page_url(bob_wallbox)}?confirm=charge-now#wallbox_boost"
    assertContains(client.get(page["Location"]), YES)
    assert sandbox.writes() == []


def test_yes_sends_exactly_one_boost(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    client.post(action_url(bob_wallbox, "wallbox-charge-now"), headers=HTMX)  # unconfirmed first: nothing
    response = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 200
    assertNotContains(response, YES)
    assertContains(response, "Stop charging at full power")
    assert [(w["method"], w["path"], w["body"]) for w in sandbox.writes()] == [
        ("POST", podero_path(bob_wallbox, "/boost"), "")
    ]


def test_the_confirmation_is_in_german_too(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    confirm = client.get(page_url(bob_wallbox) + "?confirm=charge-now", headers=GERMAN)
    part = client.post(action_url(bob_wallbox, "wallbox-charge-now"), headers={**HTMX, **GERMAN})

    assertContains(confirm, "Jetzt mit voller Leistung laden?")
    assertContains(confirm, "egal zu welchem Preis")
    assertContains(confirm, "Sie können es hier jederzeit beenden")
    assertContains(confirm, "Ja, jetzt laden</button>")
    assertContains(part, "Ja, jetzt laden</button>")
    assert sandbox.writes() == []
