"""Switching on a device whose manufacturer connection has lapsed: Podero takes the switch but cannot steer the
device, so the note says so and offers Reconnect, never "Podero steers this device" and an Undo."""

import html

from tests.admin.test_admin_support import REASON, admin_action_url
from tests.helpers import HTMX, action_url, page_url

STEERS = "Podero steers this device"
LAPSED = "the connection to the manufacturer has lapsed"


def test_switching_on_a_lapsed_device_says_reconnect_first(client, sandbox, bob_heat_pump):
    client.force_login(bob_heat_pump.homeowner.user)

    response = client.post(action_url(bob_heat_pump, "resume"), headers=HTMX)

    page = html.unescape(response.content.decode())
    assert LAPSED in page
    assert STEERS not in page
    assert ">Undo<" not in page
    assert ">Reconnect<" in page


def test_without_javascript_the_note_and_reconnect_come_after_the_redirect(client, sandbox, bob_heat_pump):
    client.force_login(bob_heat_pump.homeowner.user)

    response = client.post(action_url(bob_heat_pump, "resume"), follow=True)

    assert response.redirect_chain[-1][0] == page_url(bob_heat_pump)
    page = html.unescape(response.content.decode())
    assert LAPSED in page
    assert STEERS not in page
    assert ">Undo<" not in page


def test_switching_on_a_connected_device_still_offers_undo(client, alice_heat_pump, sandbox):
    sandbox.set_device(str(alice_heat_pump.podero_id), is_smart_optimization_active=False)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)

    page = html.unescape(response.content.decode())
    assert STEERS in page
    assert ">Undo<" in page


def test_staff_switching_on_a_lapsed_device_are_told_the_homeowner_must_reconnect(
    client, sandbox, maria, bob_heat_pump
):
    client.force_login(maria)

    response = client.post(admin_action_url(bob_heat_pump, "resume"), {"reason": REASON}, follow=True)

    page = html.unescape(response.content.decode())
    assert "until the homeowner reconnects it" in page
    assert STEERS not in page
