"""The "Charging plan" card in the browser, with htmx and without JavaScript: every move between its three
choices under both sandbox readings of how the daily deadline and /charge-policy interact, the exact Podero
requests for each, the per-day editor on a phone, errors at their day and field, and a charge policy Podero
cannot give."""

import itertools
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, PHONE, charge_now, podero_path, sent

pytestmark = pytest.mark.browser

EV = podero_path("electric-vehicles", seed.ALICE_EV_ID)
CHARGE_POLICY = podero_path("electric-vehicles", seed.ALICE_EV_ID, "/charge-policy")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
COMMUTER_SENTENCE = "Weekdays at least 80 % by 07:00, weekends 50 % by 10:00, Europe/Berlin"
READINGS = {
    "daily deadline rewrites the week": "rewrites_week",
    "daily deadline leaves the week": "leaves_week",
}
CHOICES = ("No deadline", "Same every day", "Different on some days")


def week(**days: tuple[int, str]) -> dict[str, object]:
    return {"timezone": "Europe/Berlin"} | {
        day: {"charge_percentage": p, "charge_deadline": d} for day, (p, d) in days.items()
    }


COMMUTER = week(**dict.fromkeys(WEEKDAYS[:5], (80, "07:00")), **dict.fromkeys(WEEKDAYS[5:], (50, "10:00")))
OTHER_WEEK = week(**dict.fromkeys(WEEKDAYS, (60, "08:00")) | {"wed": (70, "05:30")})
SAME_WEEK = week(**dict.fromkeys(WEEKDAYS, (60, "08:00")))


@pytest.fixture(params=READINGS.values(), ids=READINGS.keys())
def reading(request, portal):
    portal.sandbox.reading(daily_deadline=request.param)
    return request.param == "rewrites_week"


def card(page: Page) -> Locator:
    return page.get_by_role("region", name="Charging plan")


def row_field(page: Page, label: str, days: str) -> Locator:
    return card(page).get_by_label(f"{label}, {days}", exact=True)


def start_in(portal, choice: str) -> None:
    """Alice's car in `choice`; the stored week differs from what each test then sets."""
    stored = {"No deadline": OTHER_WEEK, "Same every day": SAME_WEEK, "Different on some days": OTHER_WEEK}
    portal.sandbox.set_device(
        seed.ALICE_EV_ID,
        is_charge_policy_enabled=choice != "No deadline",
        charge_deadline_at="08:00",
        minimum_charge_limit=60,
        charge_policy=stored[choice],
    )
    portal.sandbox.clear_requests()


def set_commuter_week(page: Page) -> None:
    """From whatever rows there are: one row for the week, split at Saturday, weekdays and weekend typed."""
    plan = card(page)
    plan.get_by_label("Different on some days").check()
    while (rows := plan.locator(".day-row").count()) > 1:
        plan.get_by_role("button", name="Join with").first.click()
        expect(plan.locator(".day-row")).to_have_count(rows - 1)
    plan.locator("summary", has_text="Split").click()
    plan.get_by_role("button", name="New row from Saturday").click()
    expect(row_field(page, "Ready by", "Saturday to Sunday")).to_be_visible()
    # Type only once htmx has swapped in every answer it asked for, as a person sees the card settle.
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
    row_field(page, "Minimum charge (%)", "Monday to Friday").fill("80")
    row_field(page, "Ready by", "Monday to Friday").fill("07:00")
    row_field(page, "Minimum charge (%)", "Saturday to Sunday").fill("50")
    row_field(page, "Ready by", "Saturday to Sunday").fill("10:00")


def choose(page: Page, choice: str) -> None:
    plan = card(page)
    if choice == "Different on some days":
        set_commuter_week(page)
        return
    plan.get_by_label(choice).check()
    if choice == "Same every day":
        plan.get_by_label("Ready by", exact=True).fill("06:45")
        plan.get_by_label("Minimum charge (%)", exact=True).fill("90")


def expected_requests(start: str, goal: str, rewrites_week: bool) -> list[tuple[str, str, object]]:
    if goal == "No deadline":
        return [("PUT", EV, {"is_charge_policy_enabled": False})]
    if goal == "Different on some days":
        enable = [("PUT", EV, {"is_charge_policy_enabled": True})] if start == "No deadline" else []
        return [*enable, ("PUT", CHARGE_POLICY, COMMUTER)]
    daily = {"charge_deadline_at": "06:45", "minimum_charge_limit": 90}
    if start == "No deadline":
        daily = {"is_charge_policy_enabled": True} | daily
    requests = [("PUT", EV, daily)]
    if not rewrites_week:
        requests.append(("PUT", CHARGE_POLICY, week(**dict.fromkeys(WEEKDAYS, (90, "06:45")))))
    return requests


