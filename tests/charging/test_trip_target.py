"""Just for the next trip: a one-off target for one date, and the worker putting the usual target back."""

import re
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

import podero_sandbox as seed
from preferences.audit import words as audit_words
from preferences.charging import actions, trips
from preferences.charging.plans import Choice
from preferences.models import Change, TripTarget
from preferences.podero import WEEKDAYS, DayTarget
from tests.helpers import HTMX, action_url, page_url, podero_path
from tests.worker import run_worker

USUAL = {"charge_percentage": 80, "charge_deadline": "07:00"}
TRIP = DayTarget(100, "06:00")


@pytest.fixture
def every_day(sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    sandbox.clear_requests()
    return alice_ev


def trip_tomorrow(ev, **kwargs):
    tomorrow = timezone.localdate() + timedelta(days=1)
    return trips.set_trip_target(
        ev=ev, day=tomorrow, target=TRIP, actor=ev.homeowner.user, now=timezone.now(), **kwargs
    ).trip


def policy(sandbox):
    return sandbox.device(seed.ALICE_EV_ID)["charge_policy"]


def test_a_trip_target_changes_only_its_weekday_and_the_card_still_shows_the_usual_plan(sandbox, every_day):
    trip = trip_tomorrow(every_day)

    [(method, path, body)] = [(w["method"], w["path"], w["json"]) for w in sandbox.writes()]
    assert (method, path) == ("PUT", podero_path(every_day, "/charge-policy"))
    changed = {day for day in WEEKDAYS if body[day] != USUAL}
    assert changed == {trip.weekday}
    assert body[trip.weekday] == {"charge_percentage": 100, "charge_deadline": "06:00"}
    state = actions.plan_state(every_day, fresh=True)
    assert state.plan.choice == Choice.DAILY, "the trip is not mistaken for a plan with different days"
    assert state.trip == trip
    assert Change.objects.get().intent == Change.Intent.SET_TRIP_TARGET


def sent(sandbox):
    return [(w["method"], w["path"], w["json"]) for w in sandbox.writes()]


def test_under_no_deadline_a_trip_target_asks_only_its_day_and_the_plan_stays_no_deadline(sandbox, alice_ev):
    kept = sandbox.device(seed.ALICE_EV_ID)["charge_policy"]
    sandbox.clear_requests()

    trip = trip_tomorrow(alice_ev)

    [(put, week_path, week), (put_ev, ev_path, switch)] = sent(sandbox)
    assert (put, week_path, put_ev, ev_path) == (
        "PUT",
        podero_path(alice_ev, "/charge-policy"),
        "PUT",
        podero_path(alice_ev),
    )
    assert week[trip.weekday] == {"charge_percentage": 100, "charge_deadline": "06:00"}
    others = {day: week[day] for day in WEEKDAYS if day != trip.weekday}
    assert {target["charge_percentage"] for target in others.values()} == {0}, "no minimum on other days"
    assert switch == {"is_charge_policy_enabled": True}
    state = actions.plan_state(alice_ev, fresh=True)
    assert state.plan.choice == Choice.NONE
    assert state.trip == trip
    assert kept


@pytest.mark.django_db(transaction=True)
def test_after_a_trip_under_no_deadline_the_deadline_is_off_and_the_kept_week_is_back(sandbox, alice_ev):
    kept = {day: dict(sandbox.device(seed.ALICE_EV_ID)["charge_policy"][day]) for day in WEEKDAYS}
    trip = trip_tomorrow(alice_ev)
    sandbox.clear_requests()

    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now())
    trips.restore_if_due(trip_id=trip.pk, now=timezone.now())

    [(_, ev_path, switch), (_, week_path, week)] = sent(sandbox)
    assert (ev_path, switch) == (podero_path(alice_ev), {"is_charge_policy_enabled": False})
    assert week_path == podero_path(alice_ev, "/charge-policy")
    assert {day: week[day] for day in WEEKDAYS} == kept
    assert sandbox.device(seed.ALICE_EV_ID)["is_charge_policy_enabled"] is False
    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.RESTORED


