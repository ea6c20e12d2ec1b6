import time

import pytest

from preferences import podero
from preferences.podero.auth import cache_key

from .conftest import CLIENT_ID, EV_ID, HEAT_PUMP_ID, SLOW_REPLY, USER_ID, Reply, api_path, heat_pump_json

HEAT_PUMP_PATH = api_path(f"heat-pumps/{HEAT_PUMP_ID}")
BOOST_PATH = api_path(f"electric-vehicles/{EV_ID}/boost")
PAUSE = {"is_smart_optimization_active": False}


def pause_heat_pump(client):
    return client.update_device(
        podero.DeviceKind.HEAT_PUMP, user_id=USER_ID, device_id=HEAT_PUMP_ID, changes=PAUSE
    )


def test_a_put_is_retried_after_a_503_and_succeeds(podero_server, podero_client):
    podero_server.script("PUT", HEAT_PUMP_PATH, Reply(status=503), Reply(json=heat_pump_json(**PAUSE)))

    heat_pump = pause_heat_pump(podero_client)

    assert heat_pump.is_smart_optimization_active is False
    calls = podero_server.calls("PUT", HEAT_PUMP_PATH)
    assert [call.json() for call in calls] == [PAUSE, PAUSE]


def test_a_put_is_retried_after_a_429_once_its_retry_after_has_passed(podero_server, podero_client):
    podero_server.script(
        "PUT",
        HEAT_PUMP_PATH,
        Reply(status=429, headers={"Retry-After": "1"}),
        Reply(json=heat_pump_json(**PAUSE)),
    )

    started = time.monotonic()
    pause_heat_pump(podero_client)
    elapsed = time.monotonic() - started

    first, second = podero_server.calls("PUT", HEAT_PUMP_PATH)
    assert 0.95 <= second.at - first.at < 1.8
    assert elapsed < 2


def test_a_long_retry_after_is_reported_instead_of_slept(podero_server, podero_client):
    path = api_path("heat-pumps")
    podero_server.script("GET", path, Reply(status=503, headers={"Retry-After": "120"}), Reply(json=[]))

    started = time.monotonic()
    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert time.monotonic() - started < 0.5
    assert caught.value.retry_after == 120
    assert caught.value.status == 503
    assert caught.value.outcome_unknown is False
    assert len(podero_server.calls("GET", path)) == 1


def test_boost_is_not_retried_on_503(podero_server, podero_client):
    podero_server.script("POST", BOOST_PATH, Reply(status=503), Reply(status=204))

    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert len(podero_server.calls("POST", BOOST_PATH)) == 1
    assert caught.value.status == 503
    assert caught.value.outcome_unknown is False


def test_boost_is_not_retried_on_a_gateway_timeout_and_its_outcome_is_unknown(podero_server, podero_client):
    podero_server.script("POST", BOOST_PATH, Reply(status=504), Reply(status=204))

    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert len(podero_server.calls("POST", BOOST_PATH)) == 1
    assert caught.value.outcome_unknown is True
    assert "may or may not have been applied" in str(caught.value)


def test_a_get_gives_up_after_three_retries(no_backoff, podero_server, podero_client):
    path = api_path("heat-pumps")
    podero_server.script("GET", path, *[Reply(status=502)] * 5)

    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert len(podero_server.calls("GET", path)) == 4
    assert caught.value.status == 502
    assert caught.value.outcome_unknown is False


def test_a_put_that_keeps_meeting_gateway_timeouts_has_an_unknown_outcome(
    no_backoff, podero_server, podero_client
):
    podero_server.script("PUT", HEAT_PUMP_PATH, *[Reply(status=504)] * 4)

    with pytest.raises(podero.PoderoUnavailable) as caught:
        pause_heat_pump(podero_client)

    assert caught.value.outcome_unknown is True
    assert len(podero_server.calls("PUT", HEAT_PUMP_PATH)) == 4


def test_a_put_refused_with_503_every_time_was_not_applied(no_backoff, podero_server, podero_client):
    podero_server.script("PUT", HEAT_PUMP_PATH, *[Reply(status=503)] * 4)

    with pytest.raises(podero.PoderoUnavailable) as caught:
        pause_heat_pump(podero_client)

    assert caught.value.outcome_unknown is False
    assert "not processed" in str(caught.value)


