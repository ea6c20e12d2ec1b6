"""The current week of the charging chart is not over: it is labelled "so far", and without a session yet it has
no numbers rather than €0."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from preferences.insights import figures
from preferences.insights.sessions import weekly_chart

BERLIN = ZoneInfo("Europe/Berlin")


def test_this_week_is_marked_so_far_and_without_a_session_is_not_drawn_as_zero():
    today = date(2026, 12, 9)  # a Wednesday
    this_week = today - timedelta(days=today.weekday())

    weeks = figures.group_by_week([], BERLIN, this_week - timedelta(weeks=7), 8, today=today)
    chart = weekly_chart(weeks, device_id=1)

    assert [week.partial for week in weeks] == [False] * 7 + [True]
    assert chart.labels[-1] == "7 December (so far)"
    assert chart.labels[-2] == "30 November"
    assert [series.values[-1] for series in chart.series] == [None, None, None]
    assert chart.rows[-1][1:] == ["–", "–", "–"]
    assert chart.rows[-2][1:] == ["0.0\u00a0kWh", "€0.00", "€0.00"]
