"""Each page type at phone and desktop width, in English and German, holds up (tests/browser/layout.py).

With UPDATE_SCREENSHOTS=1 the test also photographs each page into docs/screenshots/ (shown in README.md):
    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_screenshots.py
Without it no file is written, so `make test` leaves the tree as it was.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from podero_sandbox import seed
from tests.browser.helpers import DESKTOP, EV_PAGE, HEAT_PUMP_PAGE, INVERTER_PAGE, PHONE

pytestmark = pytest.mark.browser

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = [
    pytest.param("login", "/accounts/login/", False, id="login"),
    pytest.param("my-devices", "/", True, id="my devices"),
    pytest.param("heat-pump", HEAT_PUMP_PAGE, True, id="heat pump"),
    pytest.param("electric-vehicle", EV_PAGE, True, id="electric vehicle"),
    pytest.param("inverter", INVERTER_PAGE, True, id="inverter"),
]
LANGUAGES = {"en-GB": "", "de-DE": "-de"}  # browser locale: suffix of the screenshot's name


@pytest.fixture
def screenshots() -> Path | None:
    if not os.environ.get("UPDATE_SCREENSHOTS"):
        return None
    README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return README_SCREENSHOTS


@pytest.mark.parametrize("locale", LANGUAGES, ids=["English", "German"])
@pytest.mark.parametrize(("name", "url", "logged_in"), PAGES)
def test_the_page_fits_a_phone_and_a_desktop(
    portal,
    alice,
    alice_heat_pump,
    alice_ev,
    alice_inverter,
    check_layout,
    screenshots,
    name,
    url,
    logged_in,
    locale,
):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)  # a plan with a deadline
    page = portal.logged_in_page(alice, locale=locale) if logged_in else portal.new_page(locale=locale)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    check_layout(page)

    if screenshots is not None:
        for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            path = screenshots / f"{name}-{width}{LANGUAGES[locale]}.png"
            page.screenshot(path=path, full_page=True, caret="hide")