def test_a_put_whose_retry_is_refused_after_a_gateway_error_may_still_take_effect(
    no_backoff, podero_server, podero_client
):
    podero_server.script("PUT", HEAT_PUMP_PATH, Reply(status=502), *[Reply(status=503)] * 3)

    with pytest.raises(podero.PoderoUnavailable) as caught:
        pause_heat_pump(podero_client)

    assert caught.value.status == 503
    assert caught.value.outcome_unknown is True  # the first attempt may have got through
    assert "may or may not have been applied" in str(caught.value)
    assert len(podero_server.calls("PUT", HEAT_PUMP_PATH)) == 4


def test_a_put_without_an_answer_in_time_has_an_unknown_outcome_and_is_not_retried(
    podero_server, podero_client
):
    podero_server.script(
        "PUT", HEAT_PUMP_PATH, Reply(delay=SLOW_REPLY, json=heat_pump_json()), Reply(json=heat_pump_json())
    )

    started = time.monotonic()
    with pytest.raises(podero.PoderoUnavailable) as caught:
        pause_heat_pump(podero_client)

    assert time.monotonic() - started < 1.9  # one read timeout (1 s); a retry would wait for a second one
    assert caught.value.outcome_unknown is True
    assert caught.value.status is None
    assert "may or may not have been applied" in str(caught.value)
    assert len(podero_server.calls("PUT", HEAT_PUMP_PATH)) == 1


def test_a_get_without_an_answer_in_time_is_unavailable_with_nothing_to_be_unsure_about(
    podero_server, podero_client
):
    path = api_path("heat-pumps")
    podero_server.script("GET", path, Reply(delay=SLOW_REPLY, json=[]), Reply(json=[]))

    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert caught.value.outcome_unknown is False
    assert len(podero_server.calls("GET", path)) == 1


def test_a_boost_whose_connection_drops_before_the_answer_has_an_unknown_outcome(
    podero_server, podero_client
):
    podero_server.script("POST", BOOST_PATH, Reply(drop=True), Reply(status=204))

    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert caught.value.outcome_unknown is True
    assert len(podero_server.calls("POST", BOOST_PATH)) == 1


def test_a_refused_connection_is_unavailable_and_the_change_was_not_applied(
    no_backoff, make_client, closed_port_url
):
    client = make_client(base_url=closed_port_url)
    client._tokens._cache.set(cache_key(closed_port_url, CLIENT_ID), "cached-token", 60)

    with pytest.raises(podero.PoderoUnavailable) as caught:
        pause_heat_pump(client)

    assert caught.value.outcome_unknown is False
    assert caught.value.status is None
    assert "not sent" in str(caught.value)


def test_a_refused_connection_for_the_token_is_unavailable(make_client, closed_port_url):
    client = make_client(base_url=closed_port_url)

    with pytest.raises(podero.PoderoUnavailable) as caught:
        client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert caught.value.outcome_unknown is False


def test_the_session_pools_enough_connections_for_parallel_dashboard_fetches(podero_client):
    adapter = podero_client._session.get_adapter("https://app.podero.com/")

    assert adapter._pool_maxsize >= 16


def test_a_refused_connection_is_not_retried_for_boost(make_client, closed_port_url):
    client = make_client(base_url=closed_port_url)
    client._tokens._cache.set(cache_key(closed_port_url, CLIENT_ID), "cached-token", 60)

    started = time.monotonic()
    with pytest.raises(podero.PoderoUnavailable) as caught:
        client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert time.monotonic() - started < 0.2  # three retries would back off for 1.2 s
    assert caught.value.outcome_unknown is False


def test_an_unreadable_retry_after_falls_back_to_the_usual_backoff(podero_server, podero_client):
    path = api_path("heat-pumps")
    podero_server.script("GET", path, Reply(status=503, headers={"Retry-After": "soon"}), Reply(json=[]))

    assert podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID) == []
    assert len(podero_server.calls("GET", path)) == 2
