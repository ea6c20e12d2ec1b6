"""Podero's cues in a browser, in English and German (podero-api.md §9.4): a heat pump reconnected through its
reauthenticate cue (heat pumps have no auth_session) and back, an information note marked read, and the device
page of a homeowner Podero does not know. Each state holds up on a phone and at a desk (check_layout).

With UPDATE_SCREENSHOTS=1 each state is also photographed into docs/screenshots/ (390 px and 1280 px)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from podero_sandbox import seed
from tests.browser.helpers import DESKTOP, HEAT_PUMP_PAGE, PHONE

pytestmark = pytest.mark.browser

BOB_HEAT_PUMP_PAGE = f"/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/"
LANGUAGES = ["en-GB", "de-DE"]
WORDS = {
    "en-GB": {
        "lapsed": "The connection to the manufacturer has lapsed",
        "reconnect": "Reconnect",
        "connected": "Vaillant aroTHERM plus is connected again.",
        "back": "Back to Vaillant aroTHERM plus",
        "message": "A message from Podero about this device.",
        "read": "Mark as read",
        "marked": "Marked as read.",
        "not_linked": "Your login is not linked to your account at Podero correctly",
        "try_again": "Try again",
    },
    "de-DE": {
        "lapsed": "Die Verbindung zum Hersteller ist abgelaufen",
        "reconnect": "Neu verbinden",
        "connected": "Vaillant aroTHERM plus ist wieder verbunden.",
        "back": "Zurück zu Vaillant aroTHERM plus",
        "message": "Eine Nachricht von Podero zu diesem Gerät.",
        "read": "Als gelesen markieren",
        "marked": "Als gelesen markiert.",
        "not_linked": "Ihre Anmeldung ist nicht richtig mit Ihrem Konto bei Podero verknüpft",
        "try_again": "Erneut versuchen",
    },
}


def photograph(page: Page, name: str, locale: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        suffix = "-de" if locale.startswith("de") else ""
        for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
            page.set_viewport_size(viewport)
            page.screenshot(path=folder / f"{name}-{width}{suffix}.png", full_page=True, caret="hide")


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_heat_pump_reconnects_through_its_cue(portal, bob, bob_heat_pump, check_layout, locale):
    words = WORDS[locale]
    page = portal.logged_in_page(bob, locale=locale)
    page.goto(BOB_HEAT_PUMP_PAGE)
    expect(page.get_by_text(words["lapsed"]).first).to_be_visible()

    page.locator("#state").get_by_role("button", name=words["reconnect"]).click()
    expect(page.get_by_role("heading", name="Reconnect your device")).to_be_visible()
    assert page.url.startswith(portal.sandbox.url)
    page.get_by_role("button", name="Connect").click()

    expect(page.get_by_text(words["connected"])).to_be_visible()
    assert page.url.startswith(portal.url)
    assert "cue=" in page.url
    check_layout(page, main_control=page.get_by_role("link", name=words["back"]))
    photograph(page, "heat-pump-reconnected-through-cue", locale)
    assert [w["path"].rsplit("/", 1)[1] for w in portal.sandbox.writes()] == ["resolve", "state"]
    page.get_by_role("link", name=words["back"]).click()
    expect(page.get_by_text(words["lapsed"])).to_have_count(0)
    expect(page.get_by_role("button", name=words["reconnect"])).to_have_count(0)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_an_information_note_is_marked_read_and_gone(portal, alice, alice_heat_pump, check_layout, locale):
    words = WORDS[locale]
    portal.sandbox.reading(heat_pump_cues="lapsed")
    page = portal.logged_in_page(alice, locale=locale)
    page.goto(HEAT_PUMP_PAGE)
    note = page.get_by_role("region", name=words["message"])
    expect(note).to_contain_text("New prices from January")
    check_layout(page)
    photograph(page, "heat-pump-information-note", locale)

    note.get_by_role("button", name=words["read"]).click()

    expect(page.get_by_text(words["marked"])).to_be_visible()
    expect(page.get_by_role("region", name=words["message"])).to_have_count(0)
    check_layout(page)
    assert [a["code"] for a in portal.sandbox.device(seed.ALICE_HEAT_PUMP_ID)["actions"]] == [
        "reauthenticate"
    ]


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_device_page_of_a_user_podero_does_not_know(portal, alice, alice_heat_pump, check_layout, locale):
    words = WORDS[locale]
    alice.podero_user_id = "0a11ce00-0000-4000-8000-00000000dead"
    alice.save()
    page = portal.logged_in_page(alice, locale=locale)

    page.goto(HEAT_PUMP_PAGE)

    expect(page.get_by_text(words["not_linked"])).to_be_visible()
    expect(page.get_by_text("no longer knows this device")).to_have_count(0)
    expect(page.get_by_role("link", name=words["try_again"])).to_have_count(0)  # customer service corrects it
    check_layout(page)
    photograph(page, "device-page-user-unknown", locale)
