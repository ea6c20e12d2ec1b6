"""The Charge now card's one sentence and one control, from what Podero reports and our own last request."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from preferences import podero
from preferences.charging.cards import Action, charge_now_status

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


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


def status(vehicle, armed=False, asked_at=None):
    return charge_now_status(vehicle, armed=armed, asked_at=asked_at, now=NOW)


def test_plugged_in_and_idle_offers_charge_now_and_says_what_it_does():
    result = status(car())

    assert result.action == Action.CHARGE
    assert result.sentence.startswith("The car is plugged in. Charge now starts charging straight away")


@pytest.mark.parametrize("state", [{"is_charging": True}, {"is_fully_charged": True}])
def test_a_charging_or_full_car_offers_no_button_on_fresh_data_but_does_on_stale_data(state):
    assert status(car(**state)).action is None
    stale = status(car(minutes_old=90, **state))
    assert stale.action == Action.CHARGE, "never held back on data older than the freshness limit"
    assert "has not reported for a while" in stale.sentence


def test_an_armed_charge_offers_one_control_to_not_start_when_plugged_in():
    result = status(car(is_plugged_in=False, boost_state="unavailable"), armed=True)

    assert result.action == Action.DISARM
    assert result.button == "Don't start when plugged in"
    assert result.sentence == "Charging at full speed will start as soon as the car is plugged in."


def test_a_running_charge_says_it_cannot_be_stopped_from_here():
    result = status(car(is_charging=True, boost_state="ongoing"))

    assert result.action is None
    assert "cannot be stopped from here" in result.sentence


def test_our_accepted_request_is_the_confirmation_until_the_car_reports_again():
    asked = NOW - timedelta(minutes=1)

    waiting = status(car(minutes_old=5), asked_at=asked)
    reported = status(car(minutes_old=0, is_charging=True), asked_at=asked)

    assert waiting.action is None
    assert waiting.sentence.startswith("You asked to charge now at")
    assert reported.sentence == "The car is charging."
