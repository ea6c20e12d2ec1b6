"""What smart optimization did: months, days and weeks in the homeowner's time zone, from the sandbox's numbers,
and kept in the shared cache so a busy page costs Podero no more calls."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from preferences import podero
from preferences.devices import overview
from preferences.insights import figures
from preferences.insights import reads as insight_reads

BERLIN = ZoneInfo("Europe/Berlin")


def podero_gets(sandbox, part):
    return [r for r in sandbox.requests() if r["method"] == "GET" and part in r["path"]]


def test_this_month_and_last_month_in_one_call_and_then_from_the_cache(sandbox, alice_heat_pump):
    now = timezone.now()

    summary = insight_reads.savings_summary(alice_heat_pump, now=now)
    again = insight_reads.savings_summary(alice_heat_pump, now=now)

    assert again == summary
    assert len(podero_gets(sandbox, "/savings")) == 1
    local = now.astimezone(BERLIN).date()
    assert summary.this_month.month == local.replace(day=1)
    assert summary.last_month.month == (local.replace(day=1) - timedelta(days=1)).replace(day=1)
    for month in (summary.this_month, summary.last_month):
        assert month.savings_eur > 0
        assert 0 < month.savings_percent < 60
        assert month.consumption_kwh > 0


def test_buckets_on_utc_calendar_months_count_in_the_homeowners_month():
    def period(start, end, savings, percent):
        return podero.SavingsPeriod(start, end, savings, percent, None)

    periods = [
        # Podero's reading "calendar months in UTC": a sliver of September 30 before October 1 in Berlin...
        period(datetime(2026, 9, 30, 22, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC), 0.10, 10.0),
        period(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), 9.90, 20.0),
    ]

    [october] = figures.group_by_month(periods, BERLIN).values()

    assert october.month.isoformat() == "2026-10-01"
    assert october.savings_eur == pytest.approx(10.0)
    # 10 € saved of (1 € + 49.5 €) it would have cost
    assert october.savings_percent == pytest.approx(10 / 50.5 * 100)


def test_the_month_total_adds_devices_up(sandbox, alice_heat_pump, alice_inverter, alice_ev):
    now = timezone.now()
    summaries = [
        insight_reads.savings_summary(device, now=now)
        for device in (alice_heat_pump, alice_inverter, alice_ev)
    ]

    total = figures.month_total(summaries)

    assert total.savings_eur == pytest.approx(sum(s.this_month.savings_eur for s in summaries))
    percents = [s.this_month.savings_percent for s in summaries]
    assert min(percents) < total.savings_percent < max(percents)


def test_no_known_savings_is_no_total():
    empty = figures.MonthSavings(date(2026, 11, 1), None, None, None)

    assert figures.month_total([figures.SavingsSummary(empty, empty)]) is None


def test_the_last_30_days_per_day_with_cost_and_price(sandbox, alice_heat_pump):
    history = insight_reads.last_30_days(alice_heat_pump, now=timezone.now())
    insight_reads.last_30_days(alice_heat_pump, now=timezone.now())
    days = history.days

    assert len(days) == 30
    assert len(podero_gets(sandbox, "/data")) == 1
    assert days == sorted(days, key=lambda day: day.day)
    assert days[-1].day == timezone.now().astimezone(BERLIN).date() - timedelta(days=1)
    assert sum(day.cost_eur for day in days) < sum(day.unoptimized_cost_eur for day in days)
    assert all(0 < day.average_price_eur_per_kwh < 0.3 for day in days)
    assert all(day.optimized_kwh > 5 for day in days)
    assert history.cost_eur < history.unoptimized_cost_eur


def test_an_average_day_shows_energy_moved_to_cheaper_hours(sandbox, alice_heat_pump):
    hours = insight_reads.last_30_days(alice_heat_pump, now=timezone.now()).hours

    assert [hour.hour for hour in hours] == list(range(24))

    def paid(field):
        return sum(getattr(hour, field) * hour.average_price_eur_per_kwh for hour in hours)

    assert paid("optimized_kwh") < paid("unoptimized_kwh")
    assert sum(h.optimized_kwh for h in hours) == pytest.approx(
        sum(h.unoptimized_kwh for h in hours), rel=0.03
    )


def test_sessions_paged_as_podero_pages_them_and_cached_per_page(sandbox, alice_ev):
    now = timezone.now()

    first = insight_reads.session_page(alice_ev, offset=0, now=now)
    second = insight_reads.session_page(alice_ev, offset=10, now=now)
    insight_reads.session_page(alice_ev, offset=10, now=now)

    assert len(podero_gets(sandbox, "/sessions")) == 2
    assert first.total == second.total > 20
    assert {s.id for s in first.items}.isdisjoint(s.id for s in second.items)


def test_charging_per_week_adds_up_the_sessions(sandbox, alice_ev):
    weeks = insight_reads.weekly_charging(alice_ev, now=timezone.now())

    assert len(weeks) == insight_reads.CHART_WEEKS
    assert [week.week.weekday() for week in weeks] == [0] * insight_reads.CHART_WEEKS
    assert sum(week.sessions for week in weeks) > 10
    assert all(week.cost_eur > 0 for week in weeks if week.sessions)


def test_the_current_session_is_kept_only_briefly(sandbox, alice_ev, settings):
    settings.PODERO_DEVICE_CACHE_SECONDS = 0

    assert insight_reads.current_session(alice_ev) is None
    sandbox.set_device(alice_ev.podero_id, is_charging=True, charge_rate_w=7400)

    assert insight_reads.current_session(alice_ev) is not None


def test_a_cache_entry_from_an_older_portal_is_a_miss(sandbox, alice_heat_pump, listable_cache):
    from django.core.cache import cache

    now = timezone.now()
    insight_reads.savings_summary(alice_heat_pump, now=now)
    [key] = [k for k in listable_cache if "savings" in k]
    cache.set(key.split(":", 2)[-1], {"value": {"periods": [{"unexpected": 1}]}})

    assert insight_reads.savings_summary(alice_heat_pump, now=now).this_month.savings_eur > 0
    assert len(podero_gets(sandbox, "/savings")) == 2


def test_prefetch_runs_reads_in_parallel_and_returns_errors(sandbox, alice_heat_pump, alice_ev):
    sandbox.fault(status=500, path_contains="/sessions")
    now = timezone.now()

    reads = overview.Prefetch(
        {
            "savings": lambda: insight_reads.savings_summary(alice_heat_pump, now=now),
            "sessions": lambda: insight_reads.session_page(alice_ev, offset=0, now=now),
        }
    )

    assert reads.result("savings").this_month.savings_eur > 0
    assert isinstance(reads.result("sessions"), podero.PoderoError)


def test_history_from_a_user_without_data_is_empty_not_an_error(sandbox, alice_heat_pump):
    later = timezone.now() - timedelta(days=400)

    assert insight_reads.last_30_days(alice_heat_pump, now=later) == figures.EnergyHistory(days=[], hours=[])


@pytest.mark.parametrize("units", ["nested", "underscored"])
def test_the_consumption_follows_podero_s_unit_under_any_key(sandbox, alice_heat_pump, units):
    now = timezone.now()
    as_named = insight_reads.savings_summary(alice_heat_pump, now=now).this_month.consumption_kwh
    sandbox.reading(savings_units=units)
    cache.clear()

    in_wh = insight_reads.savings_summary(alice_heat_pump, now=now).this_month.consumption_kwh

    assert in_wh == pytest.approx(as_named, abs=0.01)
