import logging

import pytest

from preferences import podero

from .conftest import EV_ID, USER_ID, WEEKLY_POLICY_JSON, Reply, api_path

POLICY_PATH = api_path(f"electric-vehicles/{EV_ID}/charge-policy")


def weekly_policy():
    return podero.WeeklyChargePolicy(
        timezone="Europe/Berlin",
        days={
            day: podero.DayTarget(
                charge_percentage=50 if day in ("sat", "sun") else 80,
                charge_deadline="10:00" if day in ("sat", "sun") else "07:00",
            )
            for day in podero.WEEKDAYS
        },
    )


def test_get_charge_policy_reads_the_wrapped_get_shape(podero_server, podero_client):
    metadata = {"electric_vehicle_id": str(EV_ID), "user_id": str(USER_ID), "error": ""}
    podero_server.script("GET", POLICY_PATH, Reply(json={"metadata": metadata, "data": WEEKLY_POLICY_JSON}))

    policy = podero_client.get_charge_policy(user_id=USER_ID, ev_id=EV_ID)

    assert policy == weekly_policy()
    assert policy.days["sat"] == podero.DayTarget(charge_percentage=50, charge_deadline="10:00")


def test_put_charge_policy_sends_the_seed_s_body_in_weekday_order(podero_server, podero_client):
    podero_server.script("PUT", POLICY_PATH, Reply(json={"metadata": {}, "data": WEEKLY_POLICY_JSON}))

    saved = podero_client.put_charge_policy(user_id=USER_ID, ev_id=EV_ID, policy=weekly_policy())

    [call] = podero_server.calls("PUT", POLICY_PATH)
    assert call.headers["content-type"] == "application/json"
    assert call.json() == WEEKLY_POLICY_JSON
    assert list(call.json()) == ["timezone", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert saved == weekly_policy()


def test_put_charge_policy_without_a_response_body_returns_the_policy_sent(podero_server, podero_client):
    podero_server.script("PUT", POLICY_PATH, Reply(status=204))

    saved = podero_client.put_charge_policy(user_id=USER_ID, ev_id=EV_ID, policy=weekly_policy())

    assert saved == weekly_policy()


def test_a_policy_round_trips_through_its_json():
    policy = podero.WeeklyChargePolicy.from_json(WEEKLY_POLICY_JSON)

    assert policy.to_json() == WEEKLY_POLICY_JSON


def test_days_are_kept_in_weekday_order_whatever_order_they_were_given_in():
    policy = podero.WeeklyChargePolicy(
        timezone="Europe/Vienna",
        days={"sun": podero.DayTarget(50, "10:00"), "mon": podero.DayTarget(80, "07:00")},
    )

    assert list(policy.to_json()) == ["timezone", "mon", "sun"]


def test_a_day_that_is_not_a_weekday_is_refused():
    with pytest.raises(ValueError, match="not weekdays"):
        podero.WeeklyChargePolicy(timezone="Europe/Berlin", days={"monday": podero.DayTarget(80, "07:00")})


def test_a_day_of_the_wrong_shape_is_left_out_and_logged(podero_server, podero_client, caplog):
    broken = WEEKLY_POLICY_JSON | {"wed": {"charge_percentage": "eighty", "charge_deadline": "07:00"}}
    podero_server.script("GET", POLICY_PATH, Reply(json={"metadata": {}, "data": broken}))

    policy = podero_client.get_charge_policy(user_id=USER_ID, ev_id=EV_ID)

    assert list(policy.days) == ["mon", "tue", "thu", "fri", "sat", "sun"]
    [line] = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    assert line.levelno == logging.WARNING
    assert line.getMessage() == (
        f"Podero GET {POLICY_PATH.split('/org/')[1].split('/', 1)[1]} answered 200: "
        "wed left out (field 'charge_percentage': unexpected str value)"
    )


@pytest.mark.parametrize(
    "reply",
    [
        Reply(json={"metadata": {"error": None}, "data": None}),
        Reply(status=404, json={"detail": "Not Found"}),
    ],
    ids=["data null", "404"],
)
def test_no_policy_reads_as_none(podero_server, podero_client, caplog, reply):
    caplog.set_level(logging.INFO, logger="preferences.podero.answers")
    podero_server.script("GET", POLICY_PATH, reply)

    policy = podero_client.get_charge_policy(user_id=USER_ID, ev_id=EV_ID)

    assert policy == podero.WeeklyChargePolicy.none()
    assert policy.is_none
    [line] = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    assert line.getMessage().endswith(f"charge-policy answered {reply.status}: no weekly charge policy")


def test_deadlines_with_seconds_or_as_date_times_and_fractions_are_read(podero_server, podero_client):
    odd = WEEKLY_POLICY_JSON | {
        "mon": {"charge_percentage": 80.0, "charge_deadline": "07:00:00"},
        "sat": {"charge_percentage": 50, "charge_deadline": "2024-01-06T10:00:00+01:00"},
        "extra": {"unknown": True},
    }
    podero_server.script("GET", POLICY_PATH, Reply(json={"metadata": {"new": 1}, "data": odd}))

    assert podero_client.get_charge_policy(user_id=USER_ID, ev_id=EV_ID) == weekly_policy()


def test_deadlines_sent_as_moments_are_read_in_the_policy_s_time_zone(podero_server, podero_client):
    moments = {
        "mon": {"charge_percentage": 80, "charge_deadline": "2026-01-05T06:00:00Z"},
        "tue": {"charge_percentage": 80, "charge_deadline": "07:00+01:00"},
        "sat": {"charge_percentage": 50, "charge_deadline": "2026-01-10T09:00:00Z"},
    }
    podero_server.script("GET", POLICY_PATH, Reply(json={"data": WEEKLY_POLICY_JSON | moments}))

    assert podero_client.get_charge_policy(user_id=USER_ID, ev_id=EV_ID) == weekly_policy()


def test_percentages_as_strings_are_read(podero_server, podero_client):
    as_strings = {
        day: {**target, "charge_percentage": str(target["charge_percentage"])}
        for day, target in WEEKLY_POLICY_JSON.items()
        if day in podero.WEEKDAYS
    }
    podero_server.script("GET", POLICY_PATH, Reply(json={"data": WEEKLY_POLICY_JSON | as_strings}))

    assert podero_client.get_charge_policy(user_id=USER_ID, ev_id=EV_ID) == weekly_policy()


@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=204),
        Reply(status=200, json="OK"),
        Reply(status=200, body=b"OK"),
        Reply(status=200, json={"data": {"mon": {}}}),
    ],
    ids=["204", "200 OK as JSON", "200 OK as text", "200 unreadable body"],
)
def test_any_2xx_answer_to_a_policy_put_means_applied(podero_server, podero_client, caplog, reply):
    caplog.set_level(logging.INFO, logger="preferences.podero.answers")
    podero_server.script("PUT", POLICY_PATH, reply)

    saved = podero_client.put_charge_policy(user_id=USER_ID, ev_id=EV_ID, policy=weekly_policy())

    assert saved == weekly_policy()
    [line] = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    assert f"charge-policy answered {reply.status}: applied" in line.getMessage()
    assert "OK" not in line.getMessage().split("applied")[1]  # the body itself is never logged


def test_a_policy_without_one_readable_day_is_none_in_one_warning_line(podero_server, podero_client, caplog):
    caplog.set_level(logging.INFO, logger="preferences.podero.answers")
    unreadable = {day: {"charge_percentage": "most"} for day in podero.WEEKDAYS} | {
        "timezone": "Mars/Olympus"
    }
    podero_server.script("GET", POLICY_PATH, Reply(json={"metadata": {}, "data": unreadable}))

    assert podero_client.get_charge_policy(user_id=USER_ID, ev_id=EV_ID).is_none

    [line] = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    assert line.levelno == logging.WARNING
    message = line.getMessage()
    assert message.count("left out") == 7
    assert "field 'timezone': unexpected str value, read as unknown" in message
    assert message.endswith("no weekly charge policy")
    assert "Mars" not in message
