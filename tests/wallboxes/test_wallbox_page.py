"""A wallbox, the fourth kind: My devices lists it, its page has Charge now (that can be stopped while it runs),
the smart-optimization switch and reconnect, each with exactly the Podero call the docs describe, recorded in the
audit trail, and said in Recent changes; a 409 is explained, not an error; staff do the same in the admin."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

import podero_sandbox as seed
from preferences.models import Change
from tests.helpers import CONFIRMED, GERMAN, HTMX, action_url, page_url, podero_path
from tests.test_german import untranslated
from tests.wallboxes.conftest import wallbox_control


def test_my_devices_lists_the_wallbox_with_a_link_to_its_page(client, bob, sandbox):
    client.force_login(bob.user)

    response = client.get(reverse("preferences:dashboard"))

    assertContains(response, "Easee Charge")
    assertContains(response, "Wallbox")
    assertContains(response, "Car plugged in, not charging")
    assertContains(response, f'href="/wallboxes/{seed.BOB_WALLBOX_ID}/"')


def test_its_page_offers_charge_now_the_switch_and_no_history(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    response = client.get(page_url(bob_wallbox))

    assertContains(response, "A car is plugged in. Charge now charges it straight away at full power")
    # Charge now's first step, a link that sends nothing (test_wallbox_charge_now_confirm.py)
    assertContains(response, f'href="/wallboxes/{seed.BOB_WALLBOX_ID}/?confirm=charge-now#wallbox_boost"')
    assertContains(response, 'role="switch"')
    assertNotContains(response, "What smart optimization did")
    assert [r["path"] for r in sandbox.requests()] == [podero_path(bob_wallbox)]


def test_charge_now_starts_it_and_offers_to_stop_it(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    response = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 200
    assertContains(response, "Charging at full power until the car is full or unplugged.")
    assertContains(response, f'action="/wallboxes/{seed.BOB_WALLBOX_ID}/wallbox/stop-charging/"')
    assertContains(response, "You asked the wallbox to charge now")
    [write] = sandbox.writes()
    assert (write["method"], write["path"], write["body"]) == ("POST", podero_path(bob_wallbox, "/boost"), "")
    change = Change.objects.get()
    assert (change.intent, change.outcome, change.request_method) == (
        "wallbox_charge_now",
        Change.Outcome.SUCCEEDED,
        "POST",
    )


def test_stop_charging_stops_a_running_boost_with_one_delete(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)
    client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)
    sandbox.clear_requests()

    response = client.post(action_url(bob_wallbox, "wallbox-stop-charging"), headers=HTMX)

    assertContains(response, "Charging at full power is stopped.")
    assertContains(response, "You stopped the wallbox charging at full power")
    assertContains(response, f'href="/wallboxes/{seed.BOB_WALLBOX_ID}/?confirm=charge-now#wallbox_boost"')
    [write] = sandbox.writes()
    assert (write["method"], write["path"]) == ("DELETE", podero_path(bob_wallbox, "/boost"))
    state = sandbox.device(seed.BOB_WALLBOX_ID)
    assert (state["is_charging"], state["boost_state"]) == (False, "available")


def test_charge_now_without_a_car_waits_for_one_and_can_be_taken_back(client, sandbox, bob_wallbox):
    wallbox_control(sandbox, "unplug")
    client.force_login(bob_wallbox.homeowner.user)

    armed = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)
    disarmed = client.post(action_url(bob_wallbox, "wallbox-stop-charging"), headers=HTMX)
    plugged = wallbox_control(sandbox, "plug-in")

    assertContains(armed, "as soon as a car is plugged in")
    assertContains(armed, "Don&#x27;t start when a car is plugged in")
    assertContains(disarmed, "Charge now")
    assert plugged["is_charging"] is False  # the armed boost was taken back


@pytest.mark.parametrize(
    ("setup", "sentence"),
    [("charging", "already charging"), ("car-full", "already full")],
)
def test_charge_now_refused_by_podero_says_why_and_is_not_an_error(
    client, sandbox, bob_wallbox, setup, sentence
):
    if setup == "charging":
        sandbox.set_device(seed.BOB_WALLBOX_ID, is_charging=True, charge_rate_w=3600)
    else:
        wallbox_control(sandbox, "car-full")
    client.force_login(bob_wallbox.homeowner.user)

    response = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 200
    assertContains(response, sentence)
    assert Change.objects.get().outcome == Change.Outcome.REFUSED


def test_an_internal_error_409_is_explained_in_plain_words(client, sandbox, bob_wallbox):
    sandbox.fault(
        status=409, body={"state": "available", "reason": "internal_error"}, path_contains="/boost", count=1
    )
    client.force_login(bob_wallbox.homeowner.user)

    response = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)

    assertContains(response, "Podero could not start charging right now.")
    assertNotContains(response, "internal_error")
    assert Change.objects.get().conflict_reason == "internal_error"


def test_a_stop_that_timed_out_may_still_take_effect(client, sandbox, bob_wallbox):
    sandbox.fault(status=504, path_contains="/boost", method="DELETE")
    client.force_login(bob_wallbox.homeowner.user)

    response = client.post(action_url(bob_wallbox, "wallbox-stop-charging"), headers=HTMX)

    assert response.status_code == 503
    assertNotContains(response, "Charging at full power is stopped.", status_code=503)


def test_the_switch_pauses_it_with_one_put(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    response = client.post(action_url(bob_wallbox, "pause"), headers=HTMX)

    assertContains(response, 'aria-checked="false"')
    assertContains(response, "Undo")
    [write] = sandbox.writes()
    assert (write["method"], write["path"], write["json"]) == (
        "PUT",
        podero_path(bob_wallbox),
        {"is_smart_optimization_active": False},
    )


def test_reconnect_starts_a_sign_in_at_the_manufacturer(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    response = client.post(action_url(bob_wallbox, "reconnect"), headers=HTMX)

    assert response.status_code == 204
    assert "/connect" in response.headers["HX-Redirect"] or response.headers["HX-Redirect"]
    [write] = sandbox.writes()
    assert (write["method"], write["path"]) == ("POST", podero_path(bob_wallbox, "/auth_session"))


def test_charge_now_without_javascript_redirects_to_the_page(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    response = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED)

    assertRedirects(response, page_url(bob_wallbox), fetch_redirect_response=False)


def test_someone_elses_wallbox_is_a_404_before_any_call(client, sandbox, alice, bob_wallbox):
    client.force_login(alice.user)

    page = client.get(page_url(bob_wallbox))
    acted = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)

    assert (page.status_code, acted.status_code) == (404, 404)
    assert sandbox.requests() == []


def test_an_ev_has_no_wallbox_control_and_a_wallbox_no_ev_control(client, sandbox, bob_wallbox, bob_ev):
    client.force_login(bob_wallbox.homeowner.user)

    ev = client.post(action_url(bob_ev, "wallbox-charge-now"), headers=HTMX)
    wallbox = client.post(action_url(bob_wallbox, "charge-now"), CONFIRMED, headers=HTMX)

    assert (ev.status_code, wallbox.status_code) == (404, 404)
    assert sandbox.writes() == []


def test_its_page_is_in_german(client, sandbox, bob_wallbox):
    client.force_login(bob_wallbox.homeowner.user)

    response = client.get(page_url(bob_wallbox), headers=GERMAN)

    assertContains(response, "Jetzt laden")
    assert untranslated(response) == []


def test_staff_start_and_stop_it_in_the_admin_with_their_reason(client, sandbox, maria, bob, bob_wallbox):
    client.force_login(maria)
    shown = client.get(reverse("admin:preferences_homeowner_devices", args=[bob.pk]))
    start = reverse("admin:preferences_homeowner_wallbox_charge_now", args=[bob.pk, seed.BOB_WALLBOX_ID])
    stop = reverse("admin:preferences_homeowner_wallbox_stop_charging", args=[bob.pk, seed.BOB_WALLBOX_ID])

    without_reason = client.post(start, {"reason": ""})
    started = client.post(start, {"reason": "Asked by phone"}, follow=True)
    stopped = client.post(stop, {"reason": "Asked by phone"}, follow=True)

    assertContains(shown, "Easee Charge · Wallbox")
    assert without_reason.status_code == 422
    assertContains(started, "Easee Charge: The wallbox is starting to charge at full power.")
    assertContains(stopped, "Easee Charge: Charging at full power is stopped.")
    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [
        ("POST", podero_path(bob_wallbox, "/boost")),
        ("DELETE", podero_path(bob_wallbox, "/boost")),
    ]
    assert [c.actor for c in Change.objects.all()] == [maria, maria]
