"""What the wallbox's Charge now card says and offers, from what Podero reports: its boost state decides; without
one (the docs do not promise it for a wallbox), our own accepted request offers Stop until the wallbox reports."""

import uuid
from datetime import UTC, datetime, timedelta

from preferences.podero.wallboxes import Wallbox
from preferences.wallboxes.cards import Action, Asked, charge_now_card, confirm_sentences

NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


def wallbox(**fields) -> Wallbox:
    defaults = {
        "id": uuid.uuid4(),
        "is_smart_optimization_active": True,
        "is_authenticated": True,
        "current_state_last_updated_at": NOW - timedelta(minutes=5),
    }
    return Wallbox(**(defaults | fields))


def test_a_boost_podero_is_starting_offers_stop_and_asks_again_soon():
    card = charge_now_card(wallbox(is_plugged_in=True, boost_state="requested"), asked=None, now=NOW)

    assert (card.action, card.polling, card.button) == (Action.STOP, True, "Stop charging at full power")


def test_without_a_boost_state_our_own_request_offers_stop_until_the_wallbox_reports():
    asked = Asked(at=NOW - timedelta(minutes=1), armed=False)

    unheard = charge_now_card(wallbox(is_plugged_in=True, is_charging=False), asked=asked, now=NOW)
    reported = charge_now_card(
        wallbox(is_plugged_in=True, is_charging=False, current_state_last_updated_at=NOW),
        asked=asked,
        now=NOW,
    )

    assert unheard.action == Action.STOP
    assert "has not reported since" in unheard.sentence
    assert reported.action == Action.CHARGE


def test_a_wallbox_charging_on_its_own_offers_nothing_but_podero_offering_a_boost_wins():
    charging = charge_now_card(wallbox(is_plugged_in=True, is_charging=True), asked=None, now=NOW)
    offered = charge_now_card(
        wallbox(is_plugged_in=True, is_charging=True, boost_state="available"), asked=None, now=NOW
    )

    assert (charging.action, charging.sentence) == (None, "The wallbox is charging the car.")
    assert offered.action == Action.CHARGE


def test_an_unknown_plug_still_offers_charge_now():
    card = charge_now_card(wallbox(), asked=None, now=NOW)

    assert card.action == Action.CHARGE
    assert card.sentence.startswith("Podero does not say whether a car is plugged in.")


def test_its_confirmation_says_full_power_whatever_the_price_and_that_stop_ends_it_whatever_the_plug():
    plugged, unplugged, unknown = (
        confirm_sentences(wallbox(is_plugged_in=plug)) for plug in (True, False, None)
    )

    assert "straight away at full power, whatever the price" in plugged[0]
    assert unplugged[0].startswith("Charge now waits for a car")
    assert "straight away if a car is plugged in, or as soon as one is" in unknown[0]
    assert {sentences[-1] for sentences in (plugged, unplugged, unknown)} == {
        "You can stop it here at any time: Podero then charges in the cheapest hours or with your solar power again."
    }
