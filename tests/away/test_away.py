"""I am away: devices paused until a return date and resumed then by the background worker."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

import podero_sandbox as seed
from preferences import jobs
from preferences.audit import words as audit_words
from preferences.away import actions
from preferences.devices import timed_pause
from preferences.models import Absence, AbsenceDevice, Change, TimedPause
from tests.helpers import podero_path
from tests.worker import run_worker


@pytest.fixture
def home(sandbox, alice_heat_pump, alice_inverter, alice_ev):
    return alice_heat_pump.homeowner


def start(home, *, in_seconds, devices=None, pause_charge_deadlines=False):
    return actions.start_absence(
        homeowner=home,
        devices=devices if devices is not None else list(home.devices.exclude(kind="electric-vehicles")),
        pause_charge_deadlines=pause_charge_deadlines,
        returns_at=timezone.now() + timedelta(seconds=in_seconds),
        actor=home.user,
        now=timezone.now(),
    )


def pausable(home):
    return [
        str(pk) for pk in home.devices.exclude(kind="electric-vehicles").values_list("podero_id", flat=True)
    ]


def optimization_writes(sandbox):
    return [(w["path"], w["json"]) for w in sandbox.writes()]


@pytest.mark.django_db(transaction=True)
def test_going_away_pauses_the_chosen_devices_and_the_worker_resumes_them_at_the_return_time(
    home, sandbox, alice_heat_pump, alice_inverter
):
    start(home, in_seconds=1)

    assert optimization_writes(sandbox) == [
        (podero_path(alice_heat_pump), {"is_smart_optimization_active": False}),
        (podero_path(alice_inverter), {"is_smart_optimization_active": False}),
    ]
    run_worker()
    assert len(sandbox.writes()) == 2, "nothing is resumed before the return time"

    time.sleep(1.1)
    run_worker()

    assert optimization_writes(sandbox)[2:] == [
        (podero_path(alice_heat_pump), {"is_smart_optimization_active": True}),
        (podero_path(alice_inverter), {"is_smart_optimization_active": True}),
    ]
    absence = Absence.objects.get()
    assert absence.status == Absence.Status.ENDED
    assert {item.state for item in absence.devices.all()} == {AbsenceDevice.State.RESUMED}
    resumed = Change.objects.filter(intent=Change.Intent.RESUME_OPTIMIZATION)
    assert [(c.actor, c.reason) for c in resumed] == [(None, audit_words.RESUMED_AFTER_ABSENCE)] * 2


@pytest.mark.django_db(transaction=True)
def test_a_resume_that_meets_a_podero_outage_is_retried_until_it_succeeds(home, sandbox, settings):
    settings.ABSENCE_RETRY_DELAYS = [1]
    start(home, in_seconds=0.2)
    time.sleep(0.3)
    sandbox.fault(status=503, method="PUT")

    run_worker()

    assert {item.state for item in AbsenceDevice.objects.all()} == {AbsenceDevice.State.RETRYING}
    assert Absence.objects.get().status == Absence.Status.ACTIVE

    sandbox.control("DELETE", "faults")
    time.sleep(1.1)
    run_worker()

    assert {item.state for item in AbsenceDevice.objects.all()} == {AbsenceDevice.State.RESUMED}
    assert Absence.objects.get().status == Absence.Status.ENDED


def test_a_device_that_was_already_paused_is_left_alone_and_not_switched_on_afterwards(
    home, sandbox, alice_inverter
):
    sandbox.set_device(seed.ALICE_INVERTER_ID, is_smart_optimization_active=False)

    absence = start(home, in_seconds=60)
    actions.end_absence(absence=absence, actor=home.user, now=timezone.now())

    assert all(w["path"] != podero_path(alice_inverter) for w in sandbox.writes())


def test_the_charge_deadline_is_turned_off_and_back_on_when_asked(home, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)

    absence = start(home, in_seconds=60, devices=[], pause_charge_deadlines=True)
    actions.end_absence(absence=absence, actor=home.user, now=timezone.now())

    assert optimization_writes(sandbox) == [
        (podero_path(alice_ev), {"is_charge_policy_enabled": False}),
        (podero_path(alice_ev), {"is_charge_policy_enabled": True}),
    ]


def test_a_later_return_date_makes_the_earlier_resume_do_nothing(home, sandbox):
    absence = start(home, in_seconds=0)
    actions.change_return(absence=absence, returns_at=timezone.now() + timedelta(days=1))

    actions.resume_if_due(absence_id=absence.pk, now=timezone.now())

    assert len(sandbox.writes()) == 2
    assert Absence.objects.get().status == Absence.Status.ACTIVE


def test_the_away_form_starts_an_absence_in_the_homeowners_time_zone(client, home, sandbox):
    client.force_login(home.user)
    back = (timezone.now() + timedelta(days=3)).astimezone(timezone.get_default_timezone())

    response = client.post(
        reverse("preferences:away-start"),
        {
            "returns_at": back.strftime("%Y-%m-%dT%H:%M"),
            "devices": pausable(home),
        },
    )

    assertRedirects(response, reverse("preferences:dashboard"), fetch_redirect_response=False)
    absence = Absence.objects.get()
    assert absence.returns_at == back.replace(second=0, microsecond=0)
    page = client.get(reverse("preferences:dashboard"))
    assertContains(page, "You are away until")
    assertContains(page, "Paused until you are back")


def test_a_return_date_in_the_past_is_refused_at_the_field_and_nothing_is_paused(client, home, sandbox):
    client.force_login(home.user)

    response = client.post(
        reverse("preferences:away-start"),
        {"returns_at": "2020-01-01T10:00", "devices": pausable(home)},
    )

    assert response.status_code == 422
    assertContains(response, "Choose a time in the future.", status_code=422)
    assertContains(response, 'value="2020-01-01T10:00"', status_code=422)
    assert sandbox.writes() == []


def test_coming_back_early_switches_everything_on_now(client, home, sandbox):
    start(home, in_seconds=3600)
    client.force_login(home.user)

    client.post(reverse("preferences:away-end"))

    assert [w["json"] for w in sandbox.writes()][2:] == [{"is_smart_optimization_active": True}] * 2
    assert Absence.objects.get().status == Absence.Status.ENDED


def test_another_homeowners_devices_cannot_be_paused_through_the_form(client, home, sandbox, bob_heat_pump):
    client.force_login(home.user)
    back = timezone.now() + timedelta(days=1)

    response = client.post(
        reverse("preferences:away-start"),
        {"returns_at": back.strftime("%Y-%m-%dT%H:%M"), "devices": [str(bob_heat_pump.podero_id)]},
    )

    assert response.status_code == 422
    assert sandbox.writes() == []


def test_the_return_date_can_be_changed_from_my_devices(client, home, sandbox):
    absence = start(home, in_seconds=3600)
    client.force_login(home.user)
    later = (timezone.now() + timedelta(days=2)).astimezone(timezone.get_default_timezone())

    response = client.post(
        reverse("preferences:away-change-return"), {"returns_at": later.strftime("%Y-%m-%dT%H:%M")}
    )

    assertRedirects(response, reverse("preferences:dashboard"), fetch_redirect_response=False)
    absence.refresh_from_db()
    assert absence.returns_at == later.replace(second=0, microsecond=0)
    assert absence.status == Absence.Status.ACTIVE


def test_a_return_date_in_the_past_cannot_be_set_and_the_absence_stays(client, home, sandbox):
    absence = start(home, in_seconds=3600)
    client.force_login(home.user)

    response = client.post(reverse("preferences:away-change-return"), {"returns_at": "2020-01-01T10:00"})

    assertContains(response, "Choose a time in the future.", status_code=422)
    absence.refresh_from_db()
    assert absence.returns_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_pause_for_a_while_that_would_end_while_away_ends_with_the_absence(
    home, sandbox, alice_heat_pump, alice_inverter
):
    short = timed_pause.start_pause(
        device=alice_heat_pump, length=TimedPause.Length.THREE_HOURS, actor=home.user, now=timezone.now()
    )
    short.ends_at = timezone.now() + timedelta(seconds=0.5)
    short.save(update_fields=["ends_at"])
    jobs.resume_after_timed_pause.using(run_after=short.ends_at).enqueue(short.pk)
    sandbox.clear_requests()

    absence = start(home, in_seconds=1.5)
    short.refresh_from_db()
    assert short.status == TimedPause.Status.TAKEN_OVER
    assert str(short).endswith("(Ended by an absence)")
    time.sleep(0.6)
    run_worker()
    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is False, "still away"

    time.sleep(1)
    run_worker()

    assert optimization_writes(sandbox) == [
        (podero_path(alice_inverter), {"is_smart_optimization_active": False}),
        (podero_path(alice_heat_pump), {"is_smart_optimization_active": True}),
        (podero_path(alice_inverter), {"is_smart_optimization_active": True}),
    ]
    absence.refresh_from_db()
    assert absence.status == Absence.Status.ENDED


def test_a_pause_until_resumed_by_hand_is_not_switched_on_by_coming_back(home, sandbox, alice_heat_pump):
    timed_pause.start_pause(
        device=alice_heat_pump, length=TimedPause.Length.UNTIL_RESUMED, actor=home.user, now=timezone.now()
    )

    absence = start(home, in_seconds=60)
    actions.end_absence(absence=absence, actor=home.user, now=timezone.now())

    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is False
    assert timed_pause.active_pause(alice_heat_pump) is not None
