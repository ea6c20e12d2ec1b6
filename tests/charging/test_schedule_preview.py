"""The weekly schedule's next deadlines as dates, across daylight-saving changes and time zones."""

from datetime import UTC, datetime

from preferences import podero
from preferences.charging.preview import next_deadlines


def week(weekdays=(80, "07:00"), weekend=(50, "10:00"), timezone="Europe/Berlin", **days):
    targets = {}
    for day in podero.WEEKDAYS:
        percentage, deadline = days.get(day, weekdays if day in podero.WEEKDAYS[:5] else weekend)
        targets[day] = podero.DayTarget(charge_percentage=percentage, charge_deadline=deadline)
    return podero.WeeklyChargePolicy(timezone=timezone, days=targets)


def test_the_next_seven_deadlines_are_real_dates_in_the_schedules_zone():
    now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # a Tuesday, 09:00 in Berlin: today's 07:00 has passed

    deadlines = next_deadlines(week(), now=now)

    assert [d.day.isoformat() for d in deadlines] == [
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
        "2026-11-28",
        "2026-11-29",
        "2026-11-30",
        "2026-12-01",
    ]
    assert deadlines[0].moment.isoformat() == "2026-11-25T07:00:00+01:00"
    assert deadlines[3].percentage == 50
    assert deadlines[3].moment.isoformat() == "2026-11-28T10:00:00+01:00"


def test_a_deadline_inside_the_spring_forward_gap_is_flagged():
    # Europe/Berlin springs forward on Sunday 2027-03-28 from 02:00 to 03:00.
    now = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)

    [sunday, *_] = next_deadlines(week(sun=(50, "02:30")), now=now)

    assert sunday.day.isoformat() == "2027-03-28"
    assert "does not exist" in sunday.daylight_saving_note
    assert sunday.moment.astimezone(UTC).isoformat() == "2027-03-28T00:30:00+00:00"


def test_a_deadline_in_the_fall_back_hour_happens_twice_and_the_first_counts():
    # Europe/Berlin falls back on Sunday 2026-10-25 from 03:00 to 02:00.
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)

    [sunday, *_] = next_deadlines(week(sun=(50, "02:30")), now=now)

    assert "happens twice" in sunday.daylight_saving_note
    assert sunday.moment.isoformat() == "2026-10-25T02:30:00+02:00"
    assert sunday.moment.astimezone(UTC).isoformat() == "2026-10-25T00:30:00+00:00"


def test_an_ordinary_deadline_on_a_change_day_has_no_note():
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)

    [sunday, *_] = next_deadlines(week(), now=now)

    assert sunday.daylight_saving_note is None
    assert sunday.moment.isoformat() == "2026-10-25T10:00:00+01:00"


def test_a_viewer_in_another_zone_sees_what_the_deadline_means_there():
    now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

    [first, *_] = next_deadlines(week(), now=now, viewer_timezone="Europe/London")

    assert first.elsewhere.isoformat() == "2026-11-25T06:00:00+00:00"


def test_a_viewer_in_the_same_offset_gets_no_translation():
    now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

    [first, *_] = next_deadlines(week(), now=now, viewer_timezone="Europe/Paris")

    assert first.elsewhere is None


def test_zones_that_change_on_different_dates_differ_only_between_the_changes():
    # The US springs forward on 2027-03-14, Europe on 2027-03-28: for two weeks New York is 5 h behind, not 6.
    policy = week(timezone="Europe/Berlin")

    [between] = next_deadlines(
        policy, now=datetime(2027, 3, 16, 12, 0, tzinfo=UTC), viewer_timezone="America/New_York", count=1
    )
    [after] = next_deadlines(
        policy, now=datetime(2027, 3, 30, 12, 0, tzinfo=UTC), viewer_timezone="America/New_York", count=1
    )

    assert between.elsewhere.isoformat() == "2027-03-17T02:00:00-04:00"
    assert after.elsewhere.isoformat() == "2027-03-31T01:00:00-04:00"


def test_a_deadline_is_written_in_its_zone_with_the_zones_abbreviation_each_time():
    from zoneinfo import ZoneInfo

    from django.utils import translation

    from preferences.charging.preview import Deadline

    berlin = ZoneInfo("Europe/Berlin")
    # The two 02:30s of the fall-back night, and the same instant in a zone with the same offset.
    summer = datetime(2026, 10, 25, 0, 30, tzinfo=UTC).astimezone(berlin)
    winter = datetime(2026, 10, 25, 1, 30, tzinfo=UTC).astimezone(berlin)
    lagos = winter.astimezone(ZoneInfo("Africa/Lagos"))
    day = summer.date()

    with translation.override("en"):
        words = [Deadline(day, 50, "02:30", moment).when for moment in (summer, winter, lagos, summer)]
    with translation.override("de"):
        german = Deadline(day, 50, "02:30", winter).when

    assert words == [
        "Sunday, 25 October, 02:30 (CEST)",
        "Sunday, 25 October, 02:30 (CET)",
        "Sunday, 25 October, 02:30 (WAT)",
        "Sunday, 25 October, 02:30 (CEST)",
    ]
    assert german == "Sonntag, 25. Oktober, 02:30 (CET)"
