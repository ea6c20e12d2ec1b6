"""Signing in with the energy company's account, in the browser, through the stand-in identity provider
(podero_idp): a new customer sees their devices with no staff step, in English and in German on a phone; a
customer Podero does not know gets the page that explains; signing out ends both sessions."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from preferences.models import Homeowner
from tests.browser.helpers import PHONE

pytestmark = pytest.mark.browser

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WORDS = {
    "en": {
        "locale": "en-GB",
        "button": "Sign in with your energy company account",
        "devices": "My devices",
        "unknown": "We don't know this customer number yet",
        "log_out": "Log out",
        "log_in": "Log in",
    },
    "de": {
        "locale": "de-DE",
        "button": "Mit dem Konto Ihres Energieversorgers anmelden",
        "devices": "Meine Geräte",
        "unknown": "Diese Kundennummer kennen wir noch nicht",
        "log_out": "Abmelden",
        "log_in": "Anmelden",
    },
}


def holds_up_and_is_pictured(page: Page, check_layout: Any, name: str, **layout: Any) -> None:
    """The layout check at phone and desk width, then a phone-sized screenshot for the README."""
    check_layout(page, **layout)
    page.set_viewport_size(PHONE)
    page.screenshot(path=README_SCREENSHOTS / f"{name}.png", caret="hide")


def at_the_provider_as(page: Page, name: str, button: str) -> None:
    """From the portal's login page: to the provider, and sign in there as the demo customer `name`."""
    page.get_by_role("link", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Energy company sign-in (stand-in)")
    page.get_by_role("button", name=re.compile(f"^{name}")).click()


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_new_customer_signs_in_and_sees_their_devices(
    portal: Any, idp: Any, language: str, check_layout: Any
) -> None:
    words = WORDS[language]
    page = portal.new_page(locale=words["locale"])
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in_button = page.get_by_role("link", name=words["button"])
    holds_up_and_is_pictured(page, check_layout, f"sign-in-choice-{language}", main_control=sign_in_button)

    at_the_provider_as(page, "Alice Example", words["button"])

    expect(page.get_by_role("heading", level=1)).to_have_text(words["devices"])
    expect(page.locator(".tile-name a")).to_have_count(3)
    assert Homeowner.objects.get().customer_number == "portal-alice"
    holds_up_and_is_pictured(page, check_layout, f"signed-in-first-time-{language}")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_customer_podero_does_not_know_gets_the_explaining_page(
    portal: Any, idp: Any, language: str, check_layout: Any
) -> None:
    words = WORDS[language]
    page = portal.new_page(locale=words["locale"])
    page.goto("/accounts/login/")

    at_the_provider_as(page, "Erin Unknown", words["button"])

    expect(page.get_by_role("heading", level=1)).to_have_text(words["unknown"])
    expect(page.get_by_text("C99999")).to_be_visible()
    assert Homeowner.objects.count() == 0
    holds_up_and_is_pictured(page, check_layout, f"sign-in-unknown-customer-{language}")


def test_signing_out_ends_the_portal_session_and_the_providers(portal: Any, idp: Any) -> None:
    words = WORDS["en"]
    page = portal.new_page()
    page.goto("/accounts/login/")
    at_the_provider_as(page, "Alice Example", words["button"])
    expect(page.get_by_role("heading", level=1)).to_have_text(words["devices"])
    assert idp.control("GET", "sessions") == ["idp-alice"]

    page.get_by_role("button", name=words["log_out"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["log_in"])
    assert [ended["sub"] for ended in idp.ended()] == ["idp-alice"]
    assert idp.control("GET", "sessions") == []
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_refused_answer_from_the_provider_gets_a_plain_page(
    portal: Any, idp: Any, check_layout: Any
) -> None:
    page = portal.new_page(locale="de-DE")
    page.goto("/accounts/login/")
    page.get_by_role("link", name=WORDS["de"]["button"]).click()
    page.get_by_label("Answer with").select_option("bad_signature")
    page.get_by_role("button", name=re.compile("^Alice Example")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Die Anmeldung konnte nicht geprüft werden")
    assert Homeowner.objects.count() == 0
    holds_up_and_is_pictured(page, check_layout, "sign-in-not-verified-de")
