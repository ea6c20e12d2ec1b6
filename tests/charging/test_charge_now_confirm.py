"""Charge now says what it does before it starts: its first step is a link that sends nothing, its second says
full speed whatever the price and how it is stopped, and only then is anything sent. Without JavaScript too."""

from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from tests.helpers import GERMAN, HTMX, action_url, page_url, podero_path

YES = "Yes, charge now</button>"


def test_the_first_step_sends_nothing_and_the_second_says_what_it_will_do(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    page = client.get(page_url(alice_ev))
    confirm = client.get(page_url(alice_ev) + "?confirm=charge-now")

    assertContains(page, f'href="{page_url(alice_ev)}?confirm=charge-now#boost"')
    assertNotContains(page, YES)
    assertContains(confirm, "charges the car straight away at full speed, whatever the price")
    assertContains(confirm, "to stop it, unplug the car")
    assertContains(confirm, YES)
    assertContains(confirm, f'action="{action_url(alice_ev, "charge-now")}"')
    assert sandbox.writes() == []


def test_for_an_unplugged_car_it_says_it_waits_for_the_plug_and_how_to_take_it_back(
    client, sandbox, alice_ev
):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)

    confirm = client.get(page_url(alice_ev) + "?part=boost&confirm=charge-now", headers=HTMX)

    assertContains(confirm, "as soon as the car is plugged in, it charges at full speed")
    assertContains(confirm, "only unplugging the car stops it")
    assertNotContains(confirm, "<html")
    assert sandbox.writes() == []


def test_yes_starts_it_once(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), {"confirmed": "yes"})

    assert response.status_code == 302
    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [("POST", podero_path(alice_ev, "/boost"))]


def test_when_podero_cannot_say_how_the_car_is_it_says_what_it_does_either_way(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)
    sandbox.fault(status=503, method="GET", path_contains=str(alice_ev.podero_id))

    confirm = client.get(page_url(alice_ev) + "?part=boost&confirm=charge-now", headers=HTMX)

    assertContains(
        confirm, "straight away if it is plugged in, or as soon as it is", status_code=confirm.status_code
    )
    assertContains(confirm, YES, status_code=confirm.status_code)


def test_the_confirmation_is_in_german_too(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    confirm = client.get(page_url(alice_ev) + "?confirm=charge-now", headers=GERMAN)

    assertContains(confirm, "Jetzt mit voller Leistung laden?")
    assertContains(confirm, "egal zu welchem Preis")
    assertContains(confirm, "Ja, jetzt laden</button>")


def test_a_post_without_the_yes_answers_with_the_confirmation_and_sends_nothing(client, sandbox, alice_ev):
    """The confirmation is the view's, not only the template's: a stale form or a bare POST starts nothing."""
    client.force_login(alice_ev.homeowner.user)

    part = client.post(action_url(alice_ev, "charge-now"), headers=HTMX)
    page = client.post(action_url(alice_ev, "charge-now"), {"confirmed": "no"})

    assertContains(part, YES)
    assertContains(part, "whatever the price")
    assertNotContains(part, "<html")
    assert page.status_code == 302
    assert page["Location"] == f"{page_url(alice_ev)}?confirm=charge-now#boost"
    assertContains(client.get(page["Location"]), YES)
    assert sandbox.writes() == []


def test_a_bare_post_in_german_answers_with_the_german_confirmation(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    part = client.post(action_url(alice_ev, "charge-now"), headers={**HTMX, **GERMAN})

    assertContains(part, "Ja, jetzt laden</button>")
    assert sandbox.writes() == []


def test_yes_with_javascript_sends_one_boost(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    client.post(action_url(alice_ev, "charge-now"), headers=HTMX)  # unconfirmed first: nothing
    response = client.post(action_url(alice_ev, "charge-now"), {"confirmed": "yes"}, headers=HTMX)

    assert response.status_code == 200
    assertNotContains(response, YES)
    assert [(w["method"], w["path"], w["body"]) for w in sandbox.writes()] == [
        ("POST", podero_path(alice_ev, "/boost"), "")
    ]
