"""No audit row stays pending: a row whose answer never came (the process died during the call) is settled by the
sweeper once no call can still be running, by reading the device back: applied, not applied, or, when Podero
cannot be read, unchecked after a few tries. Recent changes say which, in English and German."""

import time
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

import podero_sandbox as seed
from preferences import jobs, podero, sweeper
from preferences.admin.audit import outcome_label
from preferences.audit import history, reconcile, record
from preferences.models import Change
from preferences.podero.client import get_client
from tests.worker import run_worker

LONG_AGO = timedelta(minutes=2)
WEEK = podero.WeeklyChargePolicy(
    timezone="Europe/Berlin",
    days={day: podero.DayTarget(90, "06:30") for day in podero.WEEKDAYS},
)


def cut_off(device, intent, call, *, sent):
    """What a process that died during `call` leaves: the audit row begun before it, never completed. With
    `sent`, Podero got the call and applied it; its answer went nowhere."""
    change = record.begin(device, intent, call, None, timezone.now() - LONG_AGO, "")
    if sent:
        get_client().send(call)
    return change


def resume_call(device):
    return podero.calls.update_device(
        device.kind,
        user_id=device.homeowner.podero_user_id,
        device_id=device.podero_id,
        changes=podero.DeviceChanges(smart_optimization=True),
    )


def outcome_words(change, language):
    """How Recent changes and the admin's audit trail say the change ended."""
    with translation.override(language):
        [entry] = history.activity([change], homeowner=change.homeowner)
        return entry.outcome, outcome_label(change)


@pytest.mark.parametrize(
    ("sent", "outcome", "english", "german"),
    [
        (True, Change.Outcome.APPLIED, "Done (checked afterwards)", "Erledigt (nachträglich geprüft)"),
        (
            False,
            Change.Outcome.NOT_APPLIED,
            "Not done (checked afterwards), nothing changed",
            "Nicht erledigt (nachträglich geprüft), nichts geändert",
        ),
    ],
)
def test_a_device_write_left_pending_is_settled_by_what_the_device_shows(
    sandbox, alice_heat_pump, sent, outcome, english, german
):
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_smart_optimization_active=False)
    change = cut_off(
        alice_heat_pump, Change.Intent.RESUME_OPTIMIZATION, resume_call(alice_heat_pump), sent=sent
    )

    assert reconcile.settle_pending(timezone.now()) == 1

    change.refresh_from_db()
    assert change.outcome == outcome
    assert change.finished_at is not None
    assert change.detail.startswith("No answer came; read back afterwards")
    assert outcome_words(change, "en")[0] == english
    assert outcome_words(change, "de")[0] == german
    assert len(sandbox.writes()) == int(sent), "settling only reads"


@pytest.mark.parametrize(
    ("sent", "outcome"), [(True, Change.Outcome.APPLIED), (False, Change.Outcome.NOT_APPLIED)]
)
def test_a_weekly_charge_policy_left_pending_is_settled_by_the_policy_podero_holds(
    sandbox, alice_ev, sent, outcome
):
    call = podero.calls.put_charge_policy(
        user_id=alice_ev.homeowner.podero_user_id, ev_id=alice_ev.podero_id, policy=WEEK
    )
    change = cut_off(alice_ev, Change.Intent.SET_WEEKLY_SCHEDULE, call, sent=sent)

    reconcile.settle_pending(timezone.now())

    change.refresh_from_db()
    assert change.outcome == outcome


@pytest.mark.parametrize(
    ("sent", "outcome"), [(True, Change.Outcome.APPLIED), (False, Change.Outcome.NOT_APPLIED)]
)
def test_charge_now_left_pending_is_settled_by_the_boost_podero_shows(sandbox, alice_ev, sent, outcome):
    call = podero.calls.start_boost(user_id=alice_ev.homeowner.podero_user_id, ev_id=alice_ev.podero_id)
    change = cut_off(alice_ev, Change.Intent.CHARGE_NOW, call, sent=sent)

    reconcile.settle_pending(timezone.now())

    change.refresh_from_db()
    assert change.outcome == outcome


def test_charge_now_for_an_unplugged_car_cannot_be_told_and_says_so(sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    call = podero.calls.start_boost(user_id=alice_ev.homeowner.podero_user_id, ev_id=alice_ev.podero_id)
    change = cut_off(alice_ev, Change.Intent.CHARGE_NOW, call, sent=True)

    reconcile.settle_pending(timezone.now())

    change.refresh_from_db()
    assert change.outcome == Change.Outcome.UNKNOWN, "an armed boost is not shown: it may still take effect"


def test_a_row_whose_call_may_still_be_running_is_left_pending(sandbox, alice_heat_pump):
    change = record.begin(
        alice_heat_pump,
        Change.Intent.RESUME_OPTIMIZATION,
        resume_call(alice_heat_pump),
        None,
        timezone.now(),
        "",
    )

    assert reconcile.settle_pending(timezone.now()) == 0

    change.refresh_from_db()
    assert change.outcome == Change.Outcome.PENDING
    assert sandbox.requests() == []


def test_while_podero_cannot_be_read_the_row_is_tried_again_then_settled_as_unchecked(
    sandbox, alice_heat_pump, settings
):
    settings.SETTLE_PENDING_TRIES = 2
    change = cut_off(
        alice_heat_pump, Change.Intent.RESUME_OPTIMIZATION, resume_call(alice_heat_pump), sent=False
    )
    sandbox.fault(status=503, method="GET")

    reconcile.settle_pending(timezone.now())
    change.refresh_from_db()
    assert (change.outcome, change.checks) == (Change.Outcome.PENDING, 1)

    reconcile.settle_pending(timezone.now())
    change.refresh_from_db()
    assert (change.outcome, change.checks) == (Change.Outcome.UNCHECKED, 2)
    assert outcome_words(change, "en") == (
        "Unknown: Podero could not be checked",
        "No answer; Podero could not be checked",
    )
    assert outcome_words(change, "de")[0] == "Unbekannt: Podero konnte nicht nachgeprüft werden"


@pytest.mark.django_db(transaction=True)
def test_the_worker_sweeps_every_few_seconds_with_one_sweep_queued_at_a_time(
    sandbox, alice_heat_pump, settings
):
    settings.SWEEP_SECONDS = 1
    change = cut_off(
        alice_heat_pump, Change.Intent.RESUME_OPTIMIZATION, resume_call(alice_heat_pump), sent=True
    )
    sweeper.schedule_next()
    sweeper.schedule_next()
    sweeps = DBTaskResult.objects.filter(task_path=jobs.sweep.module_path)
    assert sweeps.filter(status=TaskResultStatus.READY).count() == 1

    run_worker()
    change.refresh_from_db()
    assert change.outcome == Change.Outcome.PENDING, "not before its time"

    time.sleep(1.1)
    run_worker()

    change.refresh_from_db()
    assert change.outcome == Change.Outcome.APPLIED
    assert sweeps.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert sweeps.filter(status=TaskResultStatus.READY).count() == 1, "it queued the next one"
