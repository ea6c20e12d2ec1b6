"""The "Charging plan" card in each of its three choices, on a phone, in English and German: the layout check
(tests/browser/layout.py) finds nothing. With UPDATE_SCREENSHOTS=1 each card is photographed into docs/screenshots/ (README.md):
    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_plan_screenshots.py
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, PHONE

pytestmark = pytest.mark.browser

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
COMMUTER = {"timezone": "Europe/Berlin"} | {
    day: {
        "charge_percentage": 80 if day in WEEKDAYS[:5] else 50,
        "charge_deadline": "07:00" if day in WEEKDAYS[:5] else "10:00",
    }
    for day in WEEKDAYS
}
CHOICES = {
    "no-deadline": {"is_charge_policy_enabled": False},
    "same-every-day": {"is_charge_policy_enabled": True},
    "different-days": {"is_charge_policy_enabled": True, "charge_policy": COMMUTER},
}
LANGUAGES = {"en": ("en-GB", "Charging plan"), "de": ("de-DE", "Ladeplan")}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("choice", CHOICES)
def test_the_card_in_each_choice_fits_a_phone(portal, alice, alice_ev, check_layout, choice, language):
    portal.sandbox.set_device(seed.ALICE_EV_ID, **CHOICES[choice])
    locale, heading = LANGUAGES[language]
    page = portal.logged_in_page(alice, viewport=PHONE, locale=locale)
    page.goto(EV_PAGE)
    card = page.get_by_role("region", name=heading)
    expect(card).to_be_visible()

    check_layout(page)  # no sideways scrolling, no broken text, no API word, axe; at phone and desk width
    page.set_viewport_size(PHONE)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        card.screenshot(path=README_SCREENSHOTS / f"charging-plan-{choice}-{language}.png", caret="hide")
