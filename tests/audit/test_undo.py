"""Undo: for a few minutes after a change, one request puts back exactly what it replaced."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from preferences.models import Change
from tests.helpers import CONFIRMED, HTMX, action_url, page_url, podero_path

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SEED_WEEK = dict.fromkeys(WEEKDAYS[:5], (80, "07:00")) | dict.fromkeys(WEEKDAYS[5:], (50, "10:00"))


def week_data(**overrides):
    """The plan card's per-day rows for the seed's commuter week: Mon–Fri and Sat–Sun."""
    data = {
        "choice": "weekly",
        "timezone": "Europe/Berlin",
        "starts": "mon,sat",
        "mon_percentage": "80",
        "mon_deadline": "07:00",
        "sat_percentage": "50",
        "sat_deadline": "10:00",
    }
    return data | overrides


def undo_url(response):
    return re.search(r'action="(/changes/\d+/undo/)"', response.content.decode()).group(1)


def test_undoing_a_pause_resumes_with_one_request(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    paused = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    response = client.post(undo_url(paused), headers=HTMX)

    assertContains(response, "Undone: back to how it was before.")
    assertContains(response, 'aria-checked="true"')
    assert [(w["path"], w["json"]) for w in sandbox.writes()] == [
        (podero_path(alice_heat_pump), {"is_smart_optimization_active": False}),
        (podero_path(alice_heat_pump), {"is_smart_optimization_active": True}),
    ]
    undo = Change.objects.first()
    assert undo.undoes == Change.objects.last()


def test_undoing_a_new_deadline_sends_back_exactly_the_values_it_replaced(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    saved = client.post(
        action_url(alice_ev, "charging-plan"),
        {"choice": "daily", "ready_by": "06:30", "minimum_charge": "70"},
        headers=HTMX,
    )

    client.post(undo_url(saved), headers=HTMX)

    assert [w["json"] for w in sandbox.writes()] == [
        {"charge_deadline_at": "06:30", "minimum_charge_limit": 70},
        {"charge_deadline_at": "07:00", "minimum_charge_limit": 80},
    ]


def test_undoing_a_weekly_schedule_puts_back_the_whole_earlier_week(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    saved = client.post(action_url(alice_ev, "charging-plan"), week_data(), headers=HTMX)

    client.post(undo_url(saved), headers=HTMX)

    first, second = (w["json"] for w in sandbox.writes())
    assert first == {
        "timezone": "Europe/Berlin",
        **{d: {"charge_percentage": p, "charge_deadline": t} for d, (p, t) in SEED_WEEK.items()},
    }
    assert second == {
        "timezone": "Europe/Berlin",
        **{day: {"charge_percentage": 80, "charge_deadline": "07:00"} for day in SEED_WEEK},
    }


def test_an_armed_charge_offers_one_control_to_disarm_it_not_an_undo_as_well(client, sandbox, alice_ev):
    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)

    armed = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assertNotContains(armed, "/undo/")
    assert armed.content.decode().count("Don&#x27;t start when plugged in") == 1


def test_a_charge_that_started_offers_no_undo(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assertContains(response, "Charging at full speed until the battery is full")
    assertNotContains(response, "/undo/")


def test_after_the_undo_window_nothing_is_sent(client, sandbox, alice_heat_pump, settings):
    client.force_login(alice_heat_pump.homeowner.user)
    paused = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    Change.objects.update(created_at=timezone.now() - timedelta(seconds=settings.UNDO_WINDOW_SECONDS + 1))

    response = client.post(undo_url(paused), headers=HTMX)

    assertContains(response, "can no longer be undone")
    assert len(sandbox.writes()) == 1


def test_only_the_latest_change_of_a_device_can_be_undone(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    paused = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)

    response = client.post(undo_url(paused), headers=HTMX)

    assertContains(response, "can no longer be undone")
    assert len(sandbox.writes()) == 2


def test_someone_elses_change_cannot_be_undone(client, sandbox, alice_heat_pump, bob):
    client.force_login(alice_heat_pump.homeowner.user)
    paused = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    client.force_login(bob.user)

    response = client.post(undo_url(paused), headers=HTMX)

    assert response.status_code == 404
    assert len(sandbox.writes()) == 1


def test_without_javascript_the_undo_button_comes_with_the_note_after_the_redirect(
    client, sandbox, alice_heat_pump
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause"))

    page = client.get(page_url(alice_heat_pump))

    assertContains(page, "Smart optimization is paused")
    client.post(undo_url(page))
    assert sandbox.writes()[-1]["json"] == {"is_smart_optimization_active": True}


@pytest.mark.parametrize("htmx", [True, False])
def test_an_earlier_weekly_schedule_can_be_restored_from_the_activity_list(client, sandbox, alice_ev, htmx):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    client.post(action_url(alice_ev, "charging-plan"), week_data(), headers=HTMX)
    client.post(action_url(alice_ev, "charging-plan"), week_data(mon_percentage="95"), headers=HTMX)
    first_schedule = Change.objects.filter(intent=Change.Intent.SET_WEEKLY_SCHEDULE).last()
    page = client.get(page_url(alice_ev))
    restore = reverse("preferences:change-restore-schedule", args=[first_schedule.pk])
    assertContains(page, f'action="{restore}"')

    client.post(restore, headers=HTMX if htmx else {})

    assert sandbox.writes()[-1]["json"] == first_schedule.request_body
