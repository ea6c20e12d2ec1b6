"""The sweep runs again what is overdue, and only that: a put-back whose time has come with no job left to run
it, not one a live worker is sending, nor one whose retry waits for later. The worker sweeps when it starts."""

import signal
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import podero_sandbox as seed
from preferences import jobs, sweeper
from preferences.devices import timed_pause
from preferences.models import Absence, Change, TimedPause, TripTarget
from tests.helpers import podero_path
from tests.sweeper.setups import away_until, paused_for_three_hours, trip_past_its_deadline
from tests.worker import eventually

ON = {"is_smart_optimization_active": True}


def ons(sandbox, device):
    return [w for w in sandbox.writes() if w["path"] == podero_path(device) and w["json"] == ON]


def pause_that_ended_a_while_ago(device):
    """A timed pause whose end has passed with nothing run at that time: its job is for three hours from now."""
    pause = paused_for_three_hours(device)
    TimedPause.objects.filter(pk=pause.pk).update(ends_at=timezone.now() - timedelta(minutes=5))
    return pause


def test_a_timed_pause_past_its_end_with_no_job_at_that_time_is_resumed_by_the_sweep(
    sandbox, alice_heat_pump
):
    pause = pause_that_ended_a_while_ago(alice_heat_pump)

    swept = sweeper.sweep()

    assert swept.pauses == 1
    assert len(ons(sandbox, alice_heat_pump)) == 1
    pause.refresh_from_db()
    assert pause.status == TimedPause.Status.RESUMED
    sweeper.sweep()
    assert len(ons(sandbox, alice_heat_pump)) == 1, "once"


def test_an_absence_past_its_return_with_no_job_at_that_time_is_ended_by_the_sweep(sandbox, alice_heat_pump):
    absence = away_until(timezone.now() + timedelta(days=1), alice_heat_pump)
    Absence.objects.filter(pk=absence.pk).update(returns_at=timezone.now() - timedelta(minutes=5))

    sweeper.sweep()

    assert Absence.objects.get(pk=absence.pk).status == Absence.Status.ENDED
    assert len(ons(sandbox, alice_heat_pump)) == 1


def test_a_trip_target_past_its_deadline_with_no_job_at_that_time_is_put_back_by_the_sweep(sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    trip = trip_past_its_deadline(alice_ev)
    sandbox.clear_requests()

    swept = sweeper.sweep()
    sweeper.sweep()

    assert swept.trips == 1
    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.RESTORED
    assert [w["path"] for w in sandbox.writes()] == [podero_path(alice_ev, "/charge-policy")], "once"


@pytest.mark.django_db(transaction=True)
def test_a_resume_a_live_worker_is_sending_is_not_sent_again_by_the_sweep(sandbox, alice_heat_pump):
    pause = pause_that_ended_a_while_ago(alice_heat_pump)
    sandbox.fault(latency_ms=1500, method="PUT", count=1)

    def worker():
        try:
            timed_pause.resume_if_due(pause_id=pause.pk, now=timezone.now())
        finally:
            connections.close_all()

    live = threading.Thread(target=worker)
    live.start()
    eventually(lambda: sandbox.control("GET", "faults") == [], what="the live worker's PUT reached Podero")
    sweeper.sweep()
    live.join()

    assert len(ons(sandbox, alice_heat_pump)) == 1
    pause.refresh_from_db()
    assert (pause.status, pause.claimed_at) == (TimedPause.Status.RESUMED, None)


def test_a_retry_that_waits_for_later_is_not_run_early_by_the_sweep(sandbox, alice_heat_pump):
    pause = pause_that_ended_a_while_ago(alice_heat_pump)
    sandbox.fault(status=503, method="PUT")
    timed_pause.resume_if_due(pause_id=pause.pk, now=timezone.now())
    pause.refresh_from_db()
    assert pause.retry_at > timezone.now() + timedelta(seconds=50)
    tried = len(sandbox.writes())

    sweeper.sweep()

    assert len(sandbox.writes()) == tried
    assert Change.objects.filter(intent=Change.Intent.RESUME_OPTIMIZATION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_sweeps_when_it_starts_and_queues_the_periodic_sweep(sandbox, alice_heat_pump):
    pause = pause_that_ended_a_while_ago(alice_heat_pump)
    handlers = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    finally:
        for number, handler in handlers.items():  # the worker takes them over for its graceful shutdown
            signal.signal(number, handler)

    pause.refresh_from_db()
    assert pause.status == TimedPause.Status.RESUMED
    queued = DBTaskResult.objects.filter(task_path=jobs.sweep.module_path, status=TaskResultStatus.READY)
    assert queued.count() == 1
