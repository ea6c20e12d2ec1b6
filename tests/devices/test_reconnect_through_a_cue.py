"""A heat pump's reconnect through its reauthenticate cue (heat pumps have no auth_session, podero-api.md §9.4,
§14): Reconnect starts the cue, the manufacturer's stand-in sends the homeowner back, the portal reports the
outcome and says it. Refusals and a cue no longer active are plain sentences, never a 500. Podero's information
notes show on the device's page until the homeowner marks them read."""

import html
from urllib.parse import parse_qs, urlsplit

import pytest

import podero_sandbox as seed
from preferences.models import Change
from tests.devices.test_reconnect import finish_at_manufacturer, reconnect_url
from tests.helpers import GERMAN, HTMX, page_url

CUE_ID = f"c0e00000-0000-4000-8000-{seed.BOB_HEAT_PUMP_ID[-12:]}"
INFO_ID = f"c0e00000-0000-4000-8001-{seed.ALICE_HEAT_PUMP_ID[-12:]}"


def text(response) -> str:
    return html.unescape(response.content.decode())


def cue_writes(sandbox) -> list[tuple[str, object]]:
    return [(w["path"].split("/cues/")[1], w["json"]) for w in sandbox.writes() if "/cues/" in w["path"]]


def actions_of(sandbox, device_id) -> list[str]:
    return [action["code"] for action in sandbox.device(device_id)["actions"]]


@pytest.fixture
def bob_in(client, sandbox, bob_heat_pump):
    client.force_login(bob_heat_pump.homeowner.user)
    return client


def test_reconnect_goes_through_the_cue_and_reports_success_when_back(bob_in, sandbox, bob_heat_pump):
    response = bob_in.post(reconnect_url(bob_heat_pump), headers=HTMX)

    assert response.status_code == 204
    url = response.headers["HX-Redirect"]
    assert url.startswith(f"{sandbox.url}/connect/")
    done = f"http://testserver/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/reconnect/done/?cue={CUE_ID}"
    cancelled = f"http://testserver/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/reconnect/cancelled/?cue={CUE_ID}"
    assert cue_writes(sandbox) == [
        (f"{CUE_ID}/resolve", {"successUrl": done, "cancelUrl": cancelled, "language": "en"})
    ]
    assert not [w for w in sandbox.writes() if w["path"].endswith("/auth_session")]

    back = finish_at_manufacturer(url, "approve")
    page = bob_in.get(back.removeprefix("http://testserver"))

    assert back == done
    assert page.status_code == 200
    assert "is connected again" in text(page)
    assert cue_writes(sandbox)[-1] == (f"{CUE_ID}/state", {"state": "success"})
    assert actions_of(sandbox, seed.BOB_HEAT_PUMP_ID) == []
    change = Change.objects.get(intent=Change.Intent.RECONNECT)
    assert (change.outcome, change.request_path) == (Change.Outcome.SUCCEEDED, f"/cues/{CUE_ID}/resolve")
    assert "secret" not in change.request_path


def test_cancelling_reports_fail_and_the_cue_stays_to_try_again(bob_in, sandbox, bob_heat_pump):
    url = bob_in.post(reconnect_url(bob_heat_pump), headers=HTMX).headers["HX-Redirect"]

    back = finish_at_manufacturer(url, "cancel")
    page = bob_in.get(back.removeprefix("http://testserver"), headers=GERMAN)

    assert cue_writes(sandbox)[-1] == (f"{CUE_ID}/state", {"state": "fail"})
    assert "Sie haben beim Hersteller abgebrochen" in text(page)
    assert reconnect_url(bob_heat_pump) in text(page)
    assert actions_of(sandbox, seed.BOB_HEAT_PUMP_ID) == ["reauthenticate"]


def test_back_when_the_cue_is_no_longer_active_is_a_plain_sentence(bob_in, sandbox, bob_heat_pump):
    done = f"/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/reconnect/done/?cue={CUE_ID}"

    page = bob_in.get(done)  # never started: Podero answers 404 on /state
    german = bob_in.get(done, headers=GERMAN)

    assert page.status_code == german.status_code == 200
    assert "Podero was no longer waiting to hear how this reconnection went" in text(page)
    assert "has not confirmed the new connection yet" in text(page)
    assert "Podero hat nicht mehr darauf gewartet" in text(german)


