"""Savings, time series and charging sessions (podero-api.md §4.5, §5.7, §5.8, §6.5): shapes, paging, believable
and repeatable numbers, and the same faults as every other endpoint."""

from datetime import UTC, datetime, timedelta

import pytest
import requests

from podero_sandbox import ALICE_EV_ID, ALICE_HEAT_PUMP_ID, ALICE_INVERTER_ID, BOB_EV_ID

from .conftest import PartnerApi

HEAT_PUMP = f"heat-pumps/{ALICE_HEAT_PUMP_ID}"
EV = f"electric-vehicles/{ALICE_EV_ID}"
INVERTER = f"inverters/{ALICE_INVERTER_ID}"


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def today():
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def last_30_days():
    end = today()
    return {"from_datetime": iso(end - timedelta(days=30)), "to_datetime": iso(end)}


def sessions(api, **query):
    query = {
        "from": (today() - timedelta(days=365)).date().isoformat(),
        "to": today().date().isoformat(),
    } | query
    return api.get(f"{EV}/sessions", params=query)


@pytest.mark.parametrize("device", [HEAT_PUMP, EV, INVERTER])
def test_a_month_of_15_minute_prices_and_consumption(api, device):
    response = api.get(
        f"{device}/data",
        params=last_30_days() | {"keywords": "price,estimated_consumption,unoptimized_consumption"},
    )

    assert response.status_code == 200
    points = response.json()["data"]
    assert len(points) == 30 * 96
    prices = [point["price"] for point in points]
    assert -60 < min(prices) < 60 < 120 < max(prices) < 300  # EUR/MWh, as day-ahead markets have them
    optimized = sum(point["estimated_consumption"] for point in points)
    unoptimized = sum(point["unoptimized_consumption"] for point in points)
    assert optimized > 0
    assert optimized <= unoptimized * 1.001  # shifting in time, not using more
    assert response.json()["metadata"]["units"]["price"] == "EUR/MWh"


def test_optimized_consumption_costs_less_than_unoptimized(api):
    points = api.get(f"{HEAT_PUMP}/data", params=last_30_days()).json()["data"]

    def cost(field):
        return sum(point[field] * point["price"] for point in points)

    assert cost("estimated_consumption") < cost("unoptimized_consumption") * 0.95


def test_coarser_resolutions_add_consumption_up_and_average_the_price(api):
    query = last_30_days() | {"keywords": "price,estimated_consumption"}
    quarters = api.get(f"{HEAT_PUMP}/data", params=query | {"resolution": "15MIN"}).json()["data"]
    days = api.get(f"{HEAT_PUMP}/data", params=query | {"resolution": "1DAY"}).json()["data"]

    assert len(days) == 30
    first_day = quarters[:96]
    assert days[0]["estimated_consumption"] == pytest.approx(
        sum(point["estimated_consumption"] for point in first_day), abs=1
    )
    assert days[0]["price"] == pytest.approx(sum(point["price"] for point in first_day) / 96, abs=0.01)
    assert days[0]["time"] == last_30_days()["from_datetime"]


def test_the_same_day_always_has_the_same_numbers(api, control):
    first = api.get(f"{HEAT_PUMP}/data", params=last_30_days()).json()["data"]
    control("POST", "reset")

    assert PartnerApi(api.url).get(f"{HEAT_PUMP}/data", params=last_30_days()).json()["data"] == first


def test_a_range_without_data_is_a_400_unless_fill_missing_is_asked_for(api):
    future = {
        "from_datetime": iso(today() + timedelta(days=2)),
        "to_datetime": iso(today() + timedelta(days=3)),
    }

    assert api.get(f"{HEAT_PUMP}/data", params=future).status_code == 400
    filled = api.get(
        f"{HEAT_PUMP}/data", params=future | {"resolution": "1HOUR"}, headers={"fill-missing": "true"}
    )
    assert filled.status_code == 200
    assert len(filled.json()["data"]) == 24
    assert all(
        point["price"] is None and point["estimated_consumption"] is None for point in filled.json()["data"]
    )


@pytest.mark.parametrize("device", [HEAT_PUMP, EV, INVERTER])
def test_savings_per_month_in_euros_and_percent(api, device):
    end = today()
    start = (end.replace(day=1) - timedelta(days=1)).replace(day=1)

    response = api.get(
        f"{device}/savings", params={"from": iso(start), "to": iso(end), "resolution": "1MONTH"}
    )

    assert response.status_code == 200
    buckets = response.json()["data"]
    assert next(bucket["period"]["start_period"] for bucket in buckets) == iso(start)
    for bucket in buckets:
        assert bucket["resolution"] == "1MONTH"
        assert bucket["savings"]["total"] > 0
        assert 0 < bucket["savings"]["percentage"] < 60
        assert bucket["consumption"]["total"] > 0
    assert set(response.json()["metadata"]) >= {"requested_at", "query", "units", "error"}


def test_savings_need_a_range(api):
    response = api.get(f"{HEAT_PUMP}/savings", params={"to": iso(today())})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "from"]


def test_heat_pump_statistics_have_the_savings_shape(api):
    response = api.get(f"{HEAT_PUMP}/statistics", params={"resolution": "1WEEK", "keywords": "savings"})

    assert response.status_code == 200
    assert response.json()["data"][0]["resolution"] == "1WEEK"
    assert api.get(f"{EV}/statistics").status_code == 404


