"""The savings, history, sessions and reconnect calls: exact requests against the sandbox, tolerant reading."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs

import pytest

import podero_sandbox as seed
from preferences import podero
from preferences.podero.client import get_client
from preferences.podero.insights import Savings, parse_energy_points
from preferences.podero.sessions import SessionPage, parse_current_session

USER = seed.ALICE_USER_ID
BASE = f"/api/partners/v2.0/org/{seed.ORG_ID}/users/{USER}"
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def client(sandbox):
    sandbox.clear_requests()
    return get_client()


def only_request(sandbox):
    [request] = sandbox.requests()
    return request


def test_savings_asks_for_the_range_and_resolution(client, sandbox):
    start = NOW - timedelta(days=40)

    savings = client.get_savings(
        podero.DeviceKind.HEAT_PUMP, user_id=USER, device_id=seed.ALICE_HEAT_PUMP_ID, start=start, end=NOW
    )

    request = only_request(sandbox)
    assert (request["method"], request["path"]) == (
        "GET",
        f"{BASE}/heat-pumps/{seed.ALICE_HEAT_PUMP_ID}/savings",
    )
    assert parse_qs(request["query"]) == {
        "from": [start.isoformat().replace("+00:00", "Z")],
        "to": [NOW.isoformat().replace("+00:00", "Z")],
        "resolution": ["1MONTH"],
    }
    assert next(period.start for period in savings.periods) == start
    assert all(period.savings_eur > 0 and 0 < period.savings_percent < 100 for period in savings.periods)


def test_energy_data_asks_for_the_series_with_fill_missing(client, sandbox):
    points = client.get_energy_data(
        podero.DeviceKind.ELECTRIC_VEHICLE,
        user_id=USER,
        device_id=seed.ALICE_EV_ID,
        start=NOW - timedelta(days=2),
        end=NOW,
    )

    request = only_request(sandbox)
    assert request["path"] == f"{BASE}/electric-vehicles/{seed.ALICE_EV_ID}/data"
    query = parse_qs(request["query"])
    assert query["resolution"] == ["1HOUR"]
    assert query["keywords"] == ["price,estimated_consumption,unoptimized_consumption"]
    assert len(points) == 48
    # EUR/MWh from the sandbox, read as EUR per kWh; Wh per hour as kWh.
    assert all(-0.1 < point.price_eur_per_kwh < 0.3 for point in points)
    assert sum(point.optimized_kwh for point in points) < 100


def test_sessions_are_paged_with_limit_and_offset(client, sandbox):
    page = client.list_charging_sessions(
        user_id=USER,
        ev_id=seed.ALICE_EV_ID,
        first_day=date(2020, 1, 1),
        last_day=NOW.date(),
        limit=10,
        offset=10,
    )

    request = only_request(sandbox)
    assert request["path"] == f"{BASE}/electric-vehicles/{seed.ALICE_EV_ID}/sessions"
    assert parse_qs(request["query"]) == {
        "from": ["2020-01-01"],
        "to": [NOW.date().isoformat()],
        "limit": ["10"],
        "offset": ["10"],
    }
    assert page.total > 20
    assert len(page.items) == 10
    assert page.offset == 10


def list_sessions(client, offset):
    return client.list_charging_sessions(
        user_id=USER,
        ev_id=seed.ALICE_EV_ID,
        first_day=date(2020, 1, 1),
        last_day=NOW.date(),
        limit=10,
        offset=offset,
    )


@pytest.mark.parametrize("offset", [0, 10, 20])
def test_sessions_paged_oldest_first_give_the_same_pages_newest_first(client, sandbox, offset):
    as_documented = list_sessions(client, offset)
    sandbox.reading(session_order="oldest_first")

    page = list_sessions(client, offset)

    assert [s.id for s in page.items] == [s.id for s in as_documented.items]
    assert (page.total, page.offset) == (as_documented.total, offset)
    plugged_in = [s.plug_in for s in page.items]
    assert plugged_in == sorted(plugged_in, reverse=True)


def test_no_current_session_is_none(client, sandbox):
    assert client.get_current_session(user_id=USER, ev_id=seed.ALICE_EV_ID) is None
    assert only_request(sandbox)["path"] == f"{BASE}/electric-vehicles/{seed.ALICE_EV_ID}/sessions/current"


def test_a_charging_car_has_a_current_session(client, sandbox):
    sandbox.set_device(seed.ALICE_EV_ID, is_charging=True, charge_rate_w=7400)

    session = client.get_current_session(user_id=USER, ev_id=seed.ALICE_EV_ID)

    assert session is not None
    assert session.plug_in is not None


def test_reconnect_posts_the_return_addresses_once(client, sandbox):
    sandbox.fault(status=503, path_contains="/auth_session", count=1)

    call = podero.calls.start_reconnect(
        podero.DeviceKind.INVERTER,
        user_id=USER,
        device_id=seed.ALICE_INVERTER_ID,
        success_url="https://portal.example/ok",
        cancel_url="https://portal.example/cancel",
    )

    with pytest.raises(podero.PoderoUnavailable):
        client.send(call)
    assert len(sandbox.requests()) == 1  # a POST is never retried

    started = client.send(call)

    request = sandbox.requests()[-1]
    assert (request["method"], request["path"]) == (
        "POST",
        f"{BASE}/inverters/{seed.ALICE_INVERTER_ID}/auth_session",
    )
    assert request["json"] == {
        "success_url": "https://portal.example/ok",
        "cancel_url": "https://portal.example/cancel",
    }
    assert started.authentication_url.startswith(sandbox.url)
    assert started.session_id


def test_ids_that_are_not_uuids_are_refused_before_any_request(client, sandbox):
    with pytest.raises(ValueError, match="badly formed"):
        client.get_savings(podero.DeviceKind.HEAT_PUMP, user_id=USER, device_id="../x", start=NOW, end=NOW)
    assert sandbox.requests() == []


# Reading tolerantly: these feed charts and sentences, so an odd field is left out, not fatal.


def test_savings_read_nulls_ints_unknown_fields_and_named_units():
    savings = Savings.from_json(
        {
            "metadata": {"units": {"consumption.total": "Wh"}, "something_new": 1},
            "data": [
                {
                    "period": {"start_period": "2026-11-01T00:00:00Z", "end_period": None},
                    "savings": {"total": 3, "percentage": None},
                    "consumption": {"total": 1500},
                    "future_field": {"x": 1},
                },
                {
                    "period": {"start_period": "2026-10-01T00:00:00Z"},
                    "savings": {"total": "lots", "percentage": 12.5},
                    "consumption": None,
                    "heat_pump": {"estimated_consumption_wh": 2000},
                },
                {"period": None, "savings": {"total": 1.0}},
            ],
        }
    )

    october, november = savings.periods
    assert (november.savings_eur, november.savings_percent, november.consumption_kwh) == (3.0, None, 1.5)
    assert (october.savings_eur, october.savings_percent, october.consumption_kwh) == (None, 12.5, 2.0)


@pytest.mark.parametrize(
    "units",
    [
        {"consumption.total": "Wh"},
        {"consumption_total": "Wh"},
        {"consumption/total": "Wh"},
        {"consumption": {"total": "Wh"}},
        {"consumption": "Wh"},
    ],
)
def test_savings_follow_the_unit_under_any_key_the_docs_allow(units):
    savings = Savings.from_json(
        {
            "metadata": {"units": units},
            "data": [{"period": {"start_period": "2026-11-01T00:00:00Z"}, "consumption": {"total": 350000}}],
        }
    )

    assert savings.periods[0].consumption_kwh == 350.0


def test_energy_points_follow_the_units_podero_names():
    points = parse_energy_points(
        {
            "metadata": {"units": {"price": "ct/kWh", "estimated_consumption": "kWh"}},
            "data": [
                {"time": "2026-11-01T00:00:00Z", "price": 10, "estimated_consumption": 1, "extra": True},
                {"time": "2026-11-01T01:00:00Z", "price": None, "estimated_consumption": None},
            ],
        }
    )

    assert points[0].price_eur_per_kwh == pytest.approx(0.10)
    assert points[0].optimized_kwh == 1.0
    assert points[0].unoptimized_kwh is None
    assert points[1].price_eur_per_kwh is None


def test_a_session_with_floats_for_percentages_and_a_missing_total():
    page = SessionPage.from_json(
        {"items": [{"id": "abc", "initial_soc_pct": 40.0, "final_soc_pct": 79.6, "is_at_home": "yes"}]},
        offset=0,
        limit=10,
    )

    [session] = page.items
    assert (session.initial_soc, session.final_soc, session.is_at_home) == (40, 80, None)
    assert page.total == 1


def test_a_session_with_costs_as_strings_knows_its_costs():
    page = SessionPage.from_json(
        {"items": [{"id": "abc", "actual_cost_eur": "4.20", "energy_charged_kwh": "21.5"}]},
        offset=0,
        limit=10,
    )

    [session] = page.items
    assert (session.cost_eur, session.energy_kwh) == (4.2, 21.5)


def test_sessions_in_one_page_are_shown_newest_first_whatever_order_they_came_in():
    items = [{"id": day, "plug_in_time": f"2026-11-0{day}T18:00:00Z"} for day in "2931"] + [{"id": "?"}]

    page = SessionPage.from_json({"total": 5, "items": items}, offset=0, limit=10)

    assert [s.id for s in page.items] == ["9", "3", "2", "1", "?"]


def test_current_session_null_and_a_body_that_is_no_object():
    assert parse_current_session({"session": None}) is None
    with pytest.raises(podero.PoderoBadResponse):
        parse_current_session([])
