"""Adding a device in the browser, on a phone, in English and German: from My devices to the sandbox's page
standing in for Podero's Connect UI and back to a page that says what happened (added, cancelled, expired).
With UPDATE_SCREENSHOTS=1 each state is photographed into docs/screenshots/."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from preferences.models import Device, Onboarding

pytestmark = pytest.mark.browser

WORDS = {
    "en-GB": {
        "add": "Add a device",
        "car": "Electric car",
        "continue": "Continue",
        "connect_title": "Add your device",
        "connect": "Connect",
        "cancel": "Cancel",
        "added": "Your device was added",
        "cancelled": "Nothing was added",
        "expired_there": "This link has expired",
        "back": "Back to the portal",
        "expired": "The link has expired",
        "again": "Try again",
    },
    "de-DE": {
        "add": "Gerät hinzufügen",
        "car": "Elektroauto",
        "continue": "Weiter",
        "connect_title": "Gerät hinzufügen",
        "connect": "Verbinden",
        "cancel": "Abbrechen",
        "added": "Ihr Gerät wurde hinzugefügt",
        "cancelled": "Es wurde nichts hinzugefügt",
        "expired_there": "Dieser Link ist abgelaufen",
        "back": "Zurück zum Portal",
        "expired": "Der Link ist abgelaufen",
        "again": "Erneut versuchen",
    },
}
LANGUAGES = [pytest.param("en-GB", id="English"), pytest.param("de-DE", id="German")]


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        page.screenshot(path=folder / f"{name}.png", full_page=True, caret="hide")


def to_connect_page(portal, page: Page, words: dict[str, str], check_layout, shot: str = "") -> None:
    """From My devices, choose an electric car and continue to Podero's (the sandbox's) Connect page."""
    page.goto("/")
    page.get_by_role("link", name=words["add"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["add"])
    if shot:
        check_layout(page, main_control=page.get_by_role("button", name=words["continue"]))
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, shot)
    page.get_by_label(words["car"]).check()
    page.get_by_role("button", name=words["continue"]).click()
    page.wait_for_url(portal.sandbox.url + "/connect/onboarding?**")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["connect_title"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_adding_an_electric_car_through_the_connect_page(portal, alice, check_layout, language):
    words = WORDS[language]
    page = portal.logged_in_page(alice, locale=language)
    to_connect_page(portal, page, words, check_layout, shot=f"add-device-{language[:2]}-phone")
    [call] = [r for r in portal.sandbox.writes() if r["path"].endswith("/device-onboarding")]
    assert json.loads(call["body"])["device_type"] == "ev"
    assert json.loads(call["body"])["language"] == language[:2]
    expect(page.locator("html")).to_have_attribute("lang", language[:2])

    page.get_by_role("button", name=words["connect"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["added"])
    row = Onboarding.objects.get()
    device = Device.objects.get(podero_id=row.device_podero_id)
    card = page.locator("article.device-card")
    expect(card.get_by_role("link")).to_have_attribute("href", device.get_absolute_url())
    check_layout(page, main_control=card.get_by_role("link"))
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"add-device-added-{language[:2]}-phone")
    card.get_by_role("link").click()
    expect(page.get_by_role("switch")).to_be_visible()  # the new car's own page, with its smart charging


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancelling_on_the_connect_page_adds_nothing(portal, alice, check_layout, language):
    words = WORDS[language]
    page = portal.logged_in_page(alice, locale=language)
    to_connect_page(portal, page, words, check_layout)

    page.get_by_role("button", name=words["cancel"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["cancelled"])
    assert Onboarding.objects.get().outcome == Onboarding.Outcome.CANCELLED
    check_layout(page, main_control=page.get_by_role("button", name=words["again"]))
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"add-device-cancelled-{language[:2]}-phone")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_link_left_until_it_expired(portal, alice, check_layout, language):
    words = WORDS[language]
    page = portal.logged_in_page(alice, locale=language)
    to_connect_page(portal, page, words, check_layout)
    session_id = page.url.split("onboarding_session_id=")[1]
    portal.sandbox.control("POST", f"device-onboarding/{session_id}/expire")  # a day goes by

    page.reload()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["expired_there"])
    page.get_by_role("link", name=words["back"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["expired"])
    assert Onboarding.objects.get().outcome == Onboarding.Outcome.EXPIRED
    check_layout(page, main_control=page.get_by_role("button", name=words["again"]))
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"add-device-expired-{language[:2]}-phone")

    page.get_by_role("button", name=words["again"]).click()  # one click: a new link for the same kind

    page.wait_for_url(portal.sandbox.url + "/connect/onboarding?**")
    assert Onboarding.objects.filter(outcome=Onboarding.Outcome.OPEN).count() == 1


def test_a_double_click_on_continue_opens_one_session(portal, alice):
    portal.sandbox.fault(latency_ms=500, method="POST", path_contains="/device-onboarding", count=1)
    page = portal.logged_in_page(alice)
    page.goto("/add-device/")
    page.get_by_label("Electric car").check()

    page.get_by_role("button", name="Continue").dblclick()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add your device")
    assert len([r for r in portal.sandbox.writes() if r["path"].endswith("/device-onboarding")]) == 1
    assert Onboarding.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_adding_a_wallbox_through_the_connect_page(portal, alice, check_layout, language):
    """The fourth kind through the same flow: Podero is asked for a `wb`, and the page it comes back to leads to
    the wallbox's own page, with its Charge now."""
    words = WORDS[language]
    page = portal.logged_in_page(alice, locale=language)
    page.goto("/")
    page.get_by_role("link", name=words["add"]).click()
    page.get_by_label("Wallbox").check()
    page.get_by_role("button", name=words["continue"]).click()
    page.wait_for_url(portal.sandbox.url + "/connect/onboarding?**")
    [call] = [r for r in portal.sandbox.writes() if r["path"].endswith("/device-onboarding")]
    assert json.loads(call["body"])["device_type"] == "wb"

    page.get_by_role("button", name=words["connect"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["added"])
    device = Device.objects.get(podero_id=Onboarding.objects.get().device_podero_id)
    assert device.kind == "wallboxes"
    card = page.locator("article.device-card")
    check_layout(page, main_control=card.get_by_role("link"))
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"add-wallbox-added-{language[:2]}-phone")
    card.get_by_role("link").click()
    expect(page).to_have_url(device.get_absolute_url())
    expect(page.get_by_role("switch")).to_be_visible()
