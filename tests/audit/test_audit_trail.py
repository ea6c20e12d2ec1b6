"""The audit trail: every intent records one Change with who, for whom, what was sent and how it ended.

Changes are append-only: a finished record cannot be edited or deleted, not even in bulk.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

import podero_sandbox as seed
from preferences import podero
from preferences.charging import actions as charging_actions
from preferences.devices import actions
from preferences.models import Change
from preferences.podero.client import get_client
from tests.helpers import CONFIRMED, action_url, podero_path

NOW = timezone.now()


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("maria@example.com", first_name="Maria", is_staff=True)


# (device, sandbox set-up, homeowner's URL and form, intent, method, path suffix)
INTENTS = [
    pytest.param(
        "alice_heat_pump",
        {},
        "pause",
        {},
        Change.Intent.PAUSE_OPTIMIZATION,
        "PUT",
        "",
        id="pause",
    ),
    pytest.param(
        "alice_inverter",
        {"is_smart_optimization_active": False},
        "resume",
        {},
        Change.Intent.RESUME_OPTIMIZATION,
        "PUT",
        "",
        id="resume",
    ),
    pytest.param(
        "alice_ev",
        {},
        "charge-now",
        {"confirmed": "yes"},
        Change.Intent.CHARGE_NOW,
        "POST",
        "/boost",
        id="charge now",
    ),
    pytest.param(
        "alice_ev",
        {},
        "cancel-boost",
        {},
        Change.Intent.CANCEL_BOOST,
        "DELETE",
        "/boost",
        id="cancel boost",
    ),
    pytest.param(
        "alice_ev",
        {"is_charge_policy_enabled": True},
        "charging-plan",
        {"choice": "daily", "ready_by": "06:30", "minimum_charge": "70"},
        Change.Intent.SET_CHARGE_DEADLINE,
        "PUT",
        "",
        id="same every day",
    ),
    pytest.param(
        "alice_ev",
        {"is_charge_policy_enabled": True},
        "charging-plan",
        {"choice": "none"},
        Change.Intent.DISABLE_CHARGE_POLICY,
        "PUT",
        "",
        id="no deadline",
    ),
    pytest.param(
        "alice_ev",
        {"is_charge_policy_enabled": True},
        "charging-plan",
        {"choice": "weekly", "timezone": "Europe/Berlin", "starts": "mon,sat"}
        | {"mon_percentage": "80", "mon_deadline": "07:00", "sat_percentage": "50", "sat_deadline": "10:00"},
        Change.Intent.SET_WEEKLY_SCHEDULE,
        "PUT",
        "/charge-policy",
        id="different on some days",
    ),
    pytest.param(
        "alice_ev",
        {"is_charge_policy_enabled": True},
        "trip-target",
        {"trip-day": "TOMORROW", "trip-percentage": "100", "trip-ready_by": "06:00"},
        Change.Intent.SET_TRIP_TARGET,
        "PUT",
        "/charge-policy",
        id="just for the next trip",
    ),
]


@pytest.mark.parametrize(("device_fixture", "setup", "action", "data", "intent", "method", "suffix"), INTENTS)
def test_every_homeowner_intent_records_one_change_with_exactly_what_podero_received(
    client, sandbox, request, device_fixture, setup, action, data, intent, method, suffix
):
    device = request.getfixturevalue(device_fixture)
    if setup:
        sandbox.set_device(str(device.podero_id), **setup)
    client.force_login(device.homeowner.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {key: tomorrow if value == "TOMORROW" else value for key, value in data.items()}

    client.post(action_url(device, action), data)

    [write] = sandbox.writes()
    [change] = Change.objects.all()
    assert (write["method"], write["path"]) == (method, podero_path(device, suffix))
    assert podero_path(device, suffix).endswith("/" + change.request_path)
    assert (change.request_method, change.request_body) == (method, write["json"])
    assert (change.intent, change.outcome) == (intent, Change.Outcome.SUCCEEDED)
    assert (change.actor, change.homeowner, change.device) == (
        device.homeowner.user,
        device.homeowner,
        device,
    )
    assert (change.device_kind, str(change.device_podero_id)) == (device.kind, str(device.podero_id))
    assert change.http_status in (200, 204)
    assert change.reason == ""
    assert change.created_at <= change.finished_at


def test_a_podero_outage_is_recorded_as_failed_with_the_error_kind_and_status(
    client, sandbox, alice_heat_pump
):
    sandbox.fault(status=503, method="PUT")
    client.force_login(alice_heat_pump.homeowner.user)

    client.post(action_url(alice_heat_pump, "pause"))

    [change] = Change.objects.all()
    assert (change.outcome, change.error_kind, change.http_status) == (
        Change.Outcome.FAILED,
        "PoderoUnavailable",
        503,
    )
    assert change.request_body == {"is_smart_optimization_active": False}
    assert change.finished_at is not None


def test_a_refused_boost_is_recorded_with_podero_s_409_reason(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, battery_level=100, is_fully_charged=True)
    client.force_login(alice_ev.homeowner.user)

    client.post(action_url(alice_ev, "charge-now"), CONFIRMED)

    [change] = Change.objects.all()
    assert (change.outcome, change.http_status, change.conflict_reason) == (
        Change.Outcome.REFUSED,
        409,
        "fully_charged",
    )


def test_values_podero_rejects_are_recorded_as_rejected(sandbox, alice_ev):
    with pytest.raises(podero.PoderoRejected):
        charging_actions.set_charge_deadline(
            ev=alice_ev, minimum_charge=150, actor=alice_ev.homeowner.user, now=NOW
        )

    [change] = Change.objects.all()
    assert (change.outcome, change.http_status, change.error_kind) == (
        Change.Outcome.REJECTED,
        422,
        "PoderoRejected",
    )
    assert change.request_body == {"minimum_charge_limit": 150}


def test_a_write_that_times_out_is_recorded_as_may_still_take_effect(sandbox, alice_heat_pump, settings):
    settings.PODERO_READ_TIMEOUT = 0.3
    get_client.cache_clear()
    sandbox.fault(hang_seconds=1, method="PUT")

    with pytest.raises(podero.PoderoUnavailable):
        actions.pause_optimization(device=alice_heat_pump, actor=alice_heat_pump.homeowner.user, now=NOW)

    [change] = Change.objects.all()
    assert change.outcome == Change.Outcome.UNKNOWN
    assert change.error_kind == "PoderoUnavailable"


def test_an_unexpected_error_is_recorded_as_unknown_and_raised(sandbox, alice_heat_pump, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug after the request left")

    monkeypatch.setattr(get_client(), "send", broken)

    with pytest.raises(RuntimeError):
        actions.pause_optimization(device=alice_heat_pump, actor=alice_heat_pump.homeowner.user, now=NOW)

    [change] = Change.objects.all()
    assert (change.outcome, change.error_kind) == (Change.Outcome.UNKNOWN, "RuntimeError")


def test_staff_acting_for_a_homeowner_are_recorded_with_their_reason(sandbox, staff, alice_heat_pump):
    actions.pause_optimization(device=alice_heat_pump, actor=staff, now=NOW, reason="  Customer is away  ")

    [change] = Change.objects.all()
    assert (change.actor, change.reason, change.homeowner) == (
        staff,
        "Customer is away",
        alice_heat_pump.homeowner,
    )


def test_staff_cannot_act_for_a_homeowner_without_a_reason_and_podero_hears_nothing(
    sandbox, staff, alice_heat_pump
):
    with pytest.raises(ValueError, match="reason"):
        actions.pause_optimization(device=alice_heat_pump, actor=staff, now=NOW, reason=" ")

    assert not Change.objects.exists()
    assert sandbox.requests() == []


# The model guard: append-only


@pytest.fixture
def finished_change(sandbox, alice_heat_pump):
    actions.pause_optimization(device=alice_heat_pump, actor=alice_heat_pump.homeowner.user, now=NOW)
    return Change.objects.get()


def test_a_finished_change_cannot_be_edited(finished_change):
    finished_change.reason = "rewritten history"

    with pytest.raises(ValueError, match="cannot be edited"):
        finished_change.save()

    assert Change.objects.get().reason == ""


def test_a_change_cannot_be_deleted_one_by_one_or_in_bulk(finished_change):
    with pytest.raises(ValueError, match="cannot be deleted"):
        finished_change.delete()
    with pytest.raises(ValueError, match="cannot be deleted"):
        Change.objects.all().delete()

    assert Change.objects.count() == 1


def test_a_pending_change_can_still_be_completed(alice_heat_pump):
    change = Change.objects.create(
        created_at=NOW - timedelta(seconds=1),
        homeowner=alice_heat_pump.homeowner,
        device=alice_heat_pump,
        device_kind=alice_heat_pump.kind,
        device_podero_id=alice_heat_pump.podero_id,
        intent=Change.Intent.PAUSE_OPTIMIZATION,
        request_method="PUT",
        request_path="users/x/heat-pumps/y",
    )

    change.outcome = Change.Outcome.SUCCEEDED
    change.save()

    assert Change.objects.get().outcome == Change.Outcome.SUCCEEDED


def test_a_device_that_disappears_from_podero_keeps_its_changes(finished_change, alice_heat_pump):
    alice_heat_pump.delete()

    change = Change.objects.get()
    assert change.device is None
    assert (change.device_kind, str(change.device_podero_id)) == ("heat-pumps", seed.ALICE_HEAT_PUMP_ID)
