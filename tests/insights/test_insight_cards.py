"""The savings and charging history cards in words and numbers, each language its own way, and every chart's
data the same numbers as its table."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from preferences import podero
from preferences.insights import cards as insight_cards
from preferences.insights import charts, figures
from preferences.insights import sessions as insight_sessions

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("language", "value", "written"),
    [
        ("en", 1.234, "€1.23"),
        ("de", 1.234, "1,23\u00a0€"),
        ("en", 1234.5, "€1,234.50"),
        ("de", 1234.5, "1.234,50\u00a0€"),
        ("de", -0.5, "−0,50\u00a0€"),
    ],
)
def test_money_as_each_language_writes_it(language, value, written):
    with translation.override(language):
        assert charts.money(value) == written


@pytest.mark.parametrize(
    ("language", "value", "written"),
    [("en", 12.46, "12%"), ("de", 12.46, "12\u00a0%"), ("de", 4.25, "4,2\u00a0%")],
)
def test_percent_as_each_language_writes_it(language, value, written):
    with translation.override(language):
        assert charts.percent(value) == written


def history():
    days = [figures.DayEnergy(date(2026, 11, 1), 30.0, 30.5, 3.0, 3.6, 0.1)]
    hours = [figures.HourOfDay(hour, 1.0 + hour / 10, 1.2, 0.08 + hour / 1000) for hour in range(24)]
    return figures.EnergyHistory(days=days, hours=hours)


def summary():
    return figures.SavingsSummary(
        this_month=figures.MonthSavings(date(2026, 11, 1), 12.59, 16.04, 917.3),
        last_month=figures.MonthSavings(date(2026, 10, 1), 12.22, 14.5, 861.3),
    )


def test_the_savings_card_in_german():
    with translation.override("de"):
        card = insight_cards.savings_card(summary(), history(), device_id="x")

    assert [month.name for month in card.months] == ["November 2026", "Oktober 2026"]
    assert card.months[0].savings == "12,59\u00a0€"
    assert "16\u00a0%" in card.months[0].sentence
    assert "3,60\u00a0€" in card.summary


def test_every_chart_series_is_a_column_of_its_table():
    with translation.override("en"):
        chart = insight_cards.savings_card(summary(), history(), device_id="x").chart
        spec = chart.spec()

    assert len(chart.rows) == len(spec["labels"]) == 24
    for column, series in enumerate(spec["series"], start=1):
        formatted = [charts.FORMATS[series["unit"]](value) for value in series["values"]]
        assert formatted == [row[column] for row in chart.rows]
    assert chart.rows[7][0] == "07:00"


def test_a_part_podero_could_not_give_says_so_and_the_rest_shows():
    card = insight_cards.savings_card(podero.PoderoUnavailable("down"), history(), device_id="x")

    assert card.months == []
    assert card.problem == "We couldn't load your savings right now. Please try again later."
    assert card.chart is not None


def session(**fields):
    values = {
        "id": "s1",
        "plug_in": datetime(2026, 11, 24, 17, 45, tzinfo=UTC),
        "unplug": datetime(2026, 11, 25, 6, 20, tzinfo=UTC),
        "charge_deadline": None,
        "energy_kwh": 24.18,
        "cost_eur": 3.26,
        "savings_eur": 1.1,
        "expected_savings_eur": 1.2,
        "is_at_home": True,
        "outcome": None,
        "initial_soc": 47,
        "final_soc": 80,
        "target_soc": 80,
        "average_power_kw": 10.7,
    }
    return podero.ChargingSession(**(values | fields))


def test_a_session_in_words():
    with translation.override("en"):
        home = insight_sessions.session_line(session(), BERLIN)
        away = insight_sessions.session_line(session(is_at_home=False, savings_eur=0.0), BERLIN)

    assert home.sentence == "Tuesday 24 November 2026, 18:45: charged 24.2\u00a0kWh at home."
    assert home.money == "It cost €3.26. Smart charging saved €1.10."
    assert away.sentence.endswith("away from home.")
    assert away.money == "It cost €3.26. Smart charging only works at home."


def test_session_paging_follows_podero_s_offsets():
    def page(offset, count, total):
        return podero.SessionPage(total=total, items=(session(),) * count, offset=offset, limit=10)

    first = insight_sessions.session_paging(page(0, 10, 25))
    middle = insight_sessions.session_paging(page(10, 10, 25))
    last = insight_sessions.session_paging(page(20, 5, 25))

    assert (first.newer_offset, first.older_offset) == (None, 10)
    assert (middle.newer_offset, middle.older_offset) == (0, 20)
    assert (last.newer_offset, last.older_offset) == (10, None)
    assert last.shown == "Sessions 21–25 of 25, newest first."


def test_the_month_total_names_what_is_missing():
    total = figures.MonthSavings(date(2026, 11, 1), 20.5, 18.0, None)

    with translation.override("en"):
        sentence = insight_cards.month_total_sentence(total, missing=["Nibe S-Series"])

    assert sentence == (
        "This month smart optimization has saved you €20.50 so far, 18% less than without it. "
        "Not counted, as we couldn't load it: Nibe S-Series."
    )
