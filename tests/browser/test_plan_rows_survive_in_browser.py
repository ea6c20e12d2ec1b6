"""Per-day rows typed in the charging plan survive a change of mind: switching to "Same every day" and back, and a
save refused for an empty field, with htmx and without JavaScript. Only the chosen choice's fields are shown
(CSS), the others stay in the form, and the server renders what was posted again."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import EV_PAGE, sent
from tests.browser.test_charge_plan_in_browser import (
    CHARGE_POLICY,
    COMMUTER,
    EV,
    card,
    row_field,
    set_commuter_week,
)

pytestmark = pytest.mark.browser

TYPED = {
    ("Minimum charge (%)", "Monday to Friday"): "80",
    ("Ready by", "Monday to Friday"): "07:00",
    ("Minimum charge (%)", "Saturday to Sunday"): "50",
    ("Ready by", "Saturday to Sunday"): "10:00",
}


def expect_rows_as_typed(page: Page) -> None:
    plan = card(page)
    expect(plan.locator(".day-row-days")).to_have_text(["Mon–Fri", "Sat–Sun"])
    for (label, days), value in TYPED.items():
        expect(row_field(page, label, days)).to_have_value(value)


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no JavaScript"])
def test_typed_rows_survive_switching_to_one_deadline_and_back_and_a_refused_save(
    portal, alice, alice_ev, javascript
):
    page = portal.logged_in_page(alice, javascript=javascript)
    page.goto(EV_PAGE)
    plan = card(page)
    set_commuter_week(page)  # a split (a round trip to the server), then four values typed

    plan.get_by_label("Same every day").check()
    plan.get_by_label("Different on some days").check()
    expect_rows_as_typed(page)

    plan.get_by_label("Same every day").check()
    plan.get_by_label("Minimum charge (%)", exact=True).fill("")
    plan.get_by_role("button", name="Save plan").click()
    expect(plan.get_by_text("Choose the minimum charge.").first).to_be_visible()
    expect(plan.get_by_label("Same every day")).to_be_checked()
    assert sent(portal.sandbox) == []

    plan.get_by_label("Different on some days").check()
    expect_rows_as_typed(page)
    plan.get_by_role("button", name="Save plan").click()

    expect(plan.locator(".plan-now")).to_have_text(
        "Weekdays at least 80 % by 07:00, weekends 50 % by 10:00, Europe/Berlin"
    )
    assert sent(portal.sandbox) == [
        ("PUT", EV, {"is_charge_policy_enabled": True}),
        ("PUT", CHARGE_POLICY, COMMUTER),
    ]


def test_typed_rows_survive_setting_a_trip_target_beside_them(portal, alice, alice_ev):
    """The trip's answer replaces the whole card: it is sent the plan form as typed (htmx), and keeps it."""
    page = portal.logged_in_page(alice)
    page.goto(EV_PAGE)
    plan = card(page)
    set_commuter_week(page)

    plan.get_by_text("Just for the next trip").click()
    plan.get_by_label("Charge for the trip (%)").fill("100")
    plan.get_by_label("Ready for the trip by").fill("23:59")
    plan.get_by_role("button", name="Set for this trip").click()

    expect(plan.get_by_text("Saved just for this trip.")).to_be_visible()
    expect(plan.get_by_label("Different on some days")).to_be_checked()
    expect_rows_as_typed(page)
    assert CHARGE_POLICY in [path for _method, path, _body in sent(portal.sandbox)]
