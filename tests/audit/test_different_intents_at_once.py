"""Every pair of different intents on one device, asked at the same moment from two sessions (two tabs, or the
homeowner on the phone and at the desk): no answer is a 500, every recorded change has its outcome (none left
pending), and the device, the portal's records and the page agree afterwards. Podero takes its time with every
write, so the two requests overlap; the writes take turns on the device (audit/single_flight.py)."""

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

import podero_sandbox as seed
from preferences.models import Change, TimedPause, TripTarget
from tests.audit.test_one_write_per_intent import session_of
from tests.audit.test_undo import week_data
from tests.helpers import HTMX, action_url, page_url

pytestmark = pytest.mark.django_db(transaction=True)

TOMORROW = (timezone.now().astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).date()
HEAT_PUMP_INTENTS = {
    "pause": {},
    "resume": {},
    "pause-for-a-while": {"length": "3h"},
    "pause-for-a-while-end": {},
}
EV_INTENTS = {
    "charge-now": {"confirmed": "yes"},
    "cancel-boost": {},
    "charging-plan": week_data(),
    "trip-target": {"trip-day": TOMORROW.isoformat(), "trip-percentage": "100", "trip-ready_by": "06:00"},
    "trip-target-cancel": {},
}


def both_at_once(device, first: tuple[str, dict], second: tuple[str, dict]) -> list:
    """Each intent from its own session, started together."""

    def post(asked: tuple[str, dict]):
        verb, data = asked
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_of(device.homeowner)
        return client.post(action_url(device, verb), data, headers=HTMX)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(post, [first, second]))


def no_pending_and_no_500(answers: list) -> None:
    assert [answer.status_code < 500 for answer in answers] == [True, True]
    assert not Change.objects.filter(outcome=Change.Outcome.PENDING).exists()


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(HEAT_PUMP_INTENTS, 2)))
def test_two_intents_on_a_heat_pump(client, sandbox, alice_heat_pump, first, second):
    sandbox.fault(latency_ms=300, method="PUT")

    answers = both_at_once(
        alice_heat_pump, (first, HEAT_PUMP_INTENTS[first]), (second, HEAT_PUMP_INTENTS[second])
    )

    no_pending_and_no_500(answers)
    on = sandbox.device(seed.ALICE_HEAT_PUMP_ID)["is_smart_optimization_active"]
    if TimedPause.objects.filter(device=alice_heat_pump, status=TimedPause.Status.ACTIVE).exists():
        assert not on, "a pause for a while the portal states, on a device Podero steers"
    client.force_login(alice_heat_pump.homeowner.user)
    page = client.get(page_url(alice_heat_pump)).content.decode()
    assert f'aria-checked="{"true" if on else "false"}"' in page


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(EV_INTENTS, 2)))
def test_two_intents_on_an_ev(client, sandbox, alice_ev, first, second):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    sandbox.fault(latency_ms=300, method="PUT")

    answers = both_at_once(alice_ev, (first, EV_INTENTS[first]), (second, EV_INTENTS[second]))

    no_pending_and_no_500(answers)
    week = sandbox.device(seed.ALICE_EV_ID)["charge_policy"]
    for trip in TripTarget.objects.filter(ev=alice_ev, status=TripTarget.Status.ACTIVE):
        assert week[trip.weekday]["charge_percentage"] == trip.percentage, "a trip Podero does not hold"
    assert TripTarget.objects.filter(ev=alice_ev, status=TripTarget.Status.ACTIVE).count() <= 1
    client.force_login(alice_ev.homeowner.user)
    assert client.get(page_url(alice_ev)).status_code == 200
