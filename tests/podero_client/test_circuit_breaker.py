"""The circuit breaker: repeated failures stop calls to Podero for a while, in every process sharing the cache."""

import threading
import time

import pytest
from django.core.cache.backends.locmem import LocMemCache

from preferences import podero
from preferences.podero.breaker import BreakerPolicy, CircuitBreaker

from .conftest import EV_ID, HEAT_PUMP_ID, SLOW_REPLY, USER_ID, Reply, api_path, heat_pump_json

HEAT_PUMPS = api_path("heat-pumps")
HEAT_PUMP = api_path(f"heat-pumps/{HEAT_PUMP_ID}")
BOOST = api_path(f"electric-vehicles/{EV_ID}/boost")
QUICK = BreakerPolicy(failures=3, window_s=30, cooldown_s=1)


def list_heat_pumps(client):
    return client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)


def fail_times(client, count):
    for _ in range(count):
        with pytest.raises(podero.PoderoUnavailable):
            list_heat_pumps(client)


def test_after_enough_failures_calls_fail_at_once_without_being_sent(podero_server, make_client):
    client = make_client(breaker=QUICK)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(status=500)] * 3, Reply(json=[]))
    fail_times(client, 3)

    started = time.monotonic()
    with pytest.raises(podero.PoderoCircuitOpen) as caught:
        list_heat_pumps(client)

    assert time.monotonic() - started < 0.05
    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 3
    assert caught.value.outcome_unknown is False
    assert "was not sent" in str(caught.value)


def test_a_write_while_the_writes_breaker_is_open_was_not_sent(podero_server, make_client):
    client = make_client(breaker=QUICK)
    podero_server.script("POST", BOOST, *[Reply(status=500)] * 3)
    for _ in range(3):
        with pytest.raises(podero.PoderoUnavailable):
            client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    with pytest.raises(podero.PoderoCircuitOpen) as caught:
        client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert caught.value.outcome_unknown is False
    assert len(podero_server.calls("POST", BOOST)) == 3


def test_after_the_cooldown_one_successful_trial_closes_the_breaker(podero_server, make_client):
    client = make_client(breaker=QUICK)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(status=500)] * 3, Reply(json=[]), Reply(json=[]))
    fail_times(client, 3)
    time.sleep(1.1)

    assert list_heat_pumps(client) == []
    assert list_heat_pumps(client) == []
    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 5


def test_a_failed_trial_opens_the_breaker_again(podero_server, make_client):
    client = make_client(breaker=QUICK)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(status=500)] * 4, Reply(json=[]))
    fail_times(client, 3)
    time.sleep(1.1)

    with pytest.raises(podero.PoderoUnavailable) as trial:
        list_heat_pumps(client)
    with pytest.raises(podero.PoderoCircuitOpen):
        list_heat_pumps(client)

    assert not isinstance(trial.value, podero.PoderoCircuitOpen)
    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 4


def test_clients_sharing_a_cache_share_the_breaker_as_app_servers_do(podero_server, make_client, token_cache):
    first, second = make_client(breaker=QUICK), make_client(breaker=QUICK)
    podero_server.script("GET", HEAT_PUMPS, *[Reply(status=500)] * 3)
    fail_times(first, 3)

    with pytest.raises(podero.PoderoCircuitOpen):
        list_heat_pumps(second)

    assert len(podero_server.calls("GET", HEAT_PUMPS)) == 3


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(status=404, json={"detail": "Not found"}), podero.PoderoNotFound),
        (Reply(status=200, body=b"{not json"), podero.PoderoBadResponse),
    ],
)
def test_client_errors_and_unreadable_bodies_do_not_count(podero_server, make_client, reply, error):
    client = make_client(breaker=QUICK)
    podero_server.script("GET", HEAT_PUMPS, *[reply] * 4, Reply(json=[]))

    for _ in range(4):
        with pytest.raises(error):
            list_heat_pumps(client)

    assert list_heat_pumps(client) == []


def test_no_answer_in_time_counts_as_a_failure(podero_server, make_client):
    client = make_client(breaker=QUICK)
    podero_server.script("PUT", HEAT_PUMP, *[Reply(delay=SLOW_REPLY, json=heat_pump_json())] * 3)
    for _ in range(3):
        with pytest.raises(podero.PoderoUnavailable):
            client.update_device(
                podero.DeviceKind.HEAT_PUMP, user_id=USER_ID, device_id=HEAT_PUMP_ID, changes={"x": 1}
            )

    with pytest.raises(podero.PoderoCircuitOpen):
        client.start_boost(user_id=USER_ID, ev_id=EV_ID)


def test_failures_older_than_the_window_are_forgotten(podero_server, make_client):
    client = make_client(breaker=BreakerPolicy(failures=2, window_s=1, cooldown_s=30))
    podero_server.script("GET", HEAT_PUMPS, Reply(status=500), Reply(status=500), Reply(json=[]))
    fail_times(client, 1)
    time.sleep(1.1)
    fail_times(client, 1)

    assert list_heat_pumps(client) == []


def half_open_pair(name):
    """Two processes' breakers on one cache, tripped and past the cooldown; the first holds the trial."""
    cache = LocMemCache(name, {})
    first, second = (
        CircuitBreaker(cache=cache, base_url="https://podero.test", policy=QUICK, trial_timeout_s=10)
        for _ in range(2)
    )
    for _ in range(3):
        first.record_failure("normal", podero.PoderoUnavailable("down", status=503))
    time.sleep(1.1)
    assert first.before_call("GET a") == "trial"
    return first, second


def in_background(call):
    outcome = {}

    def run():
        try:
            outcome["ticket"] = call()
        except podero.PoderoError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_call_during_the_trial_goes_ahead_once_the_trial_succeeds():
    first, second = half_open_pair("breaker-trial-ok")
    waiting, outcome = in_background(lambda: second.before_call("GET b"))
    time.sleep(0.2)
    assert waiting.is_alive()  # not sent while the trial is out

    first.record_success("trial")
    waiting.join(timeout=2)

    assert outcome == {"ticket": "normal"}


def test_a_call_during_the_trial_fails_without_being_sent_when_the_trial_fails():
    first, second = half_open_pair("breaker-trial-failed")
    waiting, outcome = in_background(lambda: second.before_call("GET b"))

    first.record_failure("trial", podero.PoderoUnavailable("still down", status=503))
    waiting.join(timeout=2)

    assert isinstance(outcome["error"], podero.PoderoCircuitOpen)


def test_a_call_waits_only_a_little_for_a_trial_that_hangs():
    _, second = half_open_pair("breaker-trial-hangs")
    started = time.monotonic()

    with pytest.raises(podero.PoderoCircuitOpen):
        second.before_call("GET b")

    assert 2.5 < time.monotonic() - started < 4


def test_a_failing_cache_lets_calls_through(podero_server, make_client):
    class BrokenCache(LocMemCache):
        def get_many(self, keys, version=None):
            raise ConnectionError("cache down")

    client = make_client(breaker=QUICK, token_cache=BrokenCache("broken", {}))
    podero_server.script("GET", HEAT_PUMPS, Reply(json=[]))

    assert list_heat_pumps(client) == []


def test_failures_zero_turns_the_breaker_off(podero_server, make_client):
    client = make_client(breaker=BreakerPolicy(failures=0))
    podero_server.script("GET", HEAT_PUMPS, *[Reply(status=500)] * 10, Reply(json=[]))
    fail_times(client, 10)

    assert list_heat_pumps(client) == []