IN_FORCE = {
    "No deadline": "No deadline: Podero charges the car whenever electricity is cheapest.",
    "Same every day": "Every day at least 90 % by 06:45, Europe/Berlin",
    "Different on some days": COMMUTER_SENTENCE,
}
MOVES = [pair for pair in itertools.product(CHOICES, CHOICES) if pair[0] != pair[1]]


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no JavaScript"])
@pytest.mark.parametrize(("start", "goal"), MOVES, ids=[f"{a} to {b}" for a, b in MOVES])
def test_every_move_between_the_three_choices(portal, alice, alice_ev, reading, javascript, start, goal):
    start_in(portal, start)
    page = portal.logged_in_page(alice, javascript=javascript)
    page.goto(EV_PAGE)
    plan = card(page)
    expect(plan.get_by_label(start)).to_be_checked()

    choose(page, goal)
    plan.get_by_role("button", name="Save plan").click()

    expect(plan.get_by_text(f"Saved. Now in force: {IN_FORCE[goal]}")).to_be_visible()
    expect(plan.locator(".plan-now")).to_have_text(IN_FORCE[goal])
    expect(plan.get_by_label(goal)).to_be_checked()
    assert sent(portal.sandbox) == expected_requests(start, goal, reading)


def test_on_a_phone_the_commuter_week_from_no_deadline_takes_six_taps_and_two_values(
    portal, alice, alice_ev, reading, assert_accessible
):
    page = portal.logged_in_page(alice, viewport=PHONE)
    page.goto(EV_PAGE)
    plan = card(page)
    taps = typed = 0

    plan.get_by_label("Different on some days").check()
    taps += 1
    plan.locator("summary", has_text="Split").click()
    taps += 1
    plan.get_by_role("button", name="New row from Saturday").click()
    taps += 1
    expect(row_field(page, "Minimum charge (%)", "Saturday to Sunday")).to_be_focused()
    row_field(page, "Minimum charge (%)", "Saturday to Sunday").fill("50")
    taps, typed = taps + 1, typed + 1
    row_field(page, "Ready by", "Saturday to Sunday").fill("10:00")
    taps, typed = taps + 1, typed + 1

    editor = plan.locator(".choice:has(.day-editor)")
    editor.evaluate("element => element.scrollIntoView({block: 'start'})")
    box = editor.bounding_box()
    save = plan.get_by_role("button", name="Save plan").bounding_box()
    assert box is not None
    assert save is not None
    assert save["y"] + save["height"] - box["y"] <= PHONE["height"], (
        "the per-day editor and Save fit one screen"
    )
    assert box["y"] >= -1
    assert save["y"] + save["height"] <= PHONE["height"]
    assert_accessible(page)
    plan.get_by_role("button", name="Save plan").click()
    taps += 1

    expect(plan.locator(".plan-now")).to_have_text(COMMUTER_SENTENCE)
    assert sent(portal.sandbox) == [
        ("PUT", EV, {"is_charge_policy_enabled": True}),
        ("PUT", CHARGE_POLICY, COMMUTER),
    ]
    assert (taps, typed) == (6, 2)
    print(f"\ncommuter week from No deadline on a phone: {taps} taps, {typed} typed values")


def test_rows_can_be_split_and_joined_without_saving(page, portal, alice_ev):
    page.goto(EV_PAGE)
    plan = card(page)
    plan.get_by_label("Different on some days").check()
    plan.locator("summary", has_text="Split").click()
    plan.get_by_role("button", name="New row from Saturday").click()
    plan.locator("summary", has_text="Split").first.click()
    plan.get_by_role("button", name="New row from Wednesday").click()

    expect(plan.locator(".day-row-days")).to_have_text(["Mon–Tue", "Wed–Fri", "Sat–Sun"])
    plan.get_by_role("button", name="Join with Mon–Tue").click()
    expect(plan.locator(".day-row-days")).to_have_text(["Mon–Fri", "Sat–Sun"])
    assert sent(portal.sandbox) == []


def test_while_a_split_is_on_its_way_the_fields_cannot_be_typed_into_and_nothing_typed_is_lost(
    page, portal, alice_ev
):
    held = []  # the portal's answer, held back as a slow connection would
    page.route("**/charging-plan/", lambda route: held.append(route))
    page.goto(EV_PAGE)
    plan = card(page)
    plan.get_by_label("Different on some days").check()
    row_field(page, "Minimum charge (%)", "Monday to Sunday").fill("70")
    plan.locator("summary", has_text="Split").click()
    plan.get_by_role("button", name="New row from Saturday").click()
    while not held:
        page.wait_for_timeout(20)

    expect(row_field(page, "Minimum charge (%)", "Monday to Sunday")).to_be_disabled()
    expect(plan.get_by_label("Time zone")).to_be_disabled()
    held[0].continue_()
    weekdays = row_field(page, "Minimum charge (%)", "Monday to Friday")
    expect(weekdays).to_be_enabled()
    expect(weekdays).to_have_value("70")
    expect(row_field(page, "Minimum charge (%)", "Saturday to Sunday")).to_have_value("70")
    assert sent(portal.sandbox) == []


