"""A heat pump's savings level and a car's smart charging in the browser: on a phone in English and German, and
by staff in the admin at a desk, each sending Podero exactly the one PUT the docs describe (podero-api.md §4.3,
§5.3). With UPDATE_SCREENSHOTS=1 each new state is photographed into docs/screenshots/."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from podero_sandbox import seed
from preferences.accounts import save_support_user
from preferences.admin.roles import SUPPORT_ACT, support_group
from preferences.models import Change
from tests.browser.helpers import DESKTOP, EV_PAGE, HEAT_PUMP_PAGE, PHONE, podero_path, sent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WORDS = {
    "en-GB": {
        "level": "Savings level",
        "max": "Maximum savings",
        "save": "Save savings level",
        "level_set": "Savings level set to “Maximum savings”.",
        "undo": "Undo",
        "smart": "Smart charging",
        "off": "Smart charging is off.",
        "on": "Smart charging is on.",
    },
    "de-DE": {
        "level": "Sparstufe",
        "max": "Maximal sparen",
        "save": "Sparstufe speichern",
        "level_set": "Sparstufe auf „Maximal sparen“ gestellt.",
        "undo": "Rückgängig machen",
        "smart": "Intelligentes Laden",
        "off": "Intelligentes Laden ist aus.",
        "on": "Intelligentes Laden ist an.",
    },
}
LANGUAGES = [pytest.param("en-GB", id="English"), pytest.param("de-DE", id="German")]
HEAT_PUMP_PATH = podero_path("heat-pumps", seed.ALICE_HEAT_PUMP_ID)
EV_PATH = podero_path("electric-vehicles", seed.ALICE_EV_ID)


def screenshot(page: Page, name: str, selector: str = "") -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        path = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / f"{name}.png"
        target = page.locator(selector) if selector else page
        target.screenshot(path=path, caret="initial")


@pytest.mark.parametrize("language", LANGUAGES)
def test_choosing_a_heat_pumps_savings_level_and_undoing_it(
    portal, alice, alice_heat_pump, check_layout, language
):
    words = WORDS[language]
    page = portal.logged_in_page(alice, locale=language)
    page.goto(HEAT_PUMP_PAGE)
    card = page.get_by_role("region", name=words["level"])
    expect(card.get_by_label(re.compile(r"^Balanced|^Ausgewogen"))).to_be_checked()  # the seed's Mid

    card.get_by_label(words["max"]).check()
    card.get_by_role("button", name=words["save"]).click()

    expect(card.get_by_text(words["level_set"])).to_be_visible()
    expect(card.get_by_label(words["max"])).to_be_checked()
    assert sent(portal.sandbox) == [("PUT", HEAT_PUMP_PATH, {"optimization_level": "Max"})]
    assert portal.sandbox.writes()[0]["body"] == '{"optimization_level": "Max"}'
    page.set_viewport_size(PHONE)
    screenshot(page, f"savings-level-{language[:2]}-phone", "section:has(#level-heading)")
    check_layout(page)

    page.set_viewport_size(PHONE)
    card.get_by_role("button", name=words["undo"]).click()

    expect(card.get_by_label(re.compile(r"^Balanced|^Ausgewogen"))).to_be_checked()
    assert sent(portal.sandbox)[-1] == ("PUT", HEAT_PUMP_PATH, {"optimization_level": "Mid"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_turning_a_cars_smart_charging_off_and_on(portal, alice, alice_ev, check_layout, language):
    words = WORDS[language]
    page = portal.logged_in_page(alice, locale=language)
    page.goto(EV_PAGE)
    switch = page.get_by_role("switch", name=words["smart"])
    expect(switch).to_have_attribute("aria-checked", "true")

    switch.click()

    expect(page.get_by_text(words["off"])).to_be_visible()
    expect(switch).to_have_attribute("aria-checked", "false")
    page.set_viewport_size(PHONE)
    screenshot(page, f"smart-charging-off-{language[:2]}-phone", "section:has(#smart-charging-heading)")
    check_layout(page)
    page.set_viewport_size(PHONE)

    switch.click()

    expect(page.get_by_text(words["on"])).to_be_visible()
    assert sent(portal.sandbox) == [
        ("PUT", EV_PATH, {"is_smart_optimization_active": False}),
        ("PUT", EV_PATH, {"is_smart_optimization_active": True}),
    ]


def test_a_double_click_on_save_sends_one_level(portal, alice, alice_heat_pump):
    portal.sandbox.fault(latency_ms=500, method="PUT", count=1)
    page = portal.logged_in_page(alice)
    page.goto(HEAT_PUMP_PAGE)
    page.get_by_label("Gentle").check()

    page.get_by_role("button", name="Save savings level").dblclick()

    expect(page.get_by_text("Savings level set to “Gentle”.")).to_be_visible()
    assert sent(portal.sandbox) == [("PUT", HEAT_PUMP_PATH, {"optimization_level": "Low"})]


def staff_page(portal, alice):
    save_support_user(
        email="support@example.com", first_name="Maria", group=support_group(SUPPORT_ACT), password=PASSWORD
    )
    staff = portal.new_page(viewport=DESKTOP)
    staff.goto("/admin/")
    staff.get_by_label("Username").fill("support@example.com")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"/admin/preferences/homeowner/{alice.pk}/devices/")
    return staff


def test_staff_change_the_level_and_smart_charging_and_create_a_link_to_add_a_device(
    portal, alice, alice_heat_pump, alice_ev, check_layout
):
    staff = staff_page(portal, alice)
    heat_pump = staff.get_by_role("region", name="Nibe S-Series · Heat pump")
    heat_pump.get_by_label("Reason").fill("Customer asked for more savings")
    heat_pump.get_by_label("Maximum savings").check()
    heat_pump.get_by_role("button", name="Save savings level").click()

    expect(staff.get_by_text("Nibe S-Series: Savings level set to “Maximum savings”.")).to_be_visible()
    car = staff.get_by_role("region", name=re.compile(r"· Electric vehicle$"))
    car.locator("[id$='_quick_reason_reason']").fill("Customer wants to charge at once")  # the car's own box
    car.get_by_role("button", name="Turn smart charging off").click()

    expect(staff.get_by_text("Smart charging is off.")).to_be_visible()
    expect(
        staff.get_by_role("region", name=re.compile(r"· Electric vehicle$")).get_by_role(
            "button", name="Turn smart charging on"
        )
    ).to_be_visible()
    assert sent(portal.sandbox) == [
        ("PUT", HEAT_PUMP_PATH, {"optimization_level": "Max"}),
        ("PUT", EV_PATH, {"is_smart_optimization_active": False}),
    ]
    assert [(c.intent, c.actor.first_name, c.reason) for c in Change.objects.order_by("pk")] == [
        (Change.Intent.SET_OPTIMIZATION_LEVEL, "Maria", "Customer asked for more savings"),
        (Change.Intent.SMART_CHARGING_OFF, "Maria", "Customer wants to charge at once"),
    ]

    adding = staff.get_by_role("region", name="Add a device")
    adding.get_by_label("Kind of device").select_option("hp")
    adding.get_by_label("Reason").fill("New heat pump installed")
    adding.get_by_role("button", name="Create a link to add a device").click()

    link = staff.get_by_role("textbox", name="Link to add a device (Heat pump)")
    expect(link).to_have_value(re.compile(rf"^{re.escape(portal.sandbox.url)}/connect/onboarding\?"))
    check_layout(staff, screens=("desktop",), api_words=False)
    staff.set_viewport_size(DESKTOP)
    screenshot(staff, "admin-level-smart-charging-add-device-desktop")

    homeowner = portal.logged_in_page(alice)
    homeowner.goto(HEAT_PUMP_PAGE)
    expect(homeowner.get_by_role("region", name="Recent changes")).to_contain_text(
        "Maria from customer service changed the savings level: “Customer asked for more savings”"
    )
