"""What smart optimization did, in the browser: the savings card and its chart, the car's charging history with
its paging, the month's total, a reconnect round trip through the sandbox's stand-in for the manufacturer, and a
pause for a while that the worker ends. In English and German, under the CSP, with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podero_sandbox import seed
from preferences.models import TimedPause
from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, INVERTER_PAGE
from tests.browser.layout import layout_problems
from tests.worker import run_worker

pytestmark = pytest.mark.browser

GERMAN = "de-DE"
BOB_HEAT_PUMP_PAGE = f"/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/"


def number(text: str, language: str) -> float:
    """A cell as the person reads it ("€1,234.50", "1.234,50 €", "12,3 kWh") back into a number."""
    digits = re.sub(r"[^\d,.\-−]", "", text).replace("−", "-")
    digits = digits.replace(".", "").replace(",", ".") if language == "de" else digits.replace(",", "")
    return float(digits)


def chart_and_table(page: Page, title: str) -> tuple[dict, list[list[str]]]:
    """The data Chart.js drew in the figure with this title, and the figure's table, row by row."""
    figure = page.locator("figure.chart").filter(has=page.locator("figcaption strong", has_text=title))
    canvas = figure.locator("canvas")
    expect(canvas).to_be_visible()
    drawn = canvas.evaluate(
        "canvas => { const chart = Chart.getChart(canvas);"
        " return {labels: chart.data.labels, series: chart.data.datasets.map(d => ({label: d.label, data: d.data}))}; }"
    )
    figure.locator("summary").click()
    rows = figure.locator("tbody tr")
    table = [rows.nth(index).locator("th, td").all_inner_texts() for index in range(rows.count())]
    headers = figure.locator("thead th").all_inner_texts()
    return drawn, [headers, *table]


def assert_chart_agrees_with_table(drawn: dict, table: list[list[str]], language: str) -> None:
    headers, *rows = table
    assert drawn["labels"] == [row[0] for row in rows]
    for series in drawn["series"]:
        column = headers.index(series["label"])
        for value, row in zip(series["data"], rows, strict=True):
            if value is None:  # no number yet (this week before its first session): a dash, not 0
                assert row[column] == "–", (series["label"], row)
                continue
            assert number(row[column], language) == pytest.approx(value, abs=0.051), (series["label"], row)


@pytest.mark.parametrize(
    ("language", "heading", "chart", "series", "euro"),
    [
        (
            "en-GB",
            "What smart optimization did",
            "An average day of the last 30 days",
            "With smart optimization",
            r"€\d+\.\d\d",
        ),
        (
            GERMAN,
            "Was die intelligente Optimierung gebracht hat",
            "Ein durchschnittlicher Tag der letzten 30 Tage",
            "Mit intelligenter Optimierung",
            r"\d+,\d\d\u00a0€",
        ),
    ],
)
def test_the_savings_card_with_its_chart_and_the_same_numbers_in_a_table(
    portal, alice, alice_heat_pump, axe, language, heading, chart, series, euro
):
    page = portal.logged_in_page(alice, locale=language)
    page.goto(HEAT_PUMP_PAGE)
    card = page.get_by_role("region", name=heading)

    expect(card).to_be_visible()
    months = card.locator(".month .amount")
    expect(months).to_have_count(2)
    assert all(re.fullmatch(euro, text) for text in months.all_inner_texts())
    drawn, table = chart_and_table(page, chart)
    assert len(table) == 25  # the header and 24 hours
    assert series in table[0]
    assert_chart_agrees_with_table(drawn, table, language[:2])
    assert layout_problems(page, axe, screens=("phone",)) == []


def test_without_javascript_the_numbers_are_a_table(portal, alice, alice_inverter):
    page = portal.logged_in_page(alice, javascript=False)
    page.goto(INVERTER_PAGE)
    # The card loads after the page with JavaScript; without, a link shows the page with the card in it.
    for loading in page.get_by_text("Loading…").all():
        expect(loading).to_be_hidden()
    page.get_by_role("link", name="Show this card").last.click()  # the savings card, after today and tomorrow

    figure = page.locator("figure.chart")
    expect(figure.locator(".chart-canvas")).to_be_hidden()
    expect(figure.locator("table")).to_be_visible()
    expect(figure.locator("tbody tr")).to_have_count(24)


