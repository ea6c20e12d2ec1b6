"""The portal in a German browser: every homeowner page in German, accessible, under the CSP; and the footer's
language switch, with and without JavaScript."""

import pytest
from playwright.sync_api import Page, expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, INVERTER_PAGE

pytestmark = pytest.mark.browser

GERMAN = "de-DE"
PAGES = [
    pytest.param("/accounts/login/", "Anmelden", False, id="login"),
    pytest.param("/", "Meine Geräte", True, id="my devices"),
    pytest.param(HEAT_PUMP_PAGE, "Nibe S-Series", True, id="heat pump"),
    pytest.param(EV_PAGE, "Tesla Model 3", True, id="electric vehicle"),
    pytest.param(INVERTER_PAGE, "Fronius Symo GEN24 10.0 Plus", True, id="inverter"),
]


@pytest.fixture
def alices_devices(alice_heat_pump, alice_ev, alice_inverter, sandbox) -> None:
    """Her three devices, the EV with a charge deadline."""
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)


def switch_language(page: Page, *, label: str, language: str, button: str) -> None:
    footer = page.get_by_role("contentinfo")
    footer.get_by_label(label).select_option(label=language)
    footer.get_by_role("button", name=button).click()


@pytest.mark.parametrize(("url", "heading", "logged_in"), PAGES)
def test_the_page_is_in_german_and_has_no_axe_violations(
    portal, alice, alices_devices, assert_accessible, url, heading, logged_in
):
    page = portal.logged_in_page(alice, locale=GERMAN) if logged_in else portal.new_page(locale=GERMAN)

    page.goto(url)

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_attached()
    expect(page.get_by_role("contentinfo").get_by_label("Sprache")).to_have_value("de")
    if url == EV_PAGE:
        expect(page.get_by_role("region", name="Ladeplan")).to_be_visible()
        expect(page.get_by_role("group", name="Wann muss das Auto geladen sein?")).to_be_visible()
    assert_accessible(page)
    assert portal.console.csp_violations() == []
    assert portal.console.page_errors == []


def test_a_note_swapped_in_by_htmx_is_in_german_and_accessible(
    portal, alice, alices_devices, assert_accessible
):
    page = portal.logged_in_page(alice, locale=GERMAN)
    page.goto(HEAT_PUMP_PAGE)
    section = page.get_by_role("region", name="Intelligente Optimierung")

    section.get_by_role("switch", name="Intelligente Optimierung").click()

    expect(section.get_by_text("Die intelligente Optimierung ist pausiert.")).to_be_visible()
    expect(section.get_by_text("Pausiert", exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with javascript", "without javascript"])
def test_the_footer_switch_changes_the_language_and_stays_on_the_page(
    portal, alice, alices_devices, javascript
):
    page = portal.logged_in_page(alice, javascript=javascript)
    page.goto(EV_PAGE)
    expect(page.get_by_role("heading", name="Why is it (not) charging?")).to_be_visible()

    switch_language(page, label="Language", language="Deutsch", button="Change language")

    expect(page.get_by_role("heading", name="Warum lädt das Auto (nicht)?")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert page.url == portal.url + EV_PAGE

    page.goto("/")  # the choice is remembered, although this browser asks for English

    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Geräte")

    switch_language(page, label="Sprache", language="English", button="Sprache ändern")

    expect(page.get_by_role("heading", level=1)).to_have_text("My devices")
    assert page.url == portal.url + "/"


def test_a_german_browser_can_switch_to_english_before_logging_in(portal, alice):
    page = portal.new_page(locale=GERMAN)
    page.goto("/accounts/login/?next=/")

    switch_language(page, label="Sprache", language="English", button="Sprache ändern")

    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert page.url == portal.url + "/accounts/login/?next=/"
