import logging

import pytest

from preferences import podero

from .conftest import EV_ID, HEAT_PUMP_ID, USER_ID, Reply, api_path, ev_json, heat_pump_json

BOOST_PATH = api_path(f"electric-vehicles/{EV_ID}/boost")
EV_PATH = api_path(f"electric-vehicles/{EV_ID}")
HEAT_PUMP_PATH = api_path(f"heat-pumps/{HEAT_PUMP_ID}")


def get_ev(client):
    return client.get_device(podero.DeviceKind.ELECTRIC_VEHICLE, user_id=USER_ID, device_id=EV_ID)


def set_deadline(client, **changes):
    return client.update_device(
        podero.DeviceKind.ELECTRIC_VEHICLE, user_id=USER_ID, device_id=EV_ID, changes=changes
    )


def test_a_409_on_boost_carries_podero_s_state_and_reason(podero_server, podero_client):
    podero_server.script(
        "POST", BOOST_PATH, Reply(status=409, json={"state": "ongoing", "reason": "already_charging"})
    )

    with pytest.raises(podero.PoderoConflict) as caught:
        podero_client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert caught.value.state == "ongoing"
    assert caught.value.reason == "already_charging"
    assert caught.value.status == 409


def test_a_409_reason_podero_has_not_documented_is_kept_as_sent(podero_server, podero_client):
    podero_server.script(
        "POST", BOOST_PATH, Reply(status=409, json={"detail": {"state": "x", "reason": "new_code"}})
    )

    with pytest.raises(podero.PoderoConflict) as caught:
        podero_client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert caught.value.reason == "new_code"


def test_a_409_without_a_readable_body_has_empty_state_and_reason(podero_server, podero_client):
    podero_server.script("POST", BOOST_PATH, Reply(status=409, body=b"Conflict"))

    with pytest.raises(podero.PoderoConflict) as caught:
        podero_client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert (caught.value.state, caught.value.reason) == ("", "")


def test_a_422_maps_django_ninja_errors_to_podero_field_names(podero_server, podero_client):
    detail = [
        {
            "loc": ["body", "payload", "minimum_charge_limit"],
            "msg": "Input should be less than or equal to 100",
            "type": "less_than_equal",
        },
        {"loc": ["body", "payload", "charge_deadline_at"], "msg": "Invalid time", "type": "value_error"},
        {"loc": ["body", "payload"], "msg": "Charge policy is disabled", "type": "value_error"},
    ]
    podero_server.script("PUT", EV_PATH, Reply(status=422, json={"detail": detail}))

    with pytest.raises(podero.PoderoRejected) as caught:
        set_deadline(podero_client, minimum_charge_limit=120, charge_deadline_at="25:00")

    assert caught.value.field_errors == {
        "minimum_charge_limit": ["Input should be less than or equal to 100"],
        "charge_deadline_at": ["Invalid time"],
        "": ["Charge policy is disabled"],
    }
    assert "minimum_charge_limit: Input should be less than or equal to 100" in caught.value.message
    assert caught.value.status == 422


def test_a_422_inside_a_charge_policy_day_keeps_the_day(podero_server, podero_client):
    detail = [
        {
            "loc": ["body", "payload", "sat", "charge_percentage"],
            "msg": "Input should be less than or equal to 90",
            "type": "less_than_equal",
        }
    ]
    podero_server.script("PUT", f"{EV_PATH}/charge-policy", Reply(status=422, json={"detail": detail}))
    policy = podero.WeeklyChargePolicy(
        timezone="Europe/Berlin", days=dict.fromkeys(podero.WEEKDAYS, podero.DayTarget(95, "07:00"))
    )

    with pytest.raises(podero.PoderoRejected) as caught:
        podero_client.put_charge_policy(user_id=USER_ID, ev_id=EV_ID, policy=policy)

    assert caught.value.field_errors == {
        "sat.charge_percentage": ["Input should be less than or equal to 90"]
    }


def test_a_422_with_a_plain_text_detail_is_a_non_field_error(podero_server, podero_client):
    podero_server.script("PUT", EV_PATH, Reply(status=422, json={"detail": "Mode not available"}))

    with pytest.raises(podero.PoderoRejected) as caught:
        set_deadline(podero_client, is_charge_policy_enabled=True)

    assert caught.value.field_errors == {"": ["Mode not available"]}
    assert caught.value.message == "Mode not available"


def test_a_422_without_a_readable_body_still_says_it_was_rejected(podero_server, podero_client):
    podero_server.script("PUT", EV_PATH, Reply(status=422, body=b"nope"))

    with pytest.raises(podero.PoderoRejected) as caught:
        set_deadline(podero_client, is_charge_policy_enabled=True)

    assert caught.value.field_errors == {}
    assert caught.value.message


def test_a_404_is_not_found(podero_server, podero_client):
    podero_server.script("GET", EV_PATH, Reply(status=404, json={"detail": "Not Found"}))

    with pytest.raises(podero.PoderoNotFound) as caught:
        get_ev(podero_client)

    assert caught.value.status == 404


def test_a_403_is_unauthorized_without_renewing_the_token(podero_server, podero_client):
    podero_server.script("GET", EV_PATH, Reply(status=403))

    with pytest.raises(podero.PoderoUnauthorized):
        get_ev(podero_client)

    assert len(podero_server.token_requests) == 1
    assert len(podero_server.calls()) == 1