def test_from_per_day_targets_the_same_every_day_says_what_it_replaces_before_saving(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True, charge_policy=COMMUTER)
    page.goto(EV_PAGE)
    plan = card(page)
    warning = f"Saving replaces your targets for each day ({COMMUTER_SENTENCE}) with this one target."
    expect(plan.get_by_text(warning)).to_be_hidden()

    plan.get_by_label("Same every day").check()

    expect(plan.get_by_text(warning)).to_be_visible()
    plan.get_by_label("Ready by", exact=True).fill("06:45")
    plan.get_by_role("button", name="Save plan").click()
    expect(
        plan.get_by_text("Saved. Now in force: Every day at least 80 % by 06:45, Europe/Berlin")
    ).to_be_visible()


def test_an_empty_day_field_is_named_with_its_day_and_nothing_is_sent(page, portal, alice_ev):
    page.goto(EV_PAGE)
    plan = card(page)
    plan.get_by_label("Different on some days").check()
    plan.locator("summary", has_text="Split").click()
    plan.get_by_role("button", name="New row from Saturday").click()
    row_field(page, "Ready by", "Saturday to Sunday").fill("")
    row_field(page, "Minimum charge (%)", "Saturday to Sunday").fill("150")

    plan.get_by_role("button", name="Save plan").click()

    expect(plan.get_by_text("Choose a time for Saturday to Sunday.")).to_be_visible()
    expect(plan.get_by_text("Enter a whole number from 0 to 100 for Saturday to Sunday.")).to_be_visible()
    expect(row_field(page, "Minimum charge (%)", "Saturday to Sunday")).to_have_value("150")
    assert sent(portal.sandbox) == []


def test_a_limit_podero_names_is_shown_at_its_day_in_plain_words(page, portal, alice_ev):
    # No cap known to the portal (which would refuse 95 itself): Podero's 422 names the limit.
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True, charge_target_max=None)
    detail = [
        {
            "type": "less_than_equal",
            "loc": ["body", "payload", day, "charge_percentage"],
            "msg": "Input should be less than or equal to 90",
        }
        for day in ("sat", "sun")
    ]
    portal.sandbox.fault(method="PUT", path_contains="/charge-policy", status=422, body={"detail": detail})
    page.goto(EV_PAGE)
    set_commuter_week(page)
    row_field(page, "Minimum charge (%)", "Saturday to Sunday").fill("95")

    card(page).get_by_role("button", name="Save plan").click()

    row = card(page).locator(".day-row", has_text="Sat–Sun")
    expect(row.get_by_text("This car accepts at most 90 %.")).to_have_count(1)
    expect(card(page).get_by_text("Podero did not accept the plan, so nothing was changed.")).to_be_visible()
    expect(row_field(page, "Minimum charge (%)", "Saturday to Sunday")).to_have_value("95")
    body = page.content()
    assert "charge_percentage" not in body
    assert "less than or equal" not in body


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 200, "body": {"metadata": {"error": None}, "data": None}},
        {"status": 404},
        {"status": 200, "body": ["not", "a", "policy"]},
    ],
    ids=["null", "404", "odd shape"],
)
def test_a_charge_policy_podero_cannot_give_leaves_the_rest_of_the_page_working(
    page, portal, alice_ev, answer
):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    portal.sandbox.fault(method="GET", path_contains="/charge-policy", **answer)
    page.goto(EV_PAGE)
    plan = card(page)

    expect(plan.locator(".plan-now")).to_have_text("Every day at least 80 % by 07:00, Europe/Berlin")
    plan.get_by_label("Different on some days").check()
    expect(plan.get_by_text("No per-day targets yet: the same target applies every day.")).to_be_visible()
    expect(page.get_by_role("link", name="Charge now…")).to_be_visible()
    expect(page.get_by_role("region", name="Why is it (not) charging?")).to_be_visible()

    charge_now(page)
    expect(page.get_by_role("region", name="Charge now").locator(".status")).to_have_text(
        re.compile("Charging at full speed until|Charging is about to start")
    )
    assert sent(portal.sandbox) == [("POST", EV + "/boost", None)]
