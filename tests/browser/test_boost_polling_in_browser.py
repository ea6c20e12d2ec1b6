"""While Podero starts a charge, the Charge now card asks again less and less often and then stops, saying so
(the delays shortened here to a second each)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from podero_sandbox import seed
from preferences.devices import polling
from tests.browser.helpers import EV_PAGE, charge_now, podero_path

pytestmark = pytest.mark.browser

TOO_LONG = {
    "en-GB": "Podero is taking longer than usual to start charging.",
    "de-DE": "Podero braucht länger als sonst, um das Laden zu starten.",
}
EV = podero_path("electric-vehicles", seed.ALICE_EV_ID)


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_the_card_stops_asking_after_its_last_poll_and_says_so(portal, alice, alice_ev, monkeypatch, locale):
    monkeypatch.setattr(polling, "DELAYS", (1, 1))
    portal.sandbox.control("POST", "config", {"boost_start_delay": 600})
    page = portal.logged_in_page(alice, locale=locale)
    page.goto(EV_PAGE)
    section = page.locator("#boost")

    charge_now(section)

    expect(section).to_contain_text(TOO_LONG[locale], timeout=10_000)
    reads = len([r for r in portal.sandbox.requests() if r["method"] == "GET" and r["path"] == EV])
    page.wait_for_timeout(2_500)
    assert len([r for r in portal.sandbox.requests() if r["method"] == "GET" and r["path"] == EV]) == reads
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    folder = Path(
        os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    )
    page.locator("section:has(#boost)").screenshot(
        path=folder / f"boost-still-starting-{locale}.png", caret="hide"
    )
