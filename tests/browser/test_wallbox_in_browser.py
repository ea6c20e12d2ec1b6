"""A wallbox in the browser, on a phone, in English and German: Charge now (through its confirmation) and stopping
it while it runs, Stop while a Charge now Podero has not confirmed yet is pending, the
smart-optimization switch, and reconnecting through the manufacturer's page; staff start and stop it in the admin
at a desk. Each state passes the layout check (no sideways scrolling, the main control on the first screen, no API
word, axe); with UPDATE_SCREENSHOTS=1 each is photographed into docs/screenshots/."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page, expect

from podero_sandbox import seed
from preferences.accounts import save_support_user
from preferences.admin.roles import SUPPORT_ACT, support_group
from preferences.models import Change
from tests.browser.helpers import charge_now, sent
from tests.conftest import PASSWORD, known_device

pytestmark = pytest.mark.browser

WALLBOX_PAGE = f"/wallboxes/{seed.BOB_WALLBOX_ID}/"
WALLBOX = f"/api/partners/v2.0/org/{seed.ORG_ID}/users/{seed.BOB_USER_ID}/wallboxes/{seed.BOB_WALLBOX_ID}"
BOOST = f"{WALLBOX}/boost"
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

WORDS = {
    "en-GB": {
        "section": "Charge now",
        "charge": "Charge now…",
        "confirm": "Charge now at full power?",
        "pending": "You asked to charge at full power. The wallbox has not reported since, so it may take a minute.",
        "stop": "Stop charging at full power",
        "running": "Charging at full power until the car is full or unplugged.",
        "stopped": "Charging at full power is stopped.",
        "switch": "Smart optimization",
        "recent": "You stopped the wallbox charging at full power",
    },
    "de-DE": {
        "section": "Jetzt laden",
        "charge": "Jetzt laden …",
        "confirm": "Jetzt mit voller Leistung laden?",
        "pending": (
            "Sie haben Laden mit voller Leistung angefordert. Die Wallbox hat sich seitdem nicht gemeldet, es kann "
            "also eine Minute dauern."
        ),
        "stop": "Laden mit voller Leistung beenden",
        "running": "Lädt mit voller Leistung, bis das Auto voll ist oder abgesteckt wird.",
        "stopped": "Das Laden mit voller Leistung ist beendet.",
        "switch": "Intelligente Optimierung",
        "recent": "Sie haben das Laden mit voller Leistung an der Wallbox beendet",
    },
}


@pytest.fixture
def bob_wallbox(bob):
    return known_device(bob, "wallboxes", seed.BOB_WALLBOX_ID, "Easee Charge")


def photograph(page: Page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, caret="hide")


def charge_now_section(page: Page, words: dict[str, str]) -> Locator:
    return page.get_by_role("region", name=words["section"])


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_a_homeowner_starts_and_stops_charging_at_full_power(portal, bob, bob_wallbox, check_layout, locale):
    words = WORDS[locale]
    page = portal.logged_in_page(bob, locale=locale)
    page.goto(WALLBOX_PAGE)
    section = charge_now_section(page, words)
    check_layout(page, main_control=section.get_by_role("link", name=words["charge"], exact=True))
    page.set_viewport_size({"width": 390, "height": 844})
    suffix = "" if locale == "en-GB" else "-de"
    photograph(page, f"wallbox-phone{suffix}")

    def the_confirmation() -> None:
        expect(section.get_by_text(words["confirm"])).to_be_visible()
        assert sent(portal.sandbox) == []  # the first step sends nothing
        check_layout(page, main_control=section.locator("button.confirm-yes"))
        page.set_viewport_size({"width": 390, "height": 844})
        photograph(page, f"wallbox-confirm-phone{suffix}")

    charge_now(section, the_confirmation)

    expect(section.locator(".status")).to_have_text(words["running"])
    stop = section.get_by_role("button", name=words["stop"])
    expect(stop).to_be_visible()
    check_layout(page, main_control=stop)
    page.set_viewport_size({"width": 390, "height": 844})
    photograph(page, f"wallbox-charging-phone{suffix}")

    stop.click()

    expect(section.get_by_text(words["stopped"])).to_be_visible()
    expect(section.get_by_role("link", name=words["charge"], exact=True)).to_be_visible()
    expect(section.get_by_role("button")).to_have_count(0)
    expect(page.locator("#activity")).to_contain_text(words["recent"])
    check_layout(page)
    assert sent(portal.sandbox) == [("POST", BOOST, None), ("DELETE", BOOST, None)]
    assert portal.sandbox.device(seed.BOB_WALLBOX_ID)["is_charging"] is False


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_stop_while_a_charge_now_is_pending(portal, bob, bob_wallbox, check_layout, locale):
    """A wallbox that reports no boost state and no plug (Podero's optional fields null): after Charge now the card
    says it may take a minute, and offers Stop (the DELETE is idempotent) until the wallbox reports."""
    portal.sandbox.reading(nulls="optional")
    words = WORDS[locale]
    page = portal.logged_in_page(bob, locale=locale)
    page.goto(WALLBOX_PAGE)
    section = charge_now_section(page, words)

    charge_now(section)

    expect(section.locator(".status")).to_have_text(words["pending"])
    stop = section.get_by_role("button", name=words["stop"])
    check_layout(page, main_control=stop)
    page.set_viewport_size({"width": 390, "height": 844})
    photograph(page, "wallbox-pending-phone" + ("" if locale == "en-GB" else "-de"))
    stop.click()

    expect(section.get_by_text(words["stopped"])).to_be_visible()
    assert sent(portal.sandbox) == [("POST", BOOST, None), ("DELETE", BOOST, None)]


def test_a_double_tap_on_charge_now_only_opens_its_confirmation(portal, bob, bob_wallbox):
    page = portal.logged_in_page(bob)
    page.goto(WALLBOX_PAGE)
    section = charge_now_section(page, WORDS["en-GB"])

    section.get_by_role("link", name="Charge now…").dblclick()

    expect(section.get_by_role("button", name="Yes, charge now")).to_be_visible()
    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")
    assert sent(portal.sandbox) == []


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_the_switch_pauses_and_resumes_smart_optimization(portal, bob, bob_wallbox, check_layout, locale):
    words = WORDS[locale]
    page = portal.logged_in_page(bob, locale=locale)
    page.goto(WALLBOX_PAGE)
    switch = page.get_by_role("switch", name=words["switch"])

    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    check_layout(page)
    switch.click()

    expect(switch).to_have_attribute("aria-checked", "true")
    assert sent(portal.sandbox) == [
        ("PUT", WALLBOX, {"is_smart_optimization_active": False}),
        ("PUT", WALLBOX, {"is_smart_optimization_active": True}),
    ]


def test_a_car_plugged_in_later_is_charged_or_not_as_asked(portal, bob, bob_wallbox):
    portal.sandbox.control("POST", f"wallboxes/{seed.BOB_WALLBOX_ID}/unplug")
    page = portal.logged_in_page(bob)
    page.goto(WALLBOX_PAGE)
    section = charge_now_section(page, WORDS["en-GB"])

    charge_now(section)

    expect(section.locator(".status")).to_have_text(
        "The wallbox will charge at full power as soon as a car is plugged in."
    )
    section.get_by_role("button", name="Don't start when a car is plugged in").click()
    expect(section.get_by_role("link", name="Charge now…")).to_be_visible()
    assert portal.sandbox.control("POST", f"wallboxes/{seed.BOB_WALLBOX_ID}/plug-in")["is_charging"] is False


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_reconnect_round_trip_through_the_manufacturers_page(portal, bob, bob_wallbox, check_layout, locale):
    portal.sandbox.set_device(
        seed.BOB_WALLBOX_ID, is_authenticated=False, connection_status="error", lifecycle_state="error"
    )
    page = portal.logged_in_page(bob, locale=locale)
    page.goto(WALLBOX_PAGE)
    reconnect = page.get_by_role("button", name="Reconnect" if locale == "en-GB" else "Neu verbinden")
    check_layout(page)
    page.set_viewport_size({"width": 390, "height": 844})
    photograph(page, "wallbox-reconnect-phone" + ("" if locale == "en-GB" else "-de"))

    reconnect.click()
    page.get_by_role("button", name="Connect").click()

    expect(page.get_by_text("Easee Charge")).not_to_have_count(0)
    assert page.url.startswith(portal.url)
    assert portal.sandbox.device(seed.BOB_WALLBOX_ID)["is_authenticated"] is True
    assert [(m, p) for m, p, _ in sent(portal.sandbox)] == [("POST", f"{WALLBOX}/auth_session")]


def test_staff_start_and_stop_it_in_the_admin_at_a_desk(portal, bob, bob_wallbox, check_layout):
    maria = save_support_user(
        email="support@example.com", first_name="Maria", group=support_group(SUPPORT_ACT), password=PASSWORD
    )
    staff = portal.new_page(viewport=DESKTOP)
    login = Client()
    login.force_login(maria)  # the admin's login form has its own tests (test_support_in_admin.py)
    session = login.cookies[settings.SESSION_COOKIE_NAME].value
    staff.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": portal.url}])
    staff.goto(f"/admin/preferences/homeowner/{bob.pk}/devices/")
    wallbox = staff.get_by_role("region", name="Easee Charge · Wallbox")

    wallbox.get_by_label("Reason").fill("Asked on the phone")
    wallbox.get_by_role("button", name="Charge now", exact=True).click()
    expect(
        staff.get_by_text("Easee Charge: The wallbox is starting to charge at full power.")
    ).to_be_visible()
    check_layout(staff, screens=["desktop"])
    photograph(staff, "wallbox-admin-desktop")
    wallbox = staff.get_by_role("region", name="Easee Charge · Wallbox")
    wallbox.get_by_label("Reason").fill("Asked on the phone")
    wallbox.get_by_role("button", name="Stop charging at full power").click()

    expect(staff.get_by_text("Easee Charge: Charging at full power is stopped.")).to_be_visible()
    assert sent(portal.sandbox) == [("POST", BOOST, None), ("DELETE", BOOST, None)]
    assert [(c.actor, c.reason) for c in Change.objects.all()] == [(maria, "Asked on the phone")] * 2