@pytest.mark.django_db(transaction=True)
def test_the_worker_puts_the_usual_target_back_once_the_deadline_has_passed(sandbox, every_day):
    trip = trip_tomorrow(every_day)
    run_worker()
    assert len(sandbox.writes()) == 1, "nothing is put back before the deadline"

    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now())
    trips.restore_if_due(trip_id=trip.pk, now=timezone.now())

    assert policy(sandbox)[trip.weekday] == USUAL
    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.RESTORED
    restored = Change.objects.get(intent=Change.Intent.RESTORE_TRIP_TARGET)
    assert (restored.actor, restored.reason) == (None, audit_words.RESTORED_AFTER_TRIP)


@pytest.mark.django_db(transaction=True)
def test_the_worker_task_runs_at_the_trip_deadline(sandbox, every_day):
    soon = timezone.localtime() + timedelta(seconds=61)
    trip = trips.set_trip_target(
        ev=every_day,
        day=soon.date(),
        target=DayTarget(100, soon.strftime("%H:%M")),
        actor=None,
        now=timezone.now(),
    ).trip
    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now() + timedelta(seconds=1))
    trips._schedule_restore(TripTarget.objects.get(pk=trip.pk), at=timezone.now() + timedelta(seconds=1))

    time.sleep(1.1)
    run_worker()

    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.RESTORED
    assert policy(sandbox)[trip.weekday] == USUAL


def test_a_day_someone_changed_meanwhile_is_left_as_they_set_it(sandbox, every_day):
    trip = trip_tomorrow(every_day)
    theirs = {"charge_percentage": 90, "charge_deadline": "05:00"}
    sandbox.set_device(seed.ALICE_EV_ID, charge_policy={trip.weekday: theirs})
    sandbox.clear_requests()

    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now())
    trips.restore_if_due(trip_id=trip.pk, now=timezone.now())

    assert sandbox.writes() == []
    assert policy(sandbox)[trip.weekday] == theirs
    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.KEPT


@pytest.mark.django_db(transaction=True)
def test_while_podero_is_down_the_worker_keeps_trying(sandbox, every_day, settings):
    settings.ABSENCE_RETRY_DELAYS = [1]
    trip = trip_tomorrow(every_day)
    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now())
    sandbox.fault(status=503)

    trips.restore_if_due(trip_id=trip.pk, now=timezone.now())

    trip.refresh_from_db()
    assert (trip.status, trip.attempts) == (TripTarget.Status.ACTIVE, 1)
    sandbox.control("DELETE", "faults")
    time.sleep(1.1)
    run_worker()
    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.RESTORED
    assert policy(sandbox)[trip.weekday] == USUAL


def test_a_new_plan_keeps_the_trip_day_and_the_worker_then_puts_back_the_new_target(sandbox, every_day):
    trip = trip_tomorrow(every_day)
    new = DayTarget(60, "08:30")
    from preferences.charging import plans

    actions.set_charging_plan(
        ev=every_day, wanted=plans.daily(new, "Europe/Berlin"), actor=None, now=timezone.now()
    )

    assert policy(sandbox)[trip.weekday] == {"charge_percentage": 100, "charge_deadline": "06:00"}
    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now())
    trips.restore_if_due(trip_id=trip.pk, now=timezone.now())
    assert all(
        target == {"charge_percentage": 60, "charge_deadline": "08:30"}
        for day, target in policy(sandbox).items()
        if day in WEEKDAYS
    )


def test_cancelling_puts_the_usual_target_back_now(sandbox, every_day):
    trip = trip_tomorrow(every_day)

    trips.cancel_trip_target(trip=trip, actor=every_day.homeowner.user, now=timezone.now())

    assert policy(sandbox)[trip.weekday] == USUAL
    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.CANCELLED


def test_the_card_answering_a_new_trip_target_shows_the_trip_and_the_usual_plan(client, every_day):
    client.force_login(every_day.homeowner.user)
    tomorrow = (timezone.now().astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).date()
    trip = {"trip-day": tomorrow.isoformat(), "trip-percentage": "100", "trip-ready_by": "06:00"}

    response = client.post(action_url(every_day, "trip-target"), trip, headers=HTMX)

    # The device was looked up with no trip target; the card after the write knows of the new one.
    page = response.content.decode()
    assert "Every day at least 80 % by 07:00" in page
    assert "Cancel the one-off target" in page
    assert page.count("Just for the trip on") == 1, "the card says it; the note above it only confirms"
    assert "Saved just for this trip." in page


