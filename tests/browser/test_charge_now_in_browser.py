"""Charge now in the browser, for every row of the seed's boost table, and "Don't start when plugged in" for an
armed one. Status first: one sentence of what the car is doing and what the button will do; one confirmation."""

import pytest
from playwright.sync_api import Locator, Page, expect

from podero_sandbox import seed
from preferences.models import Change
from tests.browser.helpers import EV_PAGE, charge_now, podero_path, sent

pytestmark = pytest.mark.browser

BOOST = podero_path("electric-vehicles", seed.ALICE_EV_ID, "/boost")


def charge_now_section(page: Page) -> Locator:
    return page.get_by_role("region", name="Charge now")


def test_charge_now_on_an_idle_plugged_in_car_starts_charging(page, portal, alice_ev):
    page.goto(EV_PAGE)
    section = charge_now_section(page)

    expect(section.locator(".status")).to_have_text(
        "The car is plugged in. Charge now starts charging straight away at full speed, whatever the price."
    )
    charge_now(section)

    expect(section.locator(".status")).to_contain_text(
        "cannot be stopped from here: to stop it, unplug the car."
    )
    expect(section.get_by_role("button")).to_have_count(0)
    expect(section.locator(".notice")).to_have_count(0)
    assert sent(portal.sandbox) == [("POST", BOOST, None)]
    assert portal.sandbox.writes()[0]["body"] == ""
    expect(page.locator("#status-line")).to_contain_text("Charging at full speed")
    activity = page.get_by_role("region", name="Recent changes")
    expect(activity.get_by_text("You asked to charge now")).to_be_visible()


def test_the_charging_checklist_follows_charge_now_without_a_reload(page, portal, alice_ev):
    page.goto(EV_PAGE)
    checklist = page.get_by_role("region", name="Why is it (not) charging?")
    expect(checklist.get_by_text("Podero is waiting for cheaper hours")).to_be_visible()

    charge_now(charge_now_section(page))

    expect(checklist.get_by_text("It is charging at")).to_be_visible()
    expect(checklist.get_by_text("Podero is waiting for cheaper hours")).to_have_count(0)


def test_charge_now_on_an_unplugged_car_arms_it_and_one_control_disarms_it(page, portal, alice_ev):
    portal.sandbox.ev(seed.ALICE_EV_ID, "unplug")
    page.goto(EV_PAGE)
    section = charge_now_section(page)

    charge_now(section)

    expect(section.locator(".status")).to_have_text(
        "Charging at full speed will start as soon as the car is plugged in."
    )
    expect(section.get_by_role("button")).to_have_text(["Don't start when plugged in"])
    assert portal.sandbox.device(seed.ALICE_EV_ID)["boost_for_next_session"] is True
    page.reload()
    expect(section.locator(".status")).to_have_text(
        "Charging at full speed will start as soon as the car is plugged in."
    )

    section.get_by_role("button", name="Don't start when plugged in").click()

    expect(section.get_by_text("It will not start charging when plugged in")).to_be_visible()
    expect(section.get_by_role("link", name="Charge now…")).to_be_visible()
    expect(section.get_by_role("button")).to_have_count(0)
    assert sent(portal.sandbox) == [("POST", BOOST, None), ("DELETE", BOOST, None)]
    assert portal.sandbox.device(seed.ALICE_EV_ID)["boost_for_next_session"] is False


def test_on_old_data_the_button_is_offered_and_podero_explains_a_refusal(page, portal, alice_ev):
    portal.sandbox.set_device(
        seed.ALICE_EV_ID, is_charging=True, current_state_last_updated_at="2026-01-01T06:00:00Z"
    )
    page.goto(EV_PAGE)
    section = charge_now_section(page)
    expect(section.locator(".status")).to_contain_text("has not reported for a while")

    charge_now(section)

    expect(section.locator(".notice-warn")).to_have_text(
        "The car is already charging, so there is nothing to start."
    )


