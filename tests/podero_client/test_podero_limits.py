"""Podero's limits: a 429 is retried once at most and counts toward the breaker, one breaker per endpoint family,
and the most calls per second shared by every client that shares the cache (app servers and workers)."""

import itertools
import threading
import time
from collections import Counter

import pytest

from preferences import podero, tracing
from preferences.podero.breaker import BreakerPolicy, family_of

from .conftest import EV_ID, HEAT_PUMP_ID, USER_ID, Reply, api_path

HEAT_PUMPS = api_path("heat-pumps")
HEAT_PUMP = api_path(f"heat-pumps/{HEAT_PUMP_ID}")
QUICK = BreakerPolicy(failures=3, window_s=30, cooldown_s=5)


def list_heat_pumps(client):
    return client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)


def test_a_429_without_retry_after_is_sent_twice_not_four_times(podero_server, podero_client):
    podero_server.script("GET", HEAT_PUMPS, *[Reply(status=429)] * 4)

    with pytest.raises(podero.PoderoUnavailable) as caught:
        list_heat_pumps(podero_client)

    assert caught.value.status == 429
    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 2


def test_a_page_waits_out_retry_after_once_not_three_times(podero_server, podero_client):
    podero_server.script("PUT", HEAT_PUMP, *[Reply(status=429, headers={"Retry-After": "1"})] * 4)

    started = time.monotonic()
    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.update_device(
            podero.DeviceKind.HEAT_PUMP,
            user_id=USER_ID,
            device_id=HEAT_PUMP_ID,
            changes={"is_smart_optimization_active": False},
        )

    assert time.monotonic() - started < 1.8
    assert caught.value.retry_after == 1
    assert caught.value.outcome_unknown is False
    assert len(podero_server.calls("PUT", HEAT_PUMP)) == 2


def test_a_429_after_a_503_is_still_retried_once(no_backoff, podero_server, podero_client):
    podero_server.script("GET", HEAT_PUMPS, Reply(status=503), Reply(status=429), Reply(json=[]))

    assert list_heat_pumps(podero_client) == []
    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 3


def test_429s_count_toward_the_breaker(podero_server, make_client):
    client = make_client(breaker=QUICK)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(status=429)] * 6, Reply(json=[]))
    for _ in range(3):
        with pytest.raises(podero.PoderoUnavailable):
            list_heat_pumps(client)

    with pytest.raises(podero.PoderoCircuitOpen):
        list_heat_pumps(client)

    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 6


@pytest.mark.parametrize(
    ("method", "tail", "family"),
    [
        ("GET", "heat-pumps", "device_reads"),
        ("GET", f"electric-vehicles/{EV_ID}", "device_reads"),
        ("GET", f"electric-vehicles/{EV_ID}/charge-policy", "device_reads"),
        ("GET", f"heat-pumps/{HEAT_PUMP_ID}/savings", "insights"),
        ("GET", f"heat-pumps/{HEAT_PUMP_ID}/data", "insights"),
        ("GET", f"electric-vehicles/{EV_ID}/sessions", "insights"),
        ("GET", f"electric-vehicles/{EV_ID}/sessions/current", "insights"),
        ("PUT", f"heat-pumps/{HEAT_PUMP_ID}", "writes"),
        ("POST", f"electric-vehicles/{EV_ID}/boost", "writes"),
        ("DELETE", f"electric-vehicles/{EV_ID}/boost", "writes"),
    ],
)
def test_each_call_belongs_to_one_endpoint_family(method, tail, family):
    assert family_of(method, f"users/{USER_ID}/{tail}") == family


def test_two_clients_sharing_a_cache_share_the_calls_per_second(podero_server, make_client):
    limit = 4
    first, second = make_client(calls_per_second=limit), make_client(calls_per_second=limit)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(json=[])] * 20)
    list_heat_pumps(first)  # the token, fetched once for both
    time.sleep(1.0 - time.time() % 1.0)  # start at the beginning of a second

    def call_many(client):
        with tracing.request_id("", background=True):
            for _ in range(6):
                list_heat_pumps(client)

    threads = [threading.Thread(target=call_many, args=(client,)) for client in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    calls = podero_server.calls("GET", HEAT_PUMPS)[1:]
    wall_clock = (
        time.time() - time.monotonic()
    )  # the server notes monotonic times; the limit counts wall seconds
    per_second = Counter(int(call.at + wall_clock) for call in calls)
    assert len(calls) == 12
    assert max(per_second.values()) <= limit
    assert len(per_second) >= 3


def test_a_page_waits_a_second_at_most_for_the_rate_limit(podero_server, make_client):
    client = make_client(calls_per_second=1)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(json=[])] * 5)
    list_heat_pumps(client)

    started = time.monotonic()
    for _ in range(3):
        list_heat_pumps(client)

    assert time.monotonic() - started < 3.5
    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 4


def test_a_seconds_calls_are_spread_over_it_not_sent_in_one_burst(podero_server, make_client):
    """Callers that all waited for the same second do not reach Podero together: place n of a second goes at
    (n - 1) / limit into it, so no half second gets more than half the limit (plus one)."""
    limit = 4
    client = make_client(calls_per_second=limit)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(json=[])] * 9)
    list_heat_pumps(client)  # the token
    time.sleep(1.0 - time.time() % 1.0)  # start at the beginning of a second

    def call_in_the_background():  # as the worker does: no page waiting, so no bound on the wait
        with tracing.request_id("", background=True):
            list_heat_pumps(client)

    threads = [threading.Thread(target=call_in_the_background) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    wall_clock = time.time() - time.monotonic()
    calls = sorted(call.at + wall_clock for call in podero_server.calls("GET", HEAT_PUMPS)[1:])
    assert len(calls) == 8
    per_half_second = Counter(int(at * 2) for at in calls)
    assert max(per_half_second.values()) <= limit // 2 + 1
    gaps = [later - earlier for earlier, later in itertools.pairwise(calls)]
    assert sorted(gaps)[len(gaps) // 2] >= 0.8 / limit  # the median gap is about a quarter of a second
