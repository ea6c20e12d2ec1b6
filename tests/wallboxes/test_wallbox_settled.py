"""No audit row stays pending, for the wallbox's own writes too: a Charge now whose answer never came is settled by
what Podero shows of the boost (reconcile.py); a Stop, which may only have disarmed, cannot be told and says so."""

import pytest
from django.utils import timezone

from preferences.audit import reconcile
from preferences.models import Change
from preferences.podero import wallboxes
from preferences.wallboxes import actions
from tests.audit.test_reconcile import cut_off
from tests.wallboxes.conftest import wallbox_control


def boost_call(wallbox, start=True):
    make = wallboxes.start_boost if start else wallboxes.stop_boost
    return make(user_id=wallbox.homeowner.podero_user_id, wallbox_id=wallbox.podero_id)


@pytest.mark.parametrize(
    ("sent", "outcome"), [(True, Change.Outcome.APPLIED), (False, Change.Outcome.NOT_APPLIED)]
)
def test_charge_now_left_pending_is_settled_by_the_boost_podero_shows(sandbox, bob_wallbox, sent, outcome):
    change = cut_off(bob_wallbox, actions.CHARGE_NOW, boost_call(bob_wallbox), sent=sent)

    reconcile.settle_pending(timezone.now())

    change.refresh_from_db()
    assert change.outcome == outcome


def test_charge_now_for_the_next_car_cannot_be_told_and_says_so(sandbox, bob_wallbox):
    wallbox_control(sandbox, "unplug")
    change = cut_off(bob_wallbox, actions.CHARGE_NOW, boost_call(bob_wallbox), sent=True)

    reconcile.settle_pending(timezone.now())

    change.refresh_from_db()
    assert change.outcome == Change.Outcome.UNKNOWN


def test_a_stop_left_pending_may_still_take_effect(sandbox, bob_wallbox):
    change = cut_off(bob_wallbox, actions.STOP_CHARGING, boost_call(bob_wallbox, start=False), sent=True)

    reconcile.settle_pending(timezone.now())

    change.refresh_from_db()
    assert change.outcome == Change.Outcome.UNKNOWN