def test_a_plan_saved_during_a_trip_under_no_deadline_becomes_the_usual_one_the_trip_goes_back_to(
    sandbox, alice_ev
):
    trip = trip_tomorrow(alice_ev)
    new = DayTarget(60, "08:30")
    from preferences.charging import plans

    actions.set_charging_plan(
        ev=alice_ev, wanted=plans.daily(new, "Europe/Berlin"), actor=None, now=timezone.now()
    )

    assert policy(sandbox)[trip.weekday] == {"charge_percentage": 100, "charge_deadline": "06:00"}
    assert actions.plan_state(alice_ev, fresh=True).plan.choice == Choice.DAILY
    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now())
    trips.restore_if_due(trip_id=trip.pk, now=timezone.now())
    assert sandbox.device(seed.ALICE_EV_ID)["is_charge_policy_enabled"] is True
    assert all(
        target == {"charge_percentage": 60, "charge_deadline": "08:30"}
        for day, target in policy(sandbox).items()
        if day in WEEKDAYS
    )


def test_cancelling_a_trip_under_no_deadline_in_the_page_switches_the_deadline_off_and_says_no_deadline(
    client, sandbox, alice_ev
):
    trip_tomorrow(alice_ev)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "trip-target-cancel"), headers=HTMX)

    page = response.content.decode()
    assert "The one-off target is cancelled: the usual plan applies again." in page
    assert "No deadline: Podero charges the car whenever electricity is cheapest." in page
    assert "Cancel the one-off target" not in page
    assert sandbox.device(seed.ALICE_EV_ID)["is_charge_policy_enabled"] is False


def test_a_trip_under_no_deadline_and_its_cancelling_are_one_line_each_in_recent_changes(
    client, sandbox, alice_ev
):
    """Two writes each (the week, then the deadline on; the deadline off, then the week back), one action each."""
    trip_tomorrow(alice_ev)
    client.force_login(alice_ev.homeowner.user)

    page = client.get(page_url(alice_ev)).content.decode()
    assert page.count("You set a target just for the next trip") == 1
    assert Change.objects.filter(intent=Change.Intent.SET_TRIP_TARGET).count() == 2

    client.post(action_url(alice_ev, "trip-target-cancel"), headers=HTMX)

    page = client.get(page_url(alice_ev)).content.decode()
    assert page.count("You set a target just for the next trip") == 1
    assert page.count("You put the usual target back after the trip") == 1
    assert Change.objects.filter(intent=Change.Intent.RESTORE_TRIP_TARGET).count() == 2


def test_while_a_trip_under_no_deadline_runs_the_checklist_says_so_not_that_a_deadline_plan_is_on(
    client, sandbox, alice_ev
):
    trip_tomorrow(alice_ev)
    client.force_login(alice_ev.homeowner.user)

    page = client.get(page_url(alice_ev)).content.decode()

    assert "A charging plan with a deadline is on" not in page
    assert re.search(
        r"The charging plan is No deadline, with a one-off target just for the trip on \w+, \d+ \w+: "
        r"at least 100 % by 06:00\. Afterwards there is no deadline again\.",
        page,
    )


def test_under_no_deadline_the_next_deadlines_list_the_trip_s_alone(client, sandbox, alice_ev):
    trip = trip_tomorrow(alice_ev)
    client.force_login(alice_ev.homeowner.user)

    page = client.get(page_url(alice_ev)).content.decode()

    [deadlines] = re.findall(r'<details class="next-deadlines">(.*?)</details>', page, re.S)
    items = re.findall(r"<li>(.*?)</li>", deadlines, re.S)
    assert len(items) == 1, "the other days have no minimum: no deadline to list"
    assert f"{trip.date.day} " in items[0]
    assert items[0].endswith("06:00 (CET): at least 100 %")


def test_under_no_deadline_the_car_s_tile_says_the_trip_s_target(client, sandbox, alice_ev):
    from tests.devices.test_tiles import car

    trip_tomorrow(alice_ev)
    client.force_login(alice_ev.homeowner.user)

    tile = car(client.get("/"))

    assert "at least 100 % by 06:00" in tile
    assert "Charged by the deadline in its charging plan" not in tile