@pytest.mark.parametrize(
    ("language", "older", "shown", "chart"),
    [
        ("en-GB", "Older sessions →", r"Sessions 11–20 of \d+, newest first\.", "Charging per week"),
        (
            GERMAN,
            "Ältere Ladevorgänge →",
            r"Ladevorgänge 11–20 von \d+, die neuesten zuerst\.",
            "Laden pro Woche",
        ),
    ],
)
def test_the_charging_history_pages_as_podero_pages_and_its_weekly_chart_agrees(
    portal, alice, alice_ev, axe, language, older, shown, chart
):
    page = portal.logged_in_page(alice, locale=language)
    page.goto(EV_PAGE)
    sessions = page.locator("li.session")
    expect(sessions).to_have_count(10)
    first_page = sessions.all_inner_texts()
    portal.sandbox.clear_requests()

    page.get_by_role("link", name=older).click()

    expect(page.get_by_text(re.compile(shown))).to_be_visible()
    expect(sessions).to_have_count(10)
    assert sessions.all_inner_texts() != first_page
    [asked] = [r for r in portal.sandbox.requests() if r["path"].endswith("/sessions")]
    assert "limit=10" in asked["query"]
    assert "offset=10" in asked["query"]
    assert page.url.endswith("?sessions=10#sessions-heading")  # a reload lands at the list too
    drawn, table = chart_and_table(page, chart)
    assert len(table) == 9  # the header and 8 weeks
    assert_chart_agrees_with_table(drawn, table, language[:2])
    assert layout_problems(page, axe, screens=("phone",)) == []


def test_the_current_session_is_in_words(portal, alice, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charging=True, charge_rate_w=7400)
    page = portal.logged_in_page(alice)

    page.goto(EV_PAGE)

    expect(page.locator(".current-session")).to_contain_text("Charging since")


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "en-GB",
            r"This month smart optimization has saved you €\d+\.\d\d so far, \d+% less than without it\.",
        ),
        (
            GERMAN,
            r"Diesen Monat hat Ihnen die intelligente Optimierung bisher \d+,\d\d\u00a0€ gespart, "
            r"\d+\u00a0% weniger als ohne sie\.",
        ),
    ],
)
def test_my_devices_says_the_months_total(
    portal, alice, alice_heat_pump, alice_ev, alice_inverter, language, sentence
):
    page = portal.logged_in_page(alice, locale=language)

    page.goto("/")

    expect(page.locator(".month-total")).to_have_text(re.compile(sentence))


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no javascript"])
def test_reconnect_round_trip_through_the_manufacturers_page(portal, bob, bob_heat_pump, javascript):
    page = portal.logged_in_page(bob, javascript=javascript)
    page.goto(BOB_HEAT_PUMP_PAGE)
    expect(page.get_by_text("The connection to the manufacturer has lapsed")).to_be_visible()

    page.get_by_role("button", name="Reconnect").click()
    if not javascript:
        page.get_by_role("link", name="Continue to the manufacturer").click()

    expect(page.get_by_role("heading", name="Reconnect your device")).to_be_visible()
    assert page.url.startswith(portal.sandbox.url)
    page.get_by_role("button", name="Connect").click()

    expect(page.get_by_text("Vaillant aroTHERM plus is connected again.")).to_be_visible()
    assert page.url.startswith(portal.url)
    page.get_by_role("link", name="Back to Vaillant aroTHERM plus").click()
    expect(page.get_by_text("The connection to the manufacturer has lapsed")).to_have_count(0)
    expect(page.get_by_role("button", name="Reconnect")).to_have_count(0)


def test_cancelling_at_the_manufacturer_says_nothing_changed(portal, bob, bob_heat_pump):
    page = portal.logged_in_page(bob, locale=GERMAN)
    page.goto(BOB_HEAT_PUMP_PAGE)

    page.get_by_role("button", name="Neu verbinden").click()
    page.get_by_role("button", name="Cancel").click()

    expect(page.get_by_text("Sie haben beim Hersteller abgebrochen")).to_be_visible()
    expect(page.get_by_role("button", name="Neu verbinden")).to_be_visible()


