"""Twin clicks: the intents that keep something of their own in the database (a timed pause, an absence) or hand
back an address (reconnect), asked for many times at once, run once and tell every requester the same thing;
and the same intent asked by someone else a moment later (staff after the homeowner) is their own change.

As in test_one_write_per_intent.py: threads through the whole portal, the sandbox's journal counting what
reached Podero, which takes its time so that every twin arrives while the first is still at work.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from preferences.audit import words as audit_words
from preferences.devices import timed_pause
from preferences.models import Absence, AbsenceDevice, Change, TimedPause
from tests.admin.test_admin_support import REASON, admin_action_url
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.helpers import HTMX, action_url, page_url, podero_path

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_PODERO_MS = 2000
# What the "I'm away" form says once posted.
BEGAN = "Enjoy your time away. Everything paused here switches back on when you are back."
ALREADY_AWAY = "You are already set as away. Change the return date below instead."


def test_staff_pausing_just_after_the_homeowner_is_their_own_change_with_their_reason(
    client, sandbox, maria, alice_heat_pump
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    client.force_login(maria)

    client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON})

    changes = Change.objects.filter(intent=Change.Intent.PAUSE_OPTIMIZATION).order_by("pk")
    assert [(c.actor, c.reason) for c in changes] == [(alice_heat_pump.homeowner.user, ""), (maria, REASON)]
    # The device is already paused (nothing ran on it since): Podero gets the pause once, and staff's change says so.
    assert len(sandbox.writes()) == 1
    assert (changes[1].outcome, changes[1].detail) == (Change.Outcome.SUCCEEDED, audit_words.ALREADY_SO)
    client.force_login(alice_heat_pump.homeowner.user)
    page = client.get(page_url(alice_heat_pump)).content.decode()
    assert "Maria from customer service paused smart optimization" in page
    assert "Already so, nothing sent" in page


def test_staff_pausing_after_the_homeowner_resumed_again_is_sent(client, sandbox, maria, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)  # the state differs again
    client.force_login(maria)

    client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON})

    assert [w["json"] for w in sandbox.writes()] == [
        {"is_smart_optimization_active": False},
        {"is_smart_optimization_active": True},
        {"is_smart_optimization_active": False},
    ]
    staff = Change.objects.get(actor=maria)
    assert (staff.outcome, staff.http_status) == (Change.Outcome.SUCCEEDED, 200)


def test_twenty_parallel_reconnects_start_one_sign_in_and_all_go_to_it(sandbox, alice_heat_pump):
    sandbox.fault(latency_ms=SLOW_PODERO_MS, method="POST", path_contains="/auth_session")
    sandbox.clear_requests()

    responses = at_once(20, action_url(alice_heat_pump, "reconnect"), session_of(alice_heat_pump.homeowner))

    assert {r.status_code for r in responses} == {204}
    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [
        ("POST", podero_path(alice_heat_pump, "/auth_session"))
    ]
    assert Change.objects.filter(intent=Change.Intent.RECONNECT).count() == 1
    assert len({r.headers["HX-Redirect"] for r in responses}) == 1


def notes(responses) -> set[str]:
    """What each response says happened: its note, or for a pause for a while the sentence beside Resume now
    (which says it instead of a note, so that it is said once)."""
    said = r'notice-\w+"><span>([^<]*)|class="pause-state">([^<]*)'
    return {next(filter(None, re.search(said, r.content.decode()).groups())) for r in responses}


def test_twenty_parallel_pauses_for_a_while_pause_once_until_one_time(sandbox, alice_heat_pump):
    sandbox.fault(latency_ms=SLOW_PODERO_MS, method="PUT")
    sandbox.clear_requests()

    responses = at_once(
        20,
        action_url(alice_heat_pump, "pause-for-a-while"),
        session_of(alice_heat_pump.homeowner),
        data={"length": TimedPause.Length.THREE_HOURS},
    )

    assert {r.status_code for r in responses} == {200}
    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [("PUT", podero_path(alice_heat_pump))]
    assert Change.objects.filter(intent=Change.Intent.PAUSE_OPTIMIZATION).count() == 1
    assert TimedPause.objects.get().status == TimedPause.Status.ACTIVE
    [said] = notes(responses)
    assert said.startswith("Smart optimization is paused until ")


def test_two_lengths_chosen_at_once_pause_once_and_leave_one_pause(sandbox, alice_heat_pump):
    sandbox.fault(latency_ms=SLOW_PODERO_MS, method="PUT")
    sandbox.clear_requests()
    session = session_of(alice_heat_pump.homeowner)
    url = action_url(alice_heat_pump, "pause-for-a-while")
    lengths = [TimedPause.Length.THREE_HOURS, TimedPause.Length.UNTIL_RESUMED]

    with ThreadPoolExecutor(max_workers=2) as pool:
        asked = [pool.submit(at_once, 10, url, session, {"length": length}) for length in lengths]
        responses = [response for each in asked for response in each.result()]

    assert {r.status_code for r in responses} == {200}
    assert len(sandbox.writes()) == 1
    assert Change.objects.count() == 1
    assert TimedPause.objects.get().length in lengths


def test_twenty_parallel_resume_nows_switch_back_on_once_and_all_say_so(sandbox, alice_heat_pump):
    timed_pause.start_pause(
        device=alice_heat_pump,
        length=TimedPause.Length.MORNING,
        actor=alice_heat_pump.homeowner.user,
        now=timezone.now(),
    )
    sandbox.fault(latency_ms=SLOW_PODERO_MS, method="PUT")
    sandbox.clear_requests()

    responses = at_once(
        20, action_url(alice_heat_pump, "pause-for-a-while-end"), session_of(alice_heat_pump.homeowner)
    )

    assert {r.status_code for r in responses} == {200}
    assert [w["json"] for w in sandbox.writes()] == [{"is_smart_optimization_active": True}]
    assert Change.objects.filter(intent=Change.Intent.RESUME_OPTIMIZATION).count() == 1
    assert notes(responses) == {
        "Smart optimization is on. Podero steers this device to the cheapest hours again."
    }
    assert TimedPause.objects.get().status == TimedPause.Status.RESUMED


def away_form(*devices, in_days=3) -> dict:
    back = (timezone.now() + timedelta(days=in_days)).astimezone(timezone.get_default_timezone())
    return {"returns_at": back.strftime("%Y-%m-%dT%H:%M"), "devices": [str(d.podero_id) for d in devices]}


def messages_of(responses) -> set[str]:
    return {m.message for r in responses for m in get_messages(r.wsgi_request)}


def test_twenty_parallel_im_away_start_one_absence_and_all_hear_it_began(
    sandbox, alice, alice_heat_pump, alice_inverter
):
    sandbox.fault(latency_ms=SLOW_PODERO_MS, method="PUT")
    sandbox.clear_requests()

    responses = at_once(
        20,
        reverse("preferences:away-start"),
        session_of(alice),
        data=away_form(alice_heat_pump, alice_inverter),
        headers={},
    )

    assert {r.status_code for r in responses} == {302}
    assert Absence.objects.count() == 1
    assert AbsenceDevice.objects.count() == 2
    assert sorted(w["path"] for w in sandbox.writes()) == sorted(
        [podero_path(alice_heat_pump), podero_path(alice_inverter)]
    )
    assert messages_of(responses) == {BEGAN}


def test_two_return_dates_chosen_at_once_start_one_absence_and_each_tab_hears_one_thing(
    sandbox, alice, alice_heat_pump
):
    sandbox.fault(latency_ms=SLOW_PODERO_MS, method="PUT")
    session, url = session_of(alice), reverse("preferences:away-start")

    with ThreadPoolExecutor(max_workers=2) as pool:
        tabs = [
            pool.submit(at_once, 10, url, session, away_form(alice_heat_pump, in_days=days), {})
            for days in (3, 4)
        ]
        responses = [tab.result() for tab in tabs]

    assert {r.status_code for tab in responses for r in tab} == {302}
    assert Absence.objects.count() == 1
    assert len(sandbox.writes()) == 1
    assert sorted(len(messages_of(tab)) for tab in responses) == [1, 1]
    assert messages_of(responses[0] + responses[1]) == {BEGAN, ALREADY_AWAY}
