"""The EV's "why is it (not) charging?" checklist, from what Podero reports."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from django.utils import translation

from preferences import podero
from preferences.charging.checklist import charging_checklist

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


def vehicle(**fields):
    values = {
        "id": uuid4(),
        "is_smart_optimization_active": True,
        "is_authenticated": True,
        "connection_status": "ok",
        "is_plugged_in": True,
        "is_charging": False,
        "battery_level": 54,
        "driving_range": 230,
        "is_fully_charged": False,
        "boost_state": "available",
        "current_state_last_updated_at": NOW - timedelta(minutes=12),
    }
    return podero.ElectricVehicle(**(values | fields))


def texts(lines):
    return [line.text for line in lines]


def test_a_plugged_in_idle_car_is_waiting_for_cheaper_hours():
    lines = texts(charging_checklist(vehicle(), now=NOW))

    assert "The car is plugged in." in lines
    assert any("waiting for cheaper hours" in line for line in lines)
    assert "The battery is at 54 %. That is about 230 km of range." in lines
    assert "The car reported this 12\xa0minutes ago." in lines


def test_an_unplugged_car_says_charging_needs_the_plug_first():
    lines = charging_checklist(vehicle(is_plugged_in=False), now=NOW)

    plug = lines[1]
    assert plug.status == "warn"
    assert "not plugged in" in plug.text


def test_a_lost_connection_comes_first():
    lines = charging_checklist(vehicle(is_authenticated=False), now=NOW)

    assert lines[0].status == "warn"
    assert "reconnected" in lines[0].text


def test_charging_says_at_what_power():
    lines = texts(charging_checklist(vehicle(is_charging=True, charge_rate_w=7400), now=NOW))

    assert "It is charging at 7.4 kW." in lines


def test_the_deadline_is_named_by_its_podero_meaning():
    car = vehicle(is_charge_policy_enabled=True, charge_deadline_at="07:00", minimum_charge_limit=80)

    lines = texts(charging_checklist(car, now=NOW))

    assert (
        "A charging plan with a deadline is on: Podero makes sure the car is charged in time, see below."
        in lines
    )


def test_old_data_is_flagged_as_possibly_out_of_date():
    lines = charging_checklist(vehicle(current_state_last_updated_at=NOW - timedelta(hours=3)), now=NOW)

    assert lines[-1].status == "warn"
    assert "reported this 3\xa0hours ago and not since" in lines[-1].text


def test_it_tells_to_press_charge_now_only_when_podero_offers_it():
    """The card above shows the button whenever boost_state is available; the list never tells to press one
    that is not there."""
    offered = texts(charging_checklist(vehicle(), now=NOW))
    not_offered = texts(charging_checklist(vehicle(boost_state="unavailable"), now=NOW))

    assert any("Press Charge now" in line for line in offered)
    assert "It is not charging yet: Podero is waiting for cheaper hours." in not_offered
    assert not any("Press Charge now" in line for line in not_offered)


def freshness(minutes_ago: float, language: str) -> str:
    with translation.override(language):
        reported = vehicle(current_state_last_updated_at=NOW - timedelta(minutes=minutes_ago))
        return charging_checklist(reported, now=NOW)[-1].text


def test_a_report_within_the_minute_is_just_now_never_zero_minutes_ago():
    assert freshness(0.5, "en") == "The car reported this just now."
    assert freshness(0.5, "de") == "Das Auto hat dies gerade eben gemeldet."
    assert freshness(1, "en") == "The car reported this 1\xa0minute ago."
    assert freshness(12, "de") == "Das Auto hat dies vor 12\xa0Minuten gemeldet."


def test_an_old_report_says_when_in_the_same_words_declined_after_vor():
    assert freshness(3 * 24 * 60, "en") == (
        "The car last reported this 3\xa0days ago and not since, so it may have changed."
    )
    assert freshness(3 * 24 * 60, "de") == (
        "Das Auto hat dies zuletzt vor 3\xa0Tagen gemeldet und seitdem nichts mehr, es kann sich also geändert haben."
    )
