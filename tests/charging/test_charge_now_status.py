"""The Charge now card's one sentence and one control, from what Podero reports and our own last request."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from preferences import podero
from preferences.charging.charge_now_card import Action, Asked, charge_now_status

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def car(*, minutes_old=2, **state):
    fields = {
        "is_plugged_in": True,
        "is_charging": False,
        "is_fully_charged": False,
        "boost_state": "available",
    }
    return podero.ElectricVehicle(
        id=uuid.uuid4(),
        is_smart_optimization_active=True,
        is_authenticated=True,
        current_state_last_updated_at=NOW - timedelta(minutes=minutes_old),
        **(fields | state),
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def status(vehicle, armed=False, asked_at=None, by=None, zone=BERLIN):
    if armed and asked_at is None:
        asked_at = NOW - timedelta(hours=1)
    asked = Asked(at=asked_at, armed=armed, by=by) if asked_at is not None else None
    return charge_now_status(vehicle, asked=asked, now=NOW, zone=zone)


def test_plugged_in_and_idle_offers_charge_now_and_says_what_it_does():
    result = status(car())

    assert result.action == Action.CHARGE
    assert result.sentence.startswith("The car is plugged in. Charge now starts charging straight away")


@pytest.mark.parametrize(
    "state",
    [
        {"is_charging": True, "boost_state": "unavailable"},
        {"is_fully_charged": True, "boost_state": "unavailable"},
    ],
)
def test_a_charging_or_full_car_offers_no_button_on_fresh_data_but_does_on_stale_data(state):
    assert status(car(**state)).action is None
    stale = status(car(minutes_old=90, **state))
    assert stale.action == Action.CHARGE, "never held back on data older than the freshness limit"
    assert "has not reported for a while" in stale.sentence


def test_an_armed_charge_offers_one_control_to_not_start_when_plugged_in():
    result = status(car(is_plugged_in=False, boost_state="unavailable", minutes_old=90), armed=True)

    assert result.action == Action.DISARM
    assert result.button == "Don't start when plugged in"
    assert result.sentence == "Charging at full speed will start as soon as the car is plugged in."


def test_a_running_charge_says_it_cannot_be_stopped_from_here():
    result = status(car(is_charging=True, boost_state="ongoing"))

    assert result.action is None
    assert "cannot be stopped from here" in result.sentence


def test_our_accepted_request_is_the_confirmation_until_the_car_reports_again():
    asked = NOW - timedelta(minutes=1)

    waiting = status(car(minutes_old=5, boost_state="unavailable"), asked_at=asked)
    reported = status(car(minutes_old=0, is_charging=True, boost_state="unavailable"), asked_at=asked)

    assert waiting.action is None
    assert waiting.sentence.startswith("You asked to charge now at")
    assert reported.sentence == "The car is charging."


ASKED = NOW - timedelta(minutes=2)


def test_the_time_asked_is_in_the_homeowners_time_zone():
    waiting = status(car(minutes_old=5, boost_state="unavailable"), asked_at=ASKED)
    in_lisbon = status(
        car(minutes_old=5, boost_state="unavailable"), asked_at=ASKED, zone=ZoneInfo("Europe/Lisbon")
    )

    assert waiting.sentence.startswith("You asked to charge now at 09:58.")  # 08:58 UTC in Berlin
    assert in_lisbon.sentence.startswith("You asked to charge now at 08:58.")


def test_podero_offering_charge_now_shows_the_button_whatever_we_asked():
    """boost_state back at available: the boost ended or never started, so the car is not about to charge."""
    result = status(car(minutes_old=5, boost_state="available"), asked_at=ASKED)

    assert result.action == Action.CHARGE
    assert "You asked" not in result.sentence
    assert result.sentence.startswith("The car is plugged in. Charge now starts charging straight away")


def test_an_unplugged_car_is_never_said_to_be_about_to_charge():
    result = status(car(minutes_old=5, is_plugged_in=False, boost_state="unavailable"), asked_at=ASKED)

    assert result.action == Action.CHARGE
    assert "You asked" not in result.sentence
    assert result.sentence.startswith("The car is unplugged.")


def test_our_request_is_no_hint_once_the_car_has_reported_after_it():
    result = status(car(minutes_old=1, boost_state="unavailable"), asked_at=ASKED)

    assert "You asked" not in result.sentence
    assert result.action == Action.CHARGE


def test_our_request_is_no_hint_after_fifteen_minutes():
    result = status(car(minutes_old=30, boost_state="unavailable"), asked_at=NOW - timedelta(minutes=16))

    assert "You asked" not in result.sentence
    assert result.action == Action.CHARGE


@pytest.mark.parametrize(
    ("by", "start"),
    [
        ("The homeowner", "The homeowner asked to charge now at 09:58."),
        ("Maria from customer service", "Maria from customer service asked to charge now at 09:58."),
    ],
)
def test_who_asked_is_said_when_it_was_not_the_viewer(by, start):
    result = status(car(minutes_old=5, boost_state="unavailable"), asked_at=ASKED, by=by)

    assert result.sentence.startswith(start)


def test_an_armed_start_is_used_up_once_the_car_reports_after_it():
    """Plugged in (Podero fires the boost, clears its flag) and unplugged again: the car reported since."""
    armed_at = NOW - timedelta(minutes=40)
    unplugged_again = car(minutes_old=5, is_plugged_in=False, boost_state="unavailable")
    plugged_in = car(minutes_old=5, boost_state="available")

    assert status(unplugged_again, armed=True, asked_at=armed_at).action == Action.CHARGE
    assert "will start as soon as" not in status(unplugged_again, armed=True, asked_at=armed_at).sentence
    assert status(plugged_in, armed=True, asked_at=armed_at).action == Action.CHARGE


def test_an_armed_start_holds_while_the_car_has_not_reported_since():
    armed_at = NOW - timedelta(minutes=3)
    result = status(
        car(minutes_old=5, is_plugged_in=False, boost_state="unavailable"), armed=True, asked_at=armed_at
    )

    assert result.action == Action.DISARM


def test_the_waiting_sentence_in_german():
    with translation.override("de"):
        mine = status(car(minutes_old=5, boost_state="unavailable"), asked_at=ASKED)
        theirs = status(
            car(minutes_old=5, boost_state="unavailable"), asked_at=ASKED, by="Maria vom Kundenservice"
        )

    assert mine.sentence.startswith("Sie haben um 09:58 Uhr „Jetzt laden“ gewählt.")
    assert theirs.sentence.startswith("Maria vom Kundenservice hat um 09:58 Uhr „Jetzt laden“ gewählt.")