def test_a_pause_for_three_hours_is_ended_by_the_worker(portal, alice, alice_heat_pump):
    page = portal.logged_in_page(alice)
    page.goto(HEAT_PUMP_PAGE)

    page.get_by_role("button", name="For 3 hours").click()

    expect(
        page.get_by_text(re.compile(r"Smart optimization is paused until .+\. It switches back on"))
    ).to_have_count(1)  # said once, beside its Resume now (issue 24: it was said twice)
    expect(page.get_by_role("switch", name="Smart optimization")).to_have_attribute("aria-checked", "false")
    assert portal.sandbox.device(seed.ALICE_HEAT_PUMP_ID)["is_smart_optimization_active"] is False
    pause = TimedPause.objects.get()
    assert pause.ends_at - timezone.now() > timedelta(hours=2, minutes=59)

    TimedPause.objects.filter(pk=pause.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    page.reload()

    expect(page.get_by_role("switch", name="Smart optimization")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("The portal resumed smart optimization")).to_be_visible()
    expect(page.get_by_text("Resumed automatically at the end of a timed pause")).to_be_visible()
    expect(page.get_by_role("button", name="For 3 hours")).to_be_visible()


def test_resume_now_ends_a_pause_until_i_resume(portal, alice, alice_inverter):
    page = portal.logged_in_page(alice, locale=GERMAN)
    page.goto(INVERTER_PAGE)

    page.get_by_role("button", name="Bis ich sie wieder einschalte").click()
    expect(
        page.get_by_text("Die intelligente Optimierung ist pausiert, bis Sie sie wieder einschalten.")
    ).to_have_count(1)
    page.get_by_role("button", name="Jetzt wieder einschalten").click()

    expect(page.get_by_role("switch", name="Intelligente Optimierung")).to_have_attribute(
        "aria-checked", "true"
    )
    assert portal.sandbox.device(seed.ALICE_INVERTER_ID)["is_smart_optimization_active"] is True


CARDS = [
    pytest.param("savings-card", HEAT_PUMP_PAGE, "#savings", "en-GB", id="savings card"),
    pytest.param("savings-card-de", HEAT_PUMP_PAGE, "#savings", GERMAN, id="savings card, German"),
    pytest.param("charging-history", EV_PAGE, "#history", "en-GB", id="charging history"),
    pytest.param("pause-for-a-while", INVERTER_PAGE, "section:has(#optimization)", "en-GB", id="pause"),
]


@pytest.mark.parametrize(("name", "url", "selector", "language"), CARDS)
def test_the_new_cards_fit_a_phone(
    portal, alice, alice_heat_pump, alice_ev, alice_inverter, name, url, selector, language
):
    """With UPDATE_SCREENSHOTS=1, each card is also photographed into docs/screenshots/ (shown in README.md)."""
    import os
    from pathlib import Path

    page = portal.logged_in_page(alice, locale=language)
    page.goto(url)
    card = page.locator(selector)
    expect(card.locator("canvas, button").first).to_be_visible()

    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        page.wait_for_timeout(400)  # the charts' short animation
        card.screenshot(path=folder / f"{name}-phone.png", caret="hide")


def test_the_reconnect_button_fits_a_phone(portal, bob, bob_heat_pump):
    import os
    from pathlib import Path

    page = portal.logged_in_page(bob)
    page.goto(BOB_HEAT_PUMP_PAGE)
    card = page.locator("#state")
    expect(card.get_by_role("button", name="Reconnect")).to_be_visible()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        card.screenshot(path=folder / "reconnect-phone.png", caret="hide")


def test_the_switch_ends_a_pause_for_a_while_and_its_controls_follow(portal, alice, alice_heat_pump):
    page = portal.logged_in_page(alice)
    page.goto(HEAT_PUMP_PAGE)
    page.get_by_role("button", name="For 3 hours").click()
    expect(page.locator(".pause-state")).to_be_visible()

    page.get_by_role("switch", name="Smart optimization").click()

    expect(page.get_by_role("switch", name="Smart optimization")).to_have_attribute("aria-checked", "true")
    expect(page.locator(".pause-state")).to_have_count(0)
    expect(page.get_by_role("button", name="For 3 hours")).to_be_visible()
    assert TimedPause.objects.get().status == TimedPause.Status.RESUMED

    page.get_by_role("switch", name="Smart optimization").click()

    expect(page.get_by_role("switch", name="Smart optimization")).to_have_attribute("aria-checked", "false")
    expect(page.get_by_role("button", name="For 3 hours")).to_have_count(0)


def test_undo_after_the_switch_pauses_again_until_the_pause_was_due(portal, alice, alice_heat_pump, axe):
    """In German: a 3-hour pause, the switch back on by mistake, Undo: paused again, saying until when. With
    UPDATE_SCREENSHOTS=1 the card is photographed into docs/screenshots/ (README.md)."""
    import os

    page = portal.logged_in_page(alice, locale=GERMAN)
    page.goto(HEAT_PUMP_PAGE)
    page.get_by_role("button", name="Für 3 Stunden").click()
    until = page.locator(".pause-state").inner_text()
    page.get_by_role("switch", name="Intelligente Optimierung").click()
    expect(page.locator(".pause-state")).to_have_count(0)

    page.get_by_role("button", name="Rückgängig machen").click()

    expect(page.get_by_role("switch", name="Intelligente Optimierung")).to_have_attribute(
        "aria-checked", "false"
    )
    expect(page.locator(".pause-state")).to_have_text(until)
    expect(page.get_by_role("button", name="Jetzt wieder einschalten")).to_be_visible()
    assert TimedPause.objects.get().status == TimedPause.Status.ACTIVE
    assert layout_problems(page, axe, screens=("phone",)) == []
    if os.environ.get("UPDATE_SCREENSHOTS"):
        from pathlib import Path

        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        page.locator("section:has(#optimization)").screenshot(
            path=folder / "undo-timed-pause-de-phone.png", caret="hide"
        )
