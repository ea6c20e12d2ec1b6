"""Reconnect: a device whose manufacturer connection lapsed, and that lists no reauthenticate cue, is reconnected
through Podero's auth_session and the manufacturer's page (the sandbox's stand-in), and the return page says what
happened. (With a cue, test_reconnect_through_a_cue.py.)"""

import html

import pytest
import requests
from django.urls import reverse

import podero_sandbox as seed
from preferences.models import Change
from tests.helpers import GERMAN, HTMX, podero_path


def reconnect_url(device):
    return reverse("preferences:reconnect", args=[device.kind, device.podero_id])


def finish_at_manufacturer(authentication_url, decision):
    page = requests.get(authentication_url, timeout=5)
    assert page.status_code == 200
    session_id = authentication_url.split("session_id=")[1]
    answer = requests.post(
        authentication_url.split("?")[0],
        data={"session_id": session_id, "decision": decision},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 303
    return answer.headers["Location"]


def started_url(sandbox):
    [call] = [r for r in sandbox.writes() if r["path"].endswith("/auth_session")]
    return call


@pytest.fixture(autouse=True)
def no_cue(request):
    """Bob's lapsed heat pump without its reauthenticate cue: Reconnect goes through auth_session."""
    if "sandbox" in request.fixturenames:
        request.getfixturevalue("sandbox").set_device(seed.BOB_HEAT_PUMP_ID, actions=[])


@pytest.fixture
def logged_in_bob(client, sandbox, bob_heat_pump):
    client.force_login(bob_heat_pump.homeowner.user)
    return client


def test_reconnect_sends_the_browser_to_the_manufacturer_and_back_to_the_portal(
    logged_in_bob, sandbox, bob_heat_pump
):
    response = logged_in_bob.post(reconnect_url(bob_heat_pump), headers=HTMX)

    assert response.status_code == 204
    authentication_url = response.headers["HX-Redirect"]
    assert authentication_url.startswith(f"{sandbox.url}/connect/")
    call = started_url(sandbox)
    assert call["path"] == podero_path(bob_heat_pump, "/auth_session")
    done = f"http://testserver/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/reconnect/done/"
    cancelled = f"http://testserver/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/reconnect/cancelled/"
    assert call["json"] == {"success_url": done, "cancel_url": cancelled}

    back = finish_at_manufacturer(authentication_url, "approve")
    page = logged_in_bob.get(back.removeprefix("http://testserver"))

    assert back == done
    assert "is connected again" in page.content.decode()
    change = Change.objects.get(intent=Change.Intent.RECONNECT)
    assert (change.outcome, change.actor, change.request_method) == (
        Change.Outcome.SUCCEEDED,
        bob_heat_pump.homeowner.user,
        "POST",
    )


def test_without_javascript_a_page_links_to_the_manufacturer(logged_in_bob, sandbox, bob_heat_pump):
    response = logged_in_bob.post(reconnect_url(bob_heat_pump))

    assert response.status_code == 200
    authentication_url = started_url(sandbox)
    body = response.content.decode()
    assert f'href="{sandbox.url}/connect/reauthenticate?session_id=' in body
    assert authentication_url["method"] == "POST"


def test_cancelling_at_the_manufacturer_says_nothing_changed_and_offers_to_try_again(
    logged_in_bob, sandbox, bob_heat_pump
):
    url = logged_in_bob.post(reconnect_url(bob_heat_pump), headers=HTMX).headers["HX-Redirect"]

    back = finish_at_manufacturer(url, "cancel")
    page = logged_in_bob.get(back.removeprefix("http://testserver")).content.decode()

    assert "You cancelled at the manufacturer, so nothing changed" in page
    assert reconnect_url(bob_heat_pump) in page
    assert sandbox.device(seed.BOB_HEAT_PUMP_ID)["is_authenticated"] is False


def test_coming_back_before_the_manufacturer_confirmed_says_so(logged_in_bob, sandbox, bob_heat_pump):
    page = logged_in_bob.get(
        reverse("preferences:reconnect-done", args=[bob_heat_pump.kind, bob_heat_pump.podero_id])
    )

    assert "has not confirmed the new connection yet" in page.content.decode()


def test_podero_down_is_explained_and_nothing_is_retried(logged_in_bob, sandbox, bob_heat_pump):
    sandbox.fault(status=503, path_contains="/auth_session")

    response = logged_in_bob.post(reconnect_url(bob_heat_pump))

    assert response.status_code == 503
    assert "couldn&#x27;t reach your device&#x27;s service" in response.content.decode()
    assert len(sandbox.writes()) == 1


def test_another_homeowners_device_cannot_be_reconnected(client, sandbox, alice, bob_heat_pump):
    client.force_login(alice.user)

    response = client.post(reconnect_url(bob_heat_pump))

    assert response.status_code == 404
    assert sandbox.requests() == []


def test_an_unknown_kind_is_not_found(logged_in_bob, sandbox, bob_heat_pump):
    response = logged_in_bob.post(f"/toasters/{bob_heat_pump.podero_id}/reconnect/")

    assert response.status_code == 404


def test_reconnect_needs_a_post(logged_in_bob, bob_heat_pump):
    assert logged_in_bob.get(reconnect_url(bob_heat_pump)).status_code == 405


# Staff: the same state in the admin, and a link to send


def admin_reconnect_url(device):
    return reverse("admin:preferences_homeowner_reconnect_link", args=[device.homeowner_id, device.podero_id])


def test_staff_see_that_the_device_needs_reconnecting_and_get_a_link_to_send(
    client, sandbox, maria, bob_heat_pump
):
    client.force_login(maria)
    devices = client.get(reverse("admin:preferences_homeowner_devices", args=[bob_heat_pump.homeowner_id]))
    assert "The connection to the manufacturer has lapsed" in devices.content.decode()
    assert admin_reconnect_url(bob_heat_pump) in devices.content.decode()

    response = client.post(admin_reconnect_url(bob_heat_pump), {"reason": "Asked on the phone"}, follow=True)

    body = response.content.decode()
    assert "Send the homeowner this link to reconnect the device" in body
    call = started_url(sandbox)
    assert (
        call["json"]["success_url"] == f"http://testserver/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/reconnect/done/"
    )
    link = html.unescape(body.split('<input type="text" readonly value="')[1].split('"')[0])
    assert link.startswith(f"{sandbox.url}/connect/reauthenticate?session_id=")
    change = Change.objects.get(intent=Change.Intent.RECONNECT)
    assert (change.actor, change.reason) == (maria, "Asked on the phone")


def test_read_only_staff_cannot_create_a_link(client, sandbox, sam, bob_heat_pump):
    client.force_login(sam)

    response = client.post(admin_reconnect_url(bob_heat_pump), {"reason": "x"})

    assert response.status_code == 403
    assert sandbox.writes() == []


def test_a_link_needs_a_reason(client, sandbox, maria, bob_heat_pump):
    client.force_login(maria)

    response = client.post(admin_reconnect_url(bob_heat_pump), {"reason": " "})

    assert response.status_code == 422
    assert sandbox.writes() == []


def test_cancelling_while_the_device_is_connected_does_not_say_it_is_not_connected(
    client, sandbox, alice, alice_heat_pump
):
    client.force_login(alice.user)
    url = client.post(reconnect_url(alice_heat_pump), headers=HTMX).headers["HX-Redirect"]

    back = finish_at_manufacturer(url, "cancel").removeprefix("http://testserver")
    page = client.get(back).content.decode()
    german = client.get(back, headers=GERMAN).content.decode()

    assert sandbox.device(seed.ALICE_HEAT_PUMP_ID)["is_authenticated"] is True
    assert "is connected all the same, so nothing needed to change" in html.unescape(page)
    assert "still not connected" not in page
    assert "ist trotzdem verbunden" in html.unescape(german)
