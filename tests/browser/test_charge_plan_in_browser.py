"""The charge deadline and the weekly schedule in the browser (seed: Set a charge deadline, Set a weekly
schedule, turning the policy off), bad input, and Podero failing while the person saves."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, podero_path, sent

pytestmark = pytest.mark.browser

EV = podero_path("electric-vehicles", seed.ALICE_EV_ID)
CHARGE_POLICY = podero_path("electric-vehicles", seed.ALICE_EV_ID, "/charge-policy")
COMMUTER = "Weekdays 80 % by 07:00, weekends 50 % by 10:00"
DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def deadline_section(page: Page) -> Locator:
    return page.get_by_role("region", name="Charge deadline")


def schedule_section(page: Page) -> Locator:
    return page.get_by_role("region", name="Weekly schedule")


def day(page: Page, name: str) -> Locator:
    return schedule_section(page).get_by_role("group", name=name)


def set_day(page: Page, name: str, percentage: str, ready_by: str) -> None:
    day(page, name).get_by_label("Minimum charge (%)").fill(percentage)
    day(page, name).get_by_label("Ready by").fill(ready_by)


def expect_day(page: Page, name: str, percentage: str, ready_by: str) -> None:
    expect(day(page, name).get_by_label("Minimum charge (%)")).to_have_value(percentage)
    expect(day(page, name).get_by_label("Ready by")).to_have_value(ready_by)


def week(**days: tuple[int, str]) -> dict[str, dict[str, object]]:
    return {code: {"charge_percentage": p, "charge_deadline": d} for code, (p, d) in days.items()}


def test_setting_a_deadline_sends_the_seed_call_and_then_shows_the_weekly_schedule(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, charge_deadline_at=None, minimum_charge_limit=None)
    page.goto(EV_PAGE)
    section = deadline_section(page)
    expect(schedule_section(page)).to_have_count(0)

    section.get_by_label("Charge by a deadline").check()
    section.get_by_label("Ready by").fill("07:00")
    section.get_by_label("Minimum charge (%)").fill("80")
    section.get_by_role("button", name="Save deadline").click()

    expect(section.get_by_text("Charge deadline saved.")).to_be_visible()
    assert sent(portal.sandbox) == [
        (
            "PUT",
            EV,
            {"is_charge_policy_enabled": True, "charge_deadline_at": "07:00", "minimum_charge_limit": 80},
        )
    ]
    expect_day(page, "Monday", "80", "07:00")
    expect_day(page, "Sunday", "80", "07:00")
    expect(page.get_by_role("region", name="Right now").get_by_text("At least 80 % by 07:00")).to_be_visible()


def test_the_commuter_shortcut_fills_in_the_seed_week_and_save_sends_it(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    schedule = schedule_section(page)

    schedule.get_by_role("button", name=COMMUTER).click()

    expect_day(page, "Saturday", "50", "10:00")
    expect_day(page, "Sunday", "50", "10:00")
    expect_day(page, "Friday", "80", "07:00")
    assert sent(portal.sandbox) == [], "a shortcut only fills in the form"

    schedule.get_by_label("Time zone").select_option("Europe/Berlin")
    schedule.get_by_role("button", name="Save weekly schedule").click()

    expect(schedule.get_by_text("Weekly schedule saved.")).to_be_visible()
    weekdays = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), (80, "07:00"))
    assert sent(portal.sandbox) == [
        (
            "PUT",
            CHARGE_POLICY,
            {"timezone": "Europe/Berlin", **week(**weekdays, sat=(50, "10:00"), sun=(50, "10:00"))},
        )
    ]


def test_a_week_typed_by_hand_with_copy_monday_is_sent_day_by_day(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    schedule = schedule_section(page)
    set_day(page, "Monday", "90", "06:15")

    schedule.get_by_role("button", name="Copy Monday to all weekdays").click()

    for name in ("Tuesday", "Wednesday", "Thursday", "Friday"):
        expect_day(page, name, "90", "06:15")
    expect_day(page, "Saturday", "80", "07:00")
    assert sent(portal.sandbox) == []

    set_day(page, "Saturday", "40", "11:00")
    set_day(page, "Sunday", "60", "09:30")
    schedule.get_by_label("Time zone").select_option("Europe/Vienna")
    schedule.get_by_role("button", name="Save weekly schedule").click()

    expect(schedule.get_by_text("Weekly schedule saved.")).to_be_visible()
    weekdays = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), (90, "06:15"))
    assert sent(portal.sandbox) == [
        (
            "PUT",
            CHARGE_POLICY,
            {"timezone": "Europe/Vienna", **week(**weekdays, sat=(40, "11:00"), sun=(60, "09:30"))},
        )
    ]
    assert list(portal.sandbox.writes()[0]["json"]) == ["timezone", *DAYS]
    expect(schedule.get_by_label("Time zone")).to_have_value("Europe/Vienna")
    expect_day(page, "Sunday", "60", "09:30")


def test_enter_in_a_day_saves_the_week_and_does_not_apply_a_shortcut(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    set_day(page, "Tuesday", "70", "08:00")

    day(page, "Tuesday").get_by_label("Minimum charge (%)").press("Enter")

    expect(schedule_section(page).get_by_text("Weekly schedule saved.")).to_be_visible()
    [(method, path, body)] = sent(portal.sandbox)
    assert (method, path) == ("PUT", CHARGE_POLICY)
    assert body["tue"] == {"charge_percentage": 70, "charge_deadline": "08:00"}
    assert body["wed"] == {"charge_percentage": 80, "charge_deadline": "07:00"}


def test_turning_the_policy_off_sends_only_that_and_hides_the_weekly_schedule(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    section = deadline_section(page)
    expect(schedule_section(page)).to_be_visible()

    section.get_by_label("Charge by a deadline").uncheck()
    section.get_by_role("button", name="Save deadline").click()

    expect(
        section.get_by_text("Charge deadline turned off. Podero charges in the cheapest hours.")
    ).to_be_visible()
    expect(schedule_section(page)).to_have_count(0)
    expect(section.get_by_label("Charge by a deadline")).not_to_be_checked()
    assert sent(portal.sandbox) == [("PUT", EV, {"is_charge_policy_enabled": False})]


def test_a_double_click_on_save_weekly_schedule_sends_it_once(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    portal.sandbox.fault(latency_ms=500, method="PUT", path_contains="/charge-policy", count=1)
    page.goto(EV_PAGE)
    schedule = schedule_section(page)
    save = schedule.get_by_role("button", name="Save weekly schedule")

    save.dblclick()

    expect(save).to_be_disabled()
    expect(schedule.get_by_role("button", name="Copy Monday to all weekdays")).to_be_disabled()
    expect(schedule.get_by_text("Weekly schedule saved.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert [(method, path) for method, path, _ in sent(portal.sandbox)] == [("PUT", CHARGE_POLICY)]


def test_bad_deadline_values_are_shown_at_their_fields_with_what_was_typed_and_nothing_is_sent(
    page, portal, alice_ev
):
    page.goto(EV_PAGE)
    section = deadline_section(page)

    section.get_by_label("Charge by a deadline").check()
    section.get_by_label("Ready by").fill("")
    section.get_by_label("Minimum charge (%)").fill("120")
    section.get_by_role("button", name="Save deadline").click()

    expect(section.get_by_role("alert")).to_have_text(
        "Nothing was saved. Please correct the fields marked below."
    )
    percent = section.get_by_label("Minimum charge (%)")
    expect(percent).to_have_value("120")
    expect(percent).to_have_attribute("aria-invalid", "true")
    expect(percent).to_have_accessible_description(re.compile("Enter a whole number from 0 to 100."))
    ready_by = section.get_by_label("Ready by")
    expect(ready_by).to_have_attribute("aria-invalid", "true")
    expect(ready_by).to_have_accessible_description(re.compile("Needed while charging by a deadline is on."))
    expect(section.get_by_label("Charge by a deadline")).to_be_checked()
    assert sent(portal.sandbox) == []


def test_bad_days_in_the_weekly_schedule_are_shown_in_their_day_and_nothing_is_sent(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    schedule = schedule_section(page)
    set_day(page, "Wednesday", "120", "07:00")
    day(page, "Sunday").get_by_label("Ready by").fill("")

    schedule.get_by_role("button", name="Save weekly schedule").click()

    expect(schedule.get_by_role("alert")).to_have_text(
        "Nothing was saved. Please correct the fields marked below."
    )
    wednesday = day(page, "Wednesday").get_by_label("Minimum charge (%)")
    expect(wednesday).to_have_value("120")
    expect(wednesday).to_have_accessible_description(re.compile("Enter a whole number from 0 to 100."))
    sunday = day(page, "Sunday").get_by_label("Ready by")
    expect(sunday).to_have_attribute("aria-invalid", "true")
    expect(sunday).to_have_accessible_description(re.compile("This field is required."))
    expect(day(page, "Monday").get_by_label("Minimum charge (%)")).not_to_have_attribute(
        "aria-invalid", "true"
    )
    assert sent(portal.sandbox) == []


def test_when_podero_is_down_the_deadline_form_says_so_and_keeps_what_was_typed(page, portal, alice_ev):
    portal.sandbox.fault(status=503, method="PUT")
    page.goto(EV_PAGE)
    section = deadline_section(page)

    section.get_by_label("Charge by a deadline").check()
    section.get_by_label("Ready by").fill("06:15")
    section.get_by_label("Minimum charge (%)").fill("65")
    section.get_by_role("button", name="Save deadline").click()

    expect(section.get_by_role("alert")).to_have_text(
        "We couldn't reach your device's service right now. Nothing was changed. Please try again in a minute."
    )
    expect(section.get_by_label("Ready by")).to_have_value("06:15")
    expect(section.get_by_label("Minimum charge (%)")).to_have_value("65")
    expect(section.get_by_label("Charge by a deadline")).to_be_checked()


def test_when_podero_does_not_answer_in_time_the_schedule_says_it_may_still_be_saved_and_keeps_the_week(
    page, portal, settings, alice_ev
):
    settings.PODERO_READ_TIMEOUT = 0.5
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    portal.sandbox.fault(hang_seconds=1.5, method="PUT", path_contains="/charge-policy", count=1)
    page.goto(EV_PAGE)
    schedule = schedule_section(page)
    set_day(page, "Saturday", "45", "09:45")

    schedule.get_by_role("button", name="Save weekly schedule").click()

    expect(
        schedule.get_by_text("Podero did not answer in time. Your change may still take effect")
    ).to_be_visible()
    expect_day(page, "Saturday", "45", "09:45")