@pytest.mark.parametrize("status", [400, 403, 405])
def test_a_refused_report_is_a_plain_sentence(bob_in, sandbox, bob_heat_pump, status):
    url = bob_in.post(reconnect_url(bob_heat_pump), headers=HTMX).headers["HX-Redirect"]
    back = finish_at_manufacturer(url, "approve")
    sandbox.fault(status=status, path_contains="/state")

    page = bob_in.get(back.removeprefix("http://testserver"))

    assert page.status_code == 200
    assert "Podero did not accept how this reconnection went" in text(page)


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (405, "Podero does not offer reconnecting this device from here."),
        (403, "Podero did not accept this reconnection just now; its link may have expired."),
        (400, "Podero did not accept this reconnection just now; its link may have expired."),
        (404, "Podero no longer has this reconnection open."),
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no javascript", "htmx"])
def test_a_refused_start_is_a_plain_sentence(bob_in, sandbox, bob_heat_pump, status, sentence, headers):
    sandbox.fault(status=status, path_contains="/resolve")

    response = bob_in.post(reconnect_url(bob_heat_pump), headers=headers)

    assert response.status_code != 500
    assert sentence in text(response)
    assert "Nothing was changed." in text(response)


# Information notes


@pytest.fixture
def alice_lapsed(client, sandbox, alice_heat_pump):
    sandbox.reading(heat_pump_cues="lapsed")
    client.force_login(alice_heat_pump.homeowner.user)
    return client


def read_url(device, cue_id=INFO_ID):
    return f"/heat-pumps/{device.podero_id}/notes/{cue_id}/read/"


def test_an_information_note_shows_until_marked_read(alice_lapsed, sandbox, alice_heat_pump):
    page = alice_lapsed.get(page_url(alice_heat_pump))
    assert "A message from Podero about this device." in text(page)
    assert "New prices from January" in text(page)
    assert read_url(alice_heat_pump) in text(page)

    after = alice_lapsed.post(read_url(alice_heat_pump), follow=True)

    assert after.status_code == 200
    assert "Marked as read." in text(after)
    assert "A message from Podero" not in text(after)
    assert cue_writes(sandbox) == [(f"{INFO_ID}/information/resolve", {})]
    assert actions_of(sandbox, seed.ALICE_HEAT_PUMP_ID) == ["reauthenticate"]


def test_in_german_too(alice_lapsed, sandbox, alice_heat_pump):
    page = alice_lapsed.get(page_url(alice_heat_pump), headers=GERMAN)
    assert "Eine Nachricht von Podero zu diesem Gerät." in text(page)

    after = alice_lapsed.post(read_url(alice_heat_pump), headers=GERMAN, follow=True)

    assert "Als gelesen markiert." in text(after)


@pytest.mark.parametrize("status", [400, 403, 405])
def test_a_refusal_to_mark_read_is_a_plain_sentence_and_the_note_stays(
    alice_lapsed, sandbox, alice_heat_pump, status
):
    sandbox.fault(status=status, path_contains="/information/resolve")

    after = alice_lapsed.post(read_url(alice_heat_pump), follow=True)

    assert after.status_code == 200
    assert "Podero did not accept marking this message as read" in text(after)
    assert "A message from Podero" in text(after)


def test_marking_another_homeowners_note_is_not_found(client, sandbox, bob, alice_heat_pump):
    client.force_login(bob.user)

    assert client.post(read_url(alice_heat_pump)).status_code == 404
    assert sandbox.writes() == []


def test_the_heat_pump_reconnects_through_the_cue_under_the_reading(alice_lapsed, sandbox, alice_heat_pump):
    url = alice_lapsed.post(reconnect_url(alice_heat_pump), headers=HTMX).headers["HX-Redirect"]
    back = finish_at_manufacturer(url, "approve")

    page = alice_lapsed.get(back.removeprefix("http://testserver"))

    assert "is connected again" in text(page)
    assert parse_qs(urlsplit(back).query)["cue"] == [
        f"c0e00000-0000-4000-8000-{seed.ALICE_HEAT_PUMP_ID[-12:]}"
    ]
    assert actions_of(sandbox, seed.ALICE_HEAT_PUMP_ID) == ["information"]


# A homeowner Podero does not know


def test_a_device_page_of_a_user_podero_does_not_know_says_what_my_devices_says(
    client, sandbox, alice_heat_pump
):
    homeowner = alice_heat_pump.homeowner
    homeowner.podero_user_id = "0a11ce00-0000-4000-8000-00000000dead"
    homeowner.save()
    client.force_login(homeowner.user)

    page = text(client.get(page_url(alice_heat_pump)))
    german = text(client.get(page_url(alice_heat_pump), headers=GERMAN))

    assert "Your login is not linked to your account at Podero correctly" in page
    assert "no longer knows this device" not in page
    assert "Ihre Anmeldung ist nicht richtig mit Ihrem Konto bei Podero verknüpft" in german


def test_a_device_podero_no_longer_knows_still_says_so(client, sandbox, alice_heat_pump):
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, deleted_at="2026-12-01T00:00:00Z")
    client.force_login(alice_heat_pump.homeowner.user)

    page = text(client.get(page_url(alice_heat_pump)))

    assert "Podero no longer knows this device" in page
