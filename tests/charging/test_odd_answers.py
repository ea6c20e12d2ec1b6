"""What Podero sends in a shape the portal cannot read, or a query the portal did not write, is said plainly and is
never a 500 (issue "Podero's word wins": the first of its odd values)."""

import html

import podero_sandbox as seed
from tests.helpers import GERMAN, page_url


def test_a_plug_state_podero_sends_as_text_is_not_read_as_unplugged(client, sandbox, alice, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_plugged_in="yes")  # a boolean, sent as a word
    client.force_login(alice.user)

    page = html.unescape(client.get(page_url(alice_ev)).content.decode())
    devices = html.unescape(client.get("/").content.decode())
    german = html.unescape(client.get(page_url(alice_ev), headers=GERMAN).content.decode())

    assert "Not known whether plugged in" in page
    assert "Not known whether plugged in" in devices
    assert "Unplugged" not in page
    assert "Unbekannt, ob eingesteckt" in german


def test_a_page_of_past_sessions_that_is_no_number_shows_the_first_page(client, sandbox, alice, alice_ev):
    client.force_login(alice.user)

    response = client.get(page_url(alice_ev), {"sessions": "²", "cards": "all"})

    assert response.status_code == 200