def test_a_few_dozen_charging_sessions_paginated_with_limit_and_offset(api):
    first = sessions(api, limit=10).json()
    second = sessions(api, limit=10, offset=10).json()
    everything = sessions(api, limit=200).json()

    assert 20 <= first["total"] <= 60
    assert first["total"] == second["total"] == len(everything["items"])
    assert [item["id"] for item in first["items"] + second["items"]] == [
        item["id"] for item in everything["items"][:20]
    ]
    plug_ins = [item["plug_in_time"] for item in everything["items"]]
    assert plug_ins == sorted(plug_ins, reverse=True)
    assert sessions(api, limit=10, offset=500).json() == {"total": first["total"], "items": []}


def test_a_session_says_what_it_cost_and_saved(api):
    items = sessions(api, limit=200).json()["items"]

    at_home = [item for item in items if item["is_at_home"]]
    away = [item for item in items if not item["is_at_home"]]
    assert at_home
    assert away
    assert all(item["actual_savings_eur"] > 0 and item["session_outcome"] is None for item in at_home)
    assert all(item["actual_savings_eur"] == 0 and item["session_outcome"] == "not_at_home" for item in away)
    for item in items:
        assert 0 < item["energy_charged_kwh"] < 80
        assert item["actual_cost_eur"] > 0
        assert item["initial_soc_pct"] < item["final_soc_pct"]


def test_sessions_are_filtered_by_plug_in_day(api):
    yesterday = (today() - timedelta(days=1)).date().isoformat()

    items = sessions(api, **{"from": yesterday, "to": yesterday}).json()["items"]

    assert all(item["plug_in_time"].startswith(yesterday) for item in items)


@pytest.mark.parametrize(
    ("query", "field"), [({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"offset": -1}, "offset")]
)
def test_paging_out_of_range_is_refused(api, query, field):
    response = sessions(api, **query)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_each_car_has_its_own_history(api, control):
    control.set_device(BOB_EV_ID, owner_user_id=api.prefix.rsplit("/", 1)[1])
    mine = sessions(api).json()["items"]
    bobs = api.get(
        f"electric-vehicles/{BOB_EV_ID}/sessions",
        params={"from": (today() - timedelta(days=365)).date().isoformat(), "to": today().date().isoformat()},
    ).json()["items"]

    assert {item["id"] for item in mine}.isdisjoint(item["id"] for item in bobs)


def test_faults_apply_to_the_history_endpoints(api, control):
    control.fault(status=503, path_contains="/savings", count=1)

    response = api.get(
        f"{HEAT_PUMP}/savings", params={"from": iso(today() - timedelta(days=3)), "to": iso(today())}
    )

    assert response.status_code == 503
    assert sessions(api).status_code == 200


def test_another_users_device_history_is_not_found(api):
    response = api.get(f"heat-pumps/{'0b0b0000-4ea7-4000-8000-000000000002'}/savings", params={"from": "x"})

    assert response.status_code == 404


def test_reconnect_round_trip_through_the_manufacturer_stand_in(api, control):
    control.set_device(ALICE_HEAT_PUMP_ID, is_authenticated=False, action_needed=True)

    started = api.post(
        f"{HEAT_PUMP}/auth_session",
        json={"success_url": "https://portal.example/ok", "cancel_url": "https://portal.example/cancel"},
    )

    assert started.status_code == 200
    body = started.json()
    assert body["device_id"] == ALICE_HEAT_PUMP_ID
    page = requests.get(body["authentication_url"], timeout=5)
    assert page.status_code == 200
    assert "Nibe S-Series" in page.text
    done = requests.post(
        body["authentication_url"].split("?")[0],
        data={"session_id": body["session_id"], "decision": "approve"},
        allow_redirects=False,
        timeout=5,
    )
    assert (done.status_code, done.headers["Location"]) == (303, "https://portal.example/ok")
    device = api.get(HEAT_PUMP).json()
    assert (device["is_authenticated"], device["action_needed"], device["actions"]) == (True, False, [])
    again = requests.get(body["authentication_url"], timeout=5)
    assert again.status_code == 404  # a session is used once


def test_cancelling_at_the_manufacturer_changes_nothing(api, control):
    control.set_device(ALICE_HEAT_PUMP_ID, is_authenticated=False)
    body = api.post(
        f"{HEAT_PUMP}/auth_session", json={"success_url": "https://p/ok", "cancel_url": "https://p/cancel"}
    ).json()

    done = requests.post(
        body["authentication_url"].split("?")[0],
        data={"session_id": body["session_id"], "decision": "cancel"},
        allow_redirects=False,
        timeout=5,
    )

    assert done.headers["Location"] == "https://p/cancel"
    assert api.get(HEAT_PUMP).json()["is_authenticated"] is False


def test_the_demo_has_one_device_that_needs_reconnecting(control):
    bob_heat_pump = control.device("0b0b0000-4ea7-4000-8000-000000000002")

    assert (bob_heat_pump["is_authenticated"], bob_heat_pump["action_needed"]) == (False, True)
    assert bob_heat_pump["actions"][0]["code"] == "reauthenticate"