@pytest.mark.parametrize(
    ("since_the_page_loaded", "reason", "sentence"),
    [
        pytest.param(
            {"is_charging": True},
            "already_charging",
            "The car is already charging, so there is nothing to start.",
            id="already charging",
        ),
        pytest.param(
            {"battery_level": 100, "is_fully_charged": True},
            "fully_charged",
            "The battery is already full, so there is nothing to charge.",
            id="full",
        ),
        pytest.param(
            {"has_active_session": False},
            "no_active_session",
            "Charging could not start because the car has no active charging session.",
            id="no active session",
        ),
    ],
)
def test_charge_now_refused_by_podero_says_why_next_to_the_button(
    page, portal, alice_ev, since_the_page_loaded, reason, sentence
):
    page.goto(EV_PAGE)
    portal.sandbox.set_device(seed.ALICE_EV_ID, **since_the_page_loaded)
    section = charge_now_section(page)

    charge_now(section)

    expect(section.locator(".notice-warn")).to_contain_text(sentence)
    expect(section.get_by_role("alert")).to_have_count(0)
    [write] = portal.sandbox.writes()
    assert (write["method"], write["path"], write["body"], write["status"]) == ("POST", BOOST, "", 409)
    assert Change.objects.get().conflict_reason == reason


def test_a_double_click_on_charge_now_only_opens_its_confirmation_and_sends_nothing(page, portal, alice_ev):
    page.goto(EV_PAGE)
    section = charge_now_section(page)

    section.get_by_role("link", name="Charge now…").dblclick()

    expect(section.get_by_role("button", name="Yes, charge now")).to_be_visible()
    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")
    assert sent(portal.sandbox) == []
    expect(section.locator(".status")).to_contain_text("The car is plugged in.")


def test_a_double_tap_whose_second_tap_comes_after_the_confirmation_showed_sends_nothing(
    page, portal, alice_ev
):
    page.goto(EV_PAGE)
    section = charge_now_section(page)
    link = section.get_by_role("link", name="Charge now…")
    box = link.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    page.mouse.click(x, y)
    expect(section.get_by_role("button", name="Yes, charge now")).to_be_visible()
    page.mouse.click(x, y)  # the second tap of the gesture, where the first button was

    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")
    assert sent(portal.sandbox) == []
    yes = section.get_by_role("button", name="Yes, charge now").bounding_box()
    assert yes is not None
    assert yes["y"] > box["y"] + box["height"]  # not where the first button was


def test_a_double_click_on_yes_sends_one_boost_and_the_button_waits_for_podero(page, portal, alice_ev):
    portal.sandbox.fault(latency_ms=500, method="POST", path_contains="/boost", count=1)
    page.goto(EV_PAGE)
    charge_now_section(page).get_by_role("link", name="Charge now…").click()
    button = charge_now_section(page).get_by_role("button", name="Yes, charge now")

    button.dblclick()

    expect(charge_now_section(page).locator(".status")).to_contain_text("cannot be stopped from here")
    page.wait_for_load_state("networkidle")
    assert sent(portal.sandbox) == [("POST", BOOST, None)]


def test_while_charging_is_starting_the_page_asks_again_until_it_has_started(page, portal, alice_ev):
    portal.sandbox.control("POST", "config", {"boost_start_delay": 1})
    page.goto(EV_PAGE)
    heading = page.locator("h1").element_handle()
    section = charge_now_section(page)

    charge_now(section)

    expect(section.locator(".status")).to_have_text("Charging is about to start.")
    expect(section.get_by_role("button")).to_have_count(0)
    # The part polls every 3 s while Podero reports "requested".
    expect(section.locator(".status")).to_contain_text("cannot be stopped from here", timeout=8_000)
    expect(page.locator("#status-line")).to_contain_text("Charging at full speed")
    assert heading.evaluate("h1 => h1.isConnected"), "the poll replaced the whole page"
    assert sent(portal.sandbox) == [("POST", BOOST, None)]


def test_when_podero_is_down_charge_now_says_nothing_changed(page, portal, alice_ev):
    portal.sandbox.fault(status=503, method="POST", path_contains="/boost")
    page.goto(EV_PAGE)
    section = charge_now_section(page)

    charge_now(section)

    expect(section.get_by_role("alert")).to_have_text(
        "We couldn't reach your device's service right now. Nothing was changed. Please try again in a minute."
    )
    expect(section.get_by_role("link", name="Charge now…")).to_be_visible()
    assert sent(portal.sandbox) == [("POST", BOOST, None)]
