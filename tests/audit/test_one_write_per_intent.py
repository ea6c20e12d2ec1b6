"""One click, one write: the same intent on the same device, asked for many times at once (double clicks, two
tabs, two app servers), sends Podero one call, records one change and tells every requester the same outcome.

The requests run in threads, each with its own database connection, through the whole portal (middleware,
view, service) against the sandbox on a real socket; the sandbox's journal counts what reached Podero. The lock
and the shared outcome live in the cache: locmem here, shared by the threads; Redis in CI.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import podero_sandbox as seed
from preferences.audit import words as audit_words
from preferences.away import actions as away_actions
from preferences.charging import trips
from preferences.devices import actions as device_actions
from preferences.models import AbsenceDevice, Change, TripTarget
from preferences.podero import DayTarget
from tests.audit.test_undo import week_data
from tests.helpers import HTMX, action_url, page_url, podero_path

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(homeowner) -> str:
    client = Client()
    client.force_login(homeowner.user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def at_once(times: int, post_url: str, session: str, data=None, headers=None) -> list:
    """`times` POSTs to `post_url` in as many threads, started together; their responses."""

    def post(_n: int):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        try:
            return client.post(post_url, data or {}, headers=headers or HTMX)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(post, range(times)))


def test_twenty_parallel_charge_now_on_an_unplugged_car_send_one_boost(sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    sandbox.fault(latency_ms=300, method="POST", path_contains="/boost")  # Podero takes its time
    sandbox.clear_requests()

    responses = at_once(
        20, action_url(alice_ev, "charge-now"), session_of(alice_ev.homeowner), data={"confirmed": "yes"}
    )

    boosts = [r for r in sandbox.writes() if r["method"] == "POST" and r["path"].endswith("/boost")]
    assert len(boosts) == 1
    assert Change.objects.filter(intent=Change.Intent.CHARGE_NOW).count() == 1
    assert {r.status_code for r in responses} == {200}
    said = {"will start as soon as the car is plugged in." in r.content.decode() for r in responses}
    assert said == {True}


def test_ten_parallel_undo_of_one_change_send_one_put(sandbox, alice_heat_pump):
    device_actions.pause_optimization(
        device=alice_heat_pump, actor=alice_heat_pump.homeowner.user, now=timezone.now()
    )
    change = Change.objects.get()
    sandbox.fault(latency_ms=300, method="PUT")
    sandbox.clear_requests()

    responses = at_once(
        10, reverse("preferences:change-undo", args=[change.pk]), session_of(alice_heat_pump.homeowner)
    )

    assert sandbox.writes() == [
        {**sandbox.writes()[0], "method": "PUT", "path": podero_path(alice_heat_pump)}
    ]
    assert Change.objects.filter(undoes=change).count() == 1
    assert {"Undone: back to how it was before." in r.content.decode() for r in responses} == {True}


def test_ten_parallel_im_back_resume_each_device_once(sandbox, alice, alice_heat_pump, alice_inverter):
    away_actions.start_absence(
        homeowner=alice,
        devices=[alice_heat_pump, alice_inverter],
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(days=3),
        actor=alice.user,
        now=timezone.now(),
    )
    sandbox.fault(latency_ms=300, method="PUT")
    sandbox.clear_requests()

    responses = at_once(10, reverse("preferences:away-end"), session_of(alice), headers={})

    resumes = [(w["method"], w["path"]) for w in sandbox.writes()]
    assert sorted(resumes) == sorted(
        [("PUT", podero_path(alice_heat_pump)), ("PUT", podero_path(alice_inverter))]
    )
    assert Change.objects.filter(reason=audit_words.CAME_BACK_EARLY).count() == 2
    assert set(AbsenceDevice.objects.values_list("state", flat=True)) == {AbsenceDevice.State.RESUMED}
    assert {r.status_code for r in responses} == {302}


def test_im_back_and_the_worker_at_the_same_moment_resume_each_device_once(
    sandbox, alice, alice_heat_pump, alice_inverter
):
    absence = away_actions.start_absence(
        homeowner=alice,
        devices=[alice_heat_pump, alice_inverter],
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(days=3),
        actor=alice.user,
        now=timezone.now(),
    )
    sandbox.fault(latency_ms=300, method="PUT")
    sandbox.clear_requests()

    def worker(_n: int) -> None:
        try:
            away_actions.resume_if_due(absence_id=absence.pk, now=timezone.now() + timedelta(days=4))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        clicks = pool.submit(at_once, 5, reverse("preferences:away-end"), session_of(alice), None, {})
        list(pool.map(worker, range(5)))
        clicks.result()

    assert len(sandbox.writes()) == 2
    # Whichever ran first, the worker at the return date or "I'm back", recorded each resume once.
    either = [audit_words.RESUMED_AFTER_ABSENCE, audit_words.CAME_BACK_EARLY]
    assert Change.objects.filter(reason__in=either).count() == 2


def test_the_same_intent_again_after_another_one_is_sent_again(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    for verb in ("pause", "resume", "pause"):
        client.post(action_url(alice_heat_pump, verb), headers=HTMX)

    bodies = [w["body"] for w in sandbox.writes()]
    assert len(bodies) == 3
    assert client.get(page_url(alice_heat_pump)).status_code == 200


def test_ten_parallel_saves_of_the_same_charging_plan_send_one_week(sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    # Podero takes its time, long enough for all ten to arrive while the first runs: a save that comes after it
    # finds the plan in force and says so ("Nothing to save"), which is a later click, not a twin. On a loaded
    # CI machine the last of ten threads has reached the view more than a second after the first.
    sandbox.fault(latency_ms=3000, method="PUT")
    sandbox.clear_requests()

    responses = at_once(
        10, action_url(alice_ev, "charging-plan"), session_of(alice_ev.homeowner), data=week_data()
    )

    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [
        ("PUT", podero_path(alice_ev, "/charge-policy"))
    ]
    assert Change.objects.filter(intent=Change.Intent.SET_WEEKLY_SCHEDULE).count() == 1
    assert {r.status_code for r in responses} == {200}
    said = {re.search(r'notice-\w+"><span>([^<]*)', r.content.decode()).group(1) for r in responses}
    assert said == {
        "Saved. Now in force: Weekdays at least 80 % by 07:00, weekends 50 % by 10:00, Europe/Berlin"
    }


def test_ten_parallel_trip_targets_for_the_same_day_send_one_week(sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    sandbox.fault(latency_ms=300, method="PUT")
    sandbox.clear_requests()
    tomorrow = (timezone.now().astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).date()
    trip = {"trip-day": tomorrow.isoformat(), "trip-percentage": "100", "trip-ready_by": "06:00"}

    responses = at_once(10, action_url(alice_ev, "trip-target"), session_of(alice_ev.homeowner), data=trip)

    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [
        ("PUT", podero_path(alice_ev, "/charge-policy"))
    ]
    assert Change.objects.filter(intent=Change.Intent.SET_TRIP_TARGET).count() == 1
    assert TripTarget.objects.count() == 1
    assert {r.status_code for r in responses} == {200}


def test_cancelling_a_trip_target_in_two_tabs_while_the_worker_puts_it_back_sends_one_week(sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    tomorrow = timezone.localdate() + timedelta(days=1)
    trip = trips.set_trip_target(
        ev=alice_ev,
        day=tomorrow,
        target=DayTarget(100, "06:00"),
        actor=alice_ev.homeowner.user,
        now=timezone.now(),
    ).trip
    sandbox.fault(latency_ms=300, method="PUT")
    sandbox.clear_requests()

    def worker(_n: int) -> None:
        try:
            trips.restore_if_due(trip_id=trip.pk, now=trip.restore_at + timedelta(minutes=1))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        clicks = pool.submit(
            at_once, 2, action_url(alice_ev, "trip-target-cancel"), session_of(alice_ev.homeowner)
        )
        list(pool.map(worker, range(2)))
        clicks.result()

    assert len(sandbox.writes()) == 1
    assert Change.objects.filter(intent=Change.Intent.RESTORE_TRIP_TARGET).count() == 1
    assert TripTarget.objects.get().status != TripTarget.Status.ACTIVE