def test_a_500_on_a_read_is_unavailable(podero_server, podero_client):
    podero_server.script("GET", EV_PATH, Reply(status=500))

    with pytest.raises(podero.PoderoUnavailable) as caught:
        get_ev(podero_client)

    assert caught.value.status == 500
    assert caught.value.outcome_unknown is False


def test_a_500_on_a_write_leaves_the_outcome_unknown(podero_server, podero_client):
    podero_server.script("PUT", EV_PATH, Reply(status=500))

    with pytest.raises(podero.PoderoUnavailable) as caught:
        set_deadline(podero_client, is_charge_policy_enabled=False)

    assert caught.value.outcome_unknown is True


@pytest.mark.parametrize("status", [400, 405, 418])
def test_any_other_4xx_is_a_refusal_and_one_log_line(podero_server, podero_client, status, caplog):
    podero_server.script("GET", EV_PATH, Reply(status=status, json={"detail": "secret-ish body"}))

    with pytest.raises(podero.PoderoError) as caught:
        get_ev(podero_client)

    assert type(caught.value) is podero.PoderoRefused
    assert caught.value.status == status
    [line] = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    short_path = EV_PATH.split(f"/org/{podero_client.org_id}/")[1]
    assert line.getMessage() == (
        f"Podero GET {short_path} answered {status}: Unexpected HTTP {status} from Podero for GET {short_path}"
    )


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_not_followed_and_fails_loudly_naming_where_and_the_setting(
    podero_server, podero_client, status, caplog
):
    target = "https://app.podero.com/api/partners/v2.0/org/x?token=never-logged"
    podero_server.script("GET", EV_PATH, Reply(status=status, headers={"Location": target}))

    with pytest.raises(podero.PoderoRedirected) as caught:
        get_ev(podero_client)

    assert len(podero_server.calls()) == 1  # not followed
    message = str(caught.value)
    assert f"(HTTP {status}) to https://app.podero.com/api/partners/v2.0/org/x;" in message
    assert "PODERO_BASE_URL" in message
    assert "never-logged" not in message
    [line] = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    assert line.levelno == logging.ERROR
    assert "PODERO_BASE_URL" in line.getMessage()
    assert "never-logged" not in line.getMessage()


def test_a_body_that_is_not_json_is_a_bad_response(podero_server, podero_client):
    podero_server.script("GET", EV_PATH, Reply(body=b"<html>maintenance</html>"))

    with pytest.raises(podero.PoderoBadResponse) as caught:
        get_ev(podero_client)

    assert caught.value.outcome_unknown is False
    assert caught.value.status == 200
    assert "maintenance" not in str(caught.value)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=200, json=heat_pump_json(is_smart_optimization_active=True)),
        Reply(status=204),
        Reply(status=200, json="OK"),
        Reply(status=200, body=b"OK"),
        Reply(status=200, body=b"{not json"),
        Reply(status=200, json=heat_pump_json(id=None)),
    ],
    ids=["200 device", "204", "200 OK as JSON", "200 OK as text", "200 not JSON", "200 unreadable device"],
)
def test_any_2xx_answer_to_a_write_means_applied(podero_server, podero_client, reply, caplog):
    caplog.set_level(logging.INFO, logger="preferences.podero.answers")
    podero_server.script("PUT", HEAT_PUMP_PATH, reply)

    device = podero_client.update_device(
        podero.DeviceKind.HEAT_PUMP,
        user_id=USER_ID,
        device_id=HEAT_PUMP_ID,
        changes={"is_smart_optimization_active": True},
    )

    lines = [r.getMessage() for r in caplog.records if r.name == "preferences.podero.answers"]
    if reply.json is not None and isinstance(reply.json, dict) and reply.json.get("id"):
        assert device is not None
        assert device.is_smart_optimization_active is True
        assert lines == []
    else:
        assert device is None  # the caller reads the device again
        [line] = lines
        assert f"answered {reply.status}: applied" in line


def test_a_field_we_can_do_without_is_read_as_unknown_and_logged_once(podero_server, podero_client, caplog):
    podero_server.script(
        "GET", EV_PATH, Reply(json=ev_json(battery_level="lots", is_plugged_in="yes", brand_new={"x": 1}))
    )

    ev = get_ev(podero_client)

    assert (ev.battery_level, ev.is_plugged_in) == (None, None)
    [line] = [r.getMessage() for r in caplog.records if r.name == "preferences.podero.answers"]
    assert line.endswith(
        "answered 200: field 'is_plugged_in': unexpected str value, read as unknown; "
        "field 'battery_level': unexpected str value, read as unknown"
    )
    assert "lots" not in line


def test_a_field_we_need_of_the_wrong_type_is_a_bad_response_naming_the_field(
    podero_server, podero_client, caplog
):
    podero_server.script("GET", EV_PATH, Reply(json=ev_json(is_smart_optimization_active="lots")))

    with pytest.raises(podero.PoderoBadResponse) as caught:
        get_ev(podero_client)

    assert "is_smart_optimization_active" in str(caught.value)
    assert "lots" not in str(caught.value)
    [line] = [r.getMessage() for r in caplog.records if r.name == "preferences.podero.answers"]
    assert "answered 200: field 'is_smart_optimization_active': unexpected str value" in line


def test_a_device_list_that_is_not_a_list_is_a_bad_response(podero_server, podero_client):
    podero_server.script("GET", api_path("heat-pumps"), Reply(json={"detail": [heat_pump_json()]}))

    with pytest.raises(podero.PoderoBadResponse):
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)
