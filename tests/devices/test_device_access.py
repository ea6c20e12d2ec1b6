"""Every device URL is resolved through the logged-in homeowner: anyone else gets a 404, and Podero hears nothing."""

import pytest
from django.urls import reverse

from tests.helpers import action_url, page_url

PAGES_AND_ACTIONS = [
    ("bob_heat_pump", "GET", None),
    ("bob_heat_pump", "POST", "pause"),
    ("bob_heat_pump", "POST", "resume"),
    ("bob_ev", "GET", None),
    ("bob_ev", "POST", "charge-now"),
    ("bob_ev", "POST", "cancel-boost"),
    ("bob_ev", "POST", "charging-plan"),
    ("bob_ev", "POST", "trip-target"),
    ("bob_ev", "POST", "trip-target-cancel"),
    ("bob_inverter", "GET", None),
    ("bob_inverter", "POST", "pause"),
    ("bob_inverter", "POST", "pause-for-a-while"),
    ("bob_inverter", "POST", "pause-for-a-while-end"),
    ("bob_heat_pump", "POST", "reconnect"),
    ("bob_heat_pump", "POST", "optimization-level"),
    ("bob_ev", "POST", "smart-charging-off"),
    ("bob_ev", "POST", "smart-charging-on"),
    ("bob_wallbox", "GET", None),
    ("bob_wallbox", "POST", "wallbox-charge-now"),
    ("bob_wallbox", "POST", "wallbox-stop-charging"),
    ("bob_heat_pump", "GET", "reconnect-done"),
    ("bob_heat_pump", "GET", "reconnect-cancelled"),
]
PAGE_NAMES = {
    "bob_heat_pump": "device",
    "bob_ev": "device",
    "bob_inverter": "device",
    "bob_wallbox": "device",
}


@pytest.fixture
def bob_inverter(bob):
    """Bob has no inverter in the sandbox; this row says he has one, so only the portal's own check is tested."""
    from preferences.podero import DeviceKind
    from tests.conftest import known_device

    return known_device(bob, DeviceKind.INVERTER, "0b0b0000-1111-4000-8000-000000000009", "Bob's inverter")


def test_every_device_url_is_in_the_list_above():
    from preferences.urls import urlpatterns

    device_urls = {p.name for p in urlpatterns if "<uuid:device_id>" in str(p.pattern)}
    tested = {action or PAGE_NAMES[fixture] for fixture, _, action in PAGES_AND_ACTIONS}
    tested.add("note-read")  # below a note's id: test_reconnect_through_a_cue.py tries another homeowner's

    assert tested == device_urls


@pytest.mark.parametrize(("device_fixture", "method", "action"), PAGES_AND_ACTIONS)
def test_a_homeowner_gets_404_for_another_homeowners_device_without_any_podero_call(
    client, sandbox, alice, request, device_fixture, method, action
):
    device = request.getfixturevalue(device_fixture)
    client.force_login(alice.user)
    url = page_url(device) if action is None else action_url(device, action)

    response = client.get(url) if method == "GET" else client.post(url)

    assert response.status_code == 404
    assert sandbox.requests() == []


def test_a_device_id_of_the_wrong_kind_is_a_404(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(
        reverse("preferences:device", args=["electric-vehicles", alice_heat_pump.podero_id])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("device_fixture", ["alice_heat_pump", "alice_ev", "alice_inverter"])
def test_anonymous_visitors_are_sent_to_login(client, request, device_fixture):
    device = request.getfixturevalue(device_fixture)

    response = client.get(page_url(device))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_login_without_a_homeowner_sees_no_devices(client, sandbox, charlie):
    client.force_login(charlie)

    response = client.get(reverse("preferences:dashboard"))

    assert response.status_code == 403
    assert b"not linked" in response.content
    assert sandbox.requests() == []


def test_writes_need_a_csrf_token(sandbox, alice_heat_pump):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"))

    assert response.status_code == 403
    assert sandbox.writes() == []


@pytest.mark.parametrize("name", ["preferences:change-undo", "preferences:change-restore-schedule"])
def test_a_homeowner_gets_404_for_another_homeowners_change_without_any_podero_call(
    client, sandbox, alice, bob_heat_pump, name
):
    from django.utils import timezone

    from preferences.devices import actions

    actions.pause_optimization(device=bob_heat_pump, actor=bob_heat_pump.homeowner.user, now=timezone.now())
    [bobs_change] = bob_heat_pump.changes.all()
    sandbox.clear_requests()
    client.force_login(alice.user)

    response = client.post(reverse(name, args=[bobs_change.pk]))

    assert response.status_code == 404
    assert sandbox.requests() == []
