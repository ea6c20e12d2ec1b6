"""A worker killed while Podero has its write: what it claimed and never settled is taken over by the sweeper
when a worker runs again, and reaches the state the page promised with one write, or with none when the killed
worker's write went through. The cut-off attempt's audit row is settled with what Podero shows.

Each test runs real `manage.py db_worker` processes and kills one mid-call: the sandbox holds its write (then
refuses it with a 503, or applies it), as a slow Podero would."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

import podero_sandbox as seed
from preferences import jobs
from preferences.audit import history
from preferences.audit import reads as audit_reads
from preferences.charging import trips
from preferences.models import Absence, AbsenceDevice, Change, TimedPause, TripTarget
from preferences.podero import DayTarget
from tests.helpers import podero_path
from tests.sweeper.setups import away_until, paused_for_three_hours
from tests.worker import WorkerProcess, eventually

HANG_SECONDS = 3
USUAL = {"charge_percentage": 80, "charge_deadline": "07:00"}
WENT_THROUGH = pytest.mark.parametrize(
    "went_through", [False, True], ids=["refused-after-the-crash", "applied-after-the-crash"]
)


@pytest.fixture
def workers(sandbox, tmp_path):
    """Start a worker process; claims go stale after a second, and it sweeps every second. Rows still pending
    are left to the put-back that takes over (audit/reconcile.settle_cut_off), not to the reconciler's pass."""

    def start():
        return WorkerProcess(
            sandbox.url,
            tmp_path / "workers.log",
            CLAIM_STALE_SECONDS="1",
            SWEEP_SECONDS="1",
            SETTLE_PENDING_AFTER_SECONDS="60",
        )

    return start


def kill_mid_call(sandbox, workers, path: str, *, went_through: bool) -> None:
    """Start a worker and kill it while Podero holds its PUT on `path`. After the hang, Podero applies that PUT
    (`went_through`) or answers it 503 without applying it; its answer goes nowhere."""
    rule = {"hang_seconds": HANG_SECONDS, "method": "PUT", "path_contains": path, "count": 1}
    sandbox.fault(**rule, **({} if went_through else {"status": 503}))
    with workers() as worker:
        eventually(lambda: sandbox.control("GET", "faults") == [], what="the worker's PUT reached Podero")
        worker.kill()
    eventually(lambda: puts(sandbox, path), what="Podero has dealt with the dead worker's PUT")


def puts(sandbox, path: str) -> list[int]:
    """The statuses Podero answered the PUTs on `path` with, since the test cleared the journal."""
    return [w["status"] for w in sandbox.writes() if w["method"] == "PUT" and w["path"] == path]


def sentences(device, language="en"):
    with translation.override(language):
        entries = history.activity(audit_reads.recent_changes(device), homeowner=device.homeowner)
    return [(entry.sentence, entry.outcome) for entry in entries]


@WENT_THROUGH
@pytest.mark.django_db(transaction=True)
def test_a_timed_pause_whose_worker_died_mid_resume_is_resumed_once(
    sandbox, workers, alice_heat_pump, went_through
):
    pause = paused_for_three_hours(alice_heat_pump)
    TimedPause.objects.filter(pk=pause.pk).update(ends_at=timezone.now() + timedelta(seconds=1))
    jobs.run_at(jobs.resume_after_timed_pause, pause.pk, timezone.now() + timedelta(seconds=1))
    sandbox.clear_requests()
    path = podero_path(alice_heat_pump)

    kill_mid_call(sandbox, workers, path, went_through=went_through)

    pause.refresh_from_db()
    assert (pause.status, pause.claimed_at is not None) == (TimedPause.Status.ACTIVE, True), (
        "claimed, not settled"
    )
    [cut_off] = Change.objects.filter(intent=Change.Intent.RESUME_OPTIMIZATION)
    assert cut_off.outcome == Change.Outcome.PENDING
    with workers():
        eventually(lambda: TimedPause.objects.get(pk=pause.pk).status == TimedPause.Status.RESUMED)

    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is True
    assert puts(sandbox, path) == ([200] if went_through else [503, 200])
    assert TimedPause.objects.get(pk=pause.pk).claimed_at is None
    cut_off.refresh_from_db()
    if went_through:
        assert cut_off.outcome == Change.Outcome.APPLIED
        assert sentences(alice_heat_pump)[0] == (
            "The portal resumed smart optimization",
            "Done (checked afterwards)",
        )
    else:
        assert cut_off.outcome == Change.Outcome.NOT_APPLIED
        assert sentences(alice_heat_pump)[:2] == [
            ("The portal resumed smart optimization", "Done"),
            ("The portal resumed smart optimization", "Not done (checked afterwards), nothing changed"),
        ]
        assert (
            sentences(alice_heat_pump, "de")[1][1] == "Nicht erledigt (nachträglich geprüft), nichts geändert"
        )


