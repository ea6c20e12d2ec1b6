"""The client against the sandbox, for every call the seed shows: exact method, path and JSON body."""

import pytest

import podero_sandbox as seed
from preferences import podero
from preferences.podero.client import get_client

USER = seed.ALICE_USER_ID
BASE = f"/api/partners/v2.0/org/{seed.ORG_ID}/users/{USER}"


@pytest.fixture
def client(sandbox):
    sandbox.clear_requests()
    return get_client()


def only_request(sandbox):
    [request] = sandbox.requests()
    return request


@pytest.mark.parametrize(
    ("kind", "device_id"),
    [
        (podero.DeviceKind.HEAT_PUMP, seed.ALICE_HEAT_PUMP_ID),
        (podero.DeviceKind.INVERTER, seed.ALICE_INVERTER_ID),
    ],
)
@pytest.mark.parametrize("active", [False, True])
def test_pause_and_resume_send_only_the_optimization_flag(client, sandbox, kind, device_id, active):
    device = client.update_device(
        kind, user_id=USER, device_id=device_id, changes={"is_smart_optimization_active": active}
    )

    request = only_request(sandbox)
    assert (request["method"], request["path"]) == ("PUT", f"{BASE}/{kind}/{device_id}")
    assert request["body"] == '{"is_smart_optimization_active": %s}' % ("true" if active else "false")
    assert request["headers"]["content-type"] == "application/json"
    assert request["headers"]["authorization"].startswith("Bearer ")
    assert device.is_smart_optimization_active is active


def test_charge_now_posts_to_boost_with_no_body(client, sandbox):
    client.start_boost(user_id=USER, ev_id=seed.ALICE_EV_ID)

    request = only_request(sandbox)
    assert (request["method"], request["path"], request["body"]) == (
        "POST",
        f"{BASE}/electric-vehicles/{seed.ALICE_EV_ID}/boost",
        "",
    )
    assert request["status"] == 204


def test_cancel_boost_deletes_boost_with_no_body(client, sandbox):
    client.cancel_boost(user_id=USER, ev_id=seed.ALICE_EV_ID)

    request = only_request(sandbox)
    assert (request["method"], request["path"], request["body"], request["status"]) == (
        "DELETE",
        f"{BASE}/electric-vehicles/{seed.ALICE_EV_ID}/boost",
        "",
        204,
    )


def test_a_second_charge_now_while_charging_is_a_conflict_with_the_reason(client, sandbox):
    client.start_boost(user_id=USER, ev_id=seed.ALICE_EV_ID)

    with pytest.raises(podero.PoderoConflict) as refused:
        client.start_boost(user_id=USER, ev_id=seed.ALICE_EV_ID)

    assert refused.value.reason == "already_charging"
    assert len(sandbox.writes()) == 2


def test_set_a_charge_deadline_sends_the_seed_body(client, sandbox):
    changes = {"is_charge_policy_enabled": True, "charge_deadline_at": "07:00", "minimum_charge_limit": 80}

    vehicle = client.update_device(
        podero.DeviceKind.ELECTRIC_VEHICLE, user_id=USER, device_id=seed.ALICE_EV_ID, changes=changes
    )

    request = only_request(sandbox)
    assert (request["method"], request["path"]) == ("PUT", f"{BASE}/electric-vehicles/{seed.ALICE_EV_ID}")
    assert request["json"] == changes
    assert list(request["json"]) == list(changes)
    assert (vehicle.is_charge_policy_enabled, vehicle.charge_deadline_at, vehicle.minimum_charge_limit) == (
        True,
        "07:00",
        80,
    )


def test_a_put_with_one_changed_field_leaves_the_others_as_they_were(client, sandbox):
    client.update_device(
        podero.DeviceKind.ELECTRIC_VEHICLE,
        user_id=USER,
        device_id=seed.ALICE_EV_ID,
        changes={"is_charge_policy_enabled": True},
    )

    vehicle = client.get_device(podero.DeviceKind.ELECTRIC_VEHICLE, user_id=USER, device_id=seed.ALICE_EV_ID)

    assert sandbox.writes()[0]["json"] == {"is_charge_policy_enabled": True}
    assert (vehicle.charge_deadline_at, vehicle.minimum_charge_limit) == ("07:00", 80)


def test_turning_the_policy_off_sends_only_the_flag(client, sandbox):
    client.update_device(
        podero.DeviceKind.ELECTRIC_VEHICLE,
        user_id=USER,
        device_id=seed.ALICE_EV_ID,
        changes={"is_charge_policy_enabled": False},
    )

    assert only_request(sandbox)["body"] == '{"is_charge_policy_enabled": false}'


def test_the_weekly_schedule_round_trips_in_the_seed_shape(client, sandbox):
    week = {
        day: podero.DayTarget(charge_percentage=80, charge_deadline="07:00") for day in podero.WEEKDAYS[:5]
    }
    week |= {day: podero.DayTarget(charge_percentage=50, charge_deadline="10:00") for day in ("sat", "sun")}
    policy = podero.WeeklyChargePolicy(timezone="Europe/Berlin", days=week)

    client.put_charge_policy(user_id=USER, ev_id=seed.ALICE_EV_ID, policy=policy)
    stored = client.get_charge_policy(user_id=USER, ev_id=seed.ALICE_EV_ID)

    put, get = sandbox.requests()
    assert (put["method"], put["path"]) == (
        "PUT",
        f"{BASE}/electric-vehicles/{seed.ALICE_EV_ID}/charge-policy",
    )
    assert put["json"] == {
        "timezone": "Europe/Berlin",
        "mon": {"charge_percentage": 80, "charge_deadline": "07:00"},
        "tue": {"charge_percentage": 80, "charge_deadline": "07:00"},
        "wed": {"charge_percentage": 80, "charge_deadline": "07:00"},
        "thu": {"charge_percentage": 80, "charge_deadline": "07:00"},
        "fri": {"charge_percentage": 80, "charge_deadline": "07:00"},
        "sat": {"charge_percentage": 50, "charge_deadline": "10:00"},
        "sun": {"charge_percentage": 50, "charge_deadline": "10:00"},
    }
    assert get["method"] == "GET"
    assert stored == policy


@pytest.mark.parametrize(
    ("kind", "ids"),
    [
        (podero.DeviceKind.HEAT_PUMP, [seed.ALICE_HEAT_PUMP_ID]),
        (podero.DeviceKind.ELECTRIC_VEHICLE, [seed.ALICE_EV_ID]),
        (podero.DeviceKind.INVERTER, [seed.ALICE_INVERTER_ID]),
    ],
)
def test_device_lists_parse_into_typed_devices(client, sandbox, kind, ids):
    devices = client.list_devices(kind, user_id=USER)

    assert [str(d.id) for d in devices] == ids
    assert all(d.kind == kind for d in devices)
    assert only_request(sandbox)["path"] == f"{BASE}/{kind}"


def test_invalid_values_come_back_as_field_errors(client, sandbox):
    with pytest.raises(podero.PoderoRejected) as rejected:
        client.update_device(
            podero.DeviceKind.ELECTRIC_VEHICLE,
            user_id=USER,
            device_id=seed.ALICE_EV_ID,
            changes={"minimum_charge_limit": 120, "charge_deadline_at": "7:00"},
        )

    assert set(rejected.value.field_errors) == {"minimum_charge_limit", "charge_deadline_at"}


def test_another_users_device_is_not_found(client, sandbox):
    with pytest.raises(podero.PoderoNotFound):
        client.get_device(podero.DeviceKind.HEAT_PUMP, user_id=USER, device_id=seed.BOB_HEAT_PUMP_ID)
