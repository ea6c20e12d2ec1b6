"""Two tabs, two different trip targets at the same moment: the writes take turns on the device, so the second
reads the week the first wrote, puts its usual day back and sets its own. Podero's week, the portal's one active
trip target and both answers agree; nothing is a 500, and cancelling later puts the usual day back."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

import podero_sandbox as seed
from preferences.models import TripTarget
from preferences.podero import WEEKDAYS
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.helpers import action_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_tabs_set_different_trip_targets_at_once_and_end_in_one_state(sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    usual = sandbox.device(seed.ALICE_EV_ID)["charge_policy"]
    sandbox.fault(
        latency_ms=500, method="PUT"
    )  # both tabs have read the week before either write is answered
    tomorrow = (timezone.now().astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).date()
    session = session_of(alice_ev.homeowner)
    url = action_url(alice_ev, "trip-target")
    trips = [
        {"trip-day": tomorrow.isoformat(), "trip-percentage": percentage, "trip-ready_by": "06:00"}
        for percentage in ("90", "100")
    ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = [
            answer
            for found in pool.map(lambda trip: at_once(1, url, session, data=trip), trips)
            for answer in found
        ]

    assert [answer.status_code for answer in answers] == [200, 200]
    [active] = TripTarget.objects.filter(status=TripTarget.Status.ACTIVE)
    weekday = WEEKDAYS[tomorrow.weekday()]
    week = sandbox.device(seed.ALICE_EV_ID)["charge_policy"]
    assert week[weekday]["charge_percentage"] == active.percentage  # Podero holds the trip the portal states
    assert (active.usual_percentage, active.usual_deadline) == (
        usual[weekday]["charge_percentage"],
        usual[weekday]["charge_deadline"],
    )  # and what it will put back is the usual day, not the other tab's trip
    sandbox.control("DELETE", "faults")

    cancelled = at_once(1, action_url(alice_ev, "trip-target-cancel"), session)

    assert cancelled[0].status_code == 200
    assert sandbox.device(seed.ALICE_EV_ID)["charge_policy"][weekday] == usual[weekday]