@WENT_THROUGH
@pytest.mark.django_db(transaction=True)
def test_a_trip_target_whose_worker_died_mid_put_back_is_put_back_once(
    sandbox, workers, alice_ev, went_through
):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    tomorrow = timezone.localdate() + timedelta(days=1)
    trip = trips.set_trip_target(
        ev=alice_ev, day=tomorrow, target=DayTarget(100, "06:00"), actor=None, now=timezone.now()
    ).trip
    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now() + timedelta(seconds=1))
    jobs.run_at(jobs.restore_after_trip, trip.pk, timezone.now() + timedelta(seconds=1))
    sandbox.clear_requests()
    path = podero_path(alice_ev, "/charge-policy")

    kill_mid_call(sandbox, workers, path, went_through=went_through)

    trip.refresh_from_db()
    assert (trip.status, trip.claimed_at is not None) == (TripTarget.Status.ACTIVE, True), (
        "claimed, not settled"
    )
    with workers():
        eventually(lambda: TripTarget.objects.get(pk=trip.pk).status != TripTarget.Status.ACTIVE)

    trip.refresh_from_db()
    assert trip.status == TripTarget.Status.RESTORED, "put back, not 'changed meanwhile'"
    assert sandbox.device(seed.ALICE_EV_ID)["charge_policy"][trip.weekday] == USUAL
    assert puts(sandbox, path) == ([200] if went_through else [503, 200])
    put_backs = Change.objects.filter(intent=Change.Intent.RESTORE_TRIP_TARGET).order_by("created_at")
    expected = (
        [Change.Outcome.APPLIED] if went_through else [Change.Outcome.NOT_APPLIED, Change.Outcome.SUCCEEDED]
    )
    assert [change.outcome for change in put_backs] == expected


@pytest.mark.django_db(transaction=True)
@WENT_THROUGH
def test_an_absence_whose_worker_died_mid_resume_ends_with_one_write(
    sandbox, workers, alice_heat_pump, went_through
):
    absence = away_until(timezone.now() + timedelta(seconds=1), alice_heat_pump)
    sandbox.clear_requests()
    path = podero_path(alice_heat_pump)

    kill_mid_call(sandbox, workers, path, went_through=went_through)

    [item] = absence.devices.all()
    assert (item.state, item.claimed_at is not None) == (AbsenceDevice.State.PAUSED, True), (
        "claimed, never settled"
    )
    assert Absence.objects.get(pk=absence.pk).status == Absence.Status.ACTIVE, (
        "'You are away until …', in the past"
    )
    with workers():
        eventually(lambda: Absence.objects.get(pk=absence.pk).status == Absence.Status.ENDED)

    item.refresh_from_db()
    assert (item.state, item.claimed_at) == (AbsenceDevice.State.RESUMED, None)
    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is True
    assert puts(sandbox, path) == ([200] if went_through else [503, 200])
    resumes = Change.objects.filter(intent=Change.Intent.RESUME_OPTIMIZATION).order_by("created_at")
    expected = (
        [Change.Outcome.APPLIED] if went_through else [Change.Outcome.NOT_APPLIED, Change.Outcome.SUCCEEDED]
    )
    assert [change.outcome for change in resumes] == expected
