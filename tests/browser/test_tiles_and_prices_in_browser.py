"""At 390 px, in English and German: a four-device home's tiles in the first screen with their actions, Charge
now's confirmation (a double tap cannot skip it), the price chart with its table, "Older sessions" staying at the
list, and the layout check failing on a table wider than the screen.

With UPDATE_SCREENSHOTS=1 the tests photograph each state into docs/screenshots/ (shown in README.md)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from podero_sandbox import seed
from preferences.accounts import save_homeowner
from tests.browser.helpers import EV_PAGE, PHONE, cards_loaded, sent
from tests.browser.layout import layout_problems

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LANGUAGES = {"en-GB": "", "de-DE": "-de"}
WORDS = {
    "en-GB": {"charge": "Charge now…", "yes": "Yes, charge now", "prices": "Today and tomorrow"},
    "de-DE": {"charge": "Jetzt laden …", "yes": "Ja, jetzt laden", "prices": "Heute und morgen"},
}


def photograph(page: Page, name: str, locale: str, *, full_page: bool = False) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size(PHONE)
        page.screenshot(
            path=SCREENSHOTS / f"{name}-phone{LANGUAGES[locale]}.png", full_page=full_page, caret="hide"
        )


def four_device_home(portal):
    """A heat pump, a car waiting for cheap hours, a second car whose connection lapsed, an inverter."""
    user = portal.sandbox.control("POST", "users", {"heat_pumps": 1, "electric_vehicles": 2, "inverters": 1})
    cars = [device["id"] for device in user["devices"] if device["kind"] == "electric-vehicles"]
    portal.sandbox.set_device(cars[0], is_charge_policy_enabled=True)
    portal.sandbox.set_device(cars[1], is_authenticated=False)
    homeowner, _ = save_homeowner(email=f"four-{user['id'][:8]}@example.com", podero_user_id=user["id"])
    return homeowner


@pytest.mark.parametrize("locale", LANGUAGES, ids=["English", "German"])
def test_a_four_device_home_s_tiles_and_their_actions_fit_the_first_phone_screen(
    portal, check_layout, locale
):
    page = portal.logged_in_page(four_device_home(portal), locale=locale)

    page.goto("/")
    cards_loaded(page)

    tiles = page.locator("li.tile")
    expect(tiles).to_have_count(4)
    for index in range(4):
        action = tiles.nth(index).locator(".tile-action")
        expect(action).to_be_visible()
        box = action.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"], (
            f"tile {index + 1}'s action is below the first screen"
        )
    needs_you = "Needs you: reconnect" if locale == "en-GB" else "Braucht Sie: neu verbinden"
    expect(page.locator("li.tile-bad")).to_contain_text(needs_you)
    check_layout(page, main_control=tiles.nth(3).locator(".tile-action"))
    photograph(page, "my-devices-tiles", locale)
    assert sent(portal.sandbox) == []


@pytest.mark.parametrize("locale", LANGUAGES, ids=["English", "German"])
def test_charge_now_says_what_it_does_and_a_double_tap_sends_nothing(
    portal, alice, alice_ev, check_layout, locale
):
    page = portal.logged_in_page(alice, locale=locale)
    page.goto(EV_PAGE)
    section = page.locator("#boost")

    section.get_by_role("link", name=WORDS[locale]["charge"]).dblclick()

    yes = section.get_by_role("button", name=WORDS[locale]["yes"])
    expect(yes).to_be_visible()
    expect(section.locator(".confirm-points li")).to_have_count(3)
    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")
    assert sent(portal.sandbox) == []
    check_layout(page, main_control=yes)
    section.scroll_into_view_if_needed()
    photograph(page, "charge-now-confirm", locale)


def test_charge_now_s_confirmation_works_without_javascript(portal, alice, alice_ev):
    page = portal.logged_in_page(alice, javascript=False)
    page.goto(EV_PAGE)

    page.get_by_role("link", name="Charge now…").click()
    expect(page).to_have_url(f"{portal.url}{EV_PAGE}?confirm=charge-now#boost")
    assert sent(portal.sandbox) == []
    page.get_by_role("button", name="Yes, charge now").click()

    expect(page.locator("#boost .status")).to_contain_text("full speed")
    assert [(method, path.rsplit("/", 1)[-1]) for method, path, _ in sent(portal.sandbox)] == [
        ("POST", "boost")
    ]


@pytest.mark.parametrize("locale", LANGUAGES, ids=["English", "German"])
def test_the_price_chart_shows_the_coming_hours_with_its_table(portal, alice, alice_ev, check_layout, locale):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    portal.sandbox.reading(data_ahead="prices_and_plan")
    page = portal.logged_in_page(alice, locale=locale)
    page.goto(EV_PAGE)
    cards_loaded(page)

    card = page.locator("section.prices")
    expect(card.get_by_role("heading", name=WORDS[locale]["prices"])).to_be_visible()
    expect(card.locator("canvas")).to_be_visible()  # the chart is drawn; its table folds behind "The numbers"
    card.locator("details.chart-numbers summary").click()
    rows = card.locator("tbody tr")
    assert 24 < rows.count() <= 48
    expect(card.locator(".prices-deadline")).to_contain_text("07:00")
    check_layout(page)
    page.set_viewport_size(PHONE)  # the check leaves it at desk width
    card.scroll_into_view_if_needed()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        card.screenshot(path=SCREENSHOTS / f"prices-ahead-phone{LANGUAGES[locale]}.png", caret="hide")


def test_without_prices_ahead_the_card_says_so(portal, alice, alice_ev, check_layout):
    portal.sandbox.reading(data_ahead="past_only")
    page = portal.logged_in_page(alice)
    page.goto(EV_PAGE)
    cards_loaded(page)

    card = page.locator("section.prices")
    expect(card).to_contain_text("gives no prices for the coming hours")
    expect(card.locator("table")).to_have_count(0)
    check_layout(page)


def test_older_sessions_keeps_the_place_at_the_list(page, portal, alice_ev):
    page.goto(EV_PAGE)
    cards_loaded(page)

    page.get_by_role("link", name="Older sessions →").click()

    expect(page.locator(".paging")).to_contain_text("Newer sessions")
    heading = page.locator("#sessions-heading")
    expect(heading).to_be_in_viewport()
    assert "sessions=" in page.url


def test_the_layout_check_fails_on_a_table_wider_than_the_screen(portal, axe):
    page = portal.new_page()
    cells = "".join(f"<td>column {index} with a long value</td>" for index in range(8))
    page.set_content(
        f'<html lang="en"><head><title>t</title></head><body><main><div style="overflow-x:auto">'
        f"<table><caption>Wide</caption><tr>{cells}</tr></table></div></main></body></html>"
    )

    problems = layout_problems(page, axe, screens=("phone",))

    assert any("a table is wider than the screen" in problem for problem in problems), problems


def test_the_layout_check_gives_charts_a_moment_but_fails_on_a_page_that_stays_too_wide(portal, axe):
    page = portal.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><div style="width: 900px">wide</div></main>'
        "</body></html>"
    )

    problems = layout_problems(page, axe, screens=("phone",))

    assert problems[0].startswith("phone: the page scrolls sideways"), problems
