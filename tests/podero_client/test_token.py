import base64
import logging
import threading

import pytest
from django.core.cache.backends.locmem import LocMemCache

from preferences import podero
from preferences.podero.auth import cache_key

from .conftest import CLIENT_ID, CLIENT_SECRET, EV_ID, TOKEN_PATH, USER_ID, Reply, api_path, heat_pump_json


class RecordingCache(LocMemCache):
    """A LocMemCache that remembers the timeout of every set()."""

    def __init__(self) -> None:
        super().__init__("podero-recording-cache", {})
        self.clear()
        self.timeouts: list[float | None] = []

    def set(self, key, value, timeout=None, version=None):  # type: ignore[override]
        self.timeouts.append(timeout)
        super().set(key, value, timeout, version)


def script_heat_pump_list(server, times=1):
    server.script("GET", api_path("heat-pumps"), *[Reply(json=[heat_pump_json()])] * times)


def test_the_token_is_requested_with_basic_auth_no_cache_and_a_json_grant(podero_server, podero_client):
    script_heat_pump_list(podero_server)

    podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    [token_request] = podero_server.token_requests
    expected_basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert token_request.method == "POST"
    assert token_request.path == TOKEN_PATH
    assert token_request.headers["authorization"] == f"Basic {expected_basic}"
    assert token_request.headers["cache-control"] == "no-cache"
    assert token_request.headers["content-type"] == "application/json"
    assert token_request.json() == {"grant_type": "client_credentials"}


def test_api_calls_carry_the_token_as_a_bearer(podero_server, podero_client):
    script_heat_pump_list(podero_server)

    podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    [call] = podero_server.calls()
    assert call.headers["authorization"] == "Bearer token-1"


def test_one_token_serves_many_calls(podero_server, podero_client):
    script_heat_pump_list(podero_server, times=3)

    for _ in range(3):
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert len(podero_server.token_requests) == 1
    assert {call.headers["authorization"] for call in podero_server.calls()} == {"Bearer token-1"}


def test_two_clients_sharing_a_cache_share_the_token(podero_server, make_client, token_cache):
    script_heat_pump_list(podero_server, times=2)
    first, second = make_client(token_cache=token_cache), make_client(token_cache=token_cache)

    first.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)
    second.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert len(podero_server.token_requests) == 1


def test_parallel_calls_ask_for_one_token(podero_server, podero_client):
    script_heat_pump_list(podero_server, times=8)
    errors = []

    def fetch():
        try:
            podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(podero_server.token_requests) == 1
    assert len(podero_server.calls()) == 8


@pytest.mark.parametrize(("expires_in", "expected_ttl"), [(36000, 35700), (600, 300), (100, 30), (10, 10)])
def test_the_token_is_cached_for_its_lifetime_minus_a_safety_margin(
    podero_server, make_client, expires_in, expected_ttl
):
    cache = RecordingCache()
    podero_server.script("POST", TOKEN_PATH, Reply(json={"access_token": "t", "expires_in": expires_in}))
    script_heat_pump_list(podero_server)

    make_client(token_cache=cache).list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert cache.timeouts == [expected_ttl]


@pytest.mark.parametrize("token", [{}, {"expires_in": None}, {"expires_in": "soon"}, {"expires_in": 0}])
def test_a_token_without_a_usable_expiry_is_used_and_kept_for_an_hour(
    podero_server, make_client, caplog, token
):
    cache = RecordingCache()
    podero_server.script("POST", TOKEN_PATH, Reply(json={"access_token": "t"} | token))
    script_heat_pump_list(podero_server)

    devices = make_client(token_cache=cache).list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert len(devices) == 1
    assert podero_server.calls()[-1].headers["authorization"] == "Bearer t"
    assert cache.timeouts == [3300]
    assert "token without a usable expires_in, kept for 3600 s" in caplog.text


def test_an_expiry_as_a_string_is_read(podero_server, make_client):
    cache = RecordingCache()
    podero_server.script("POST", TOKEN_PATH, Reply(json={"access_token": "t", "expires_in": "36000"}))
    script_heat_pump_list(podero_server)

    make_client(token_cache=cache).list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert cache.timeouts == [35700]


def test_the_cache_key_is_a_hash_that_reveals_neither_host_nor_client_id():
    key = cache_key("https://app.podero.com", CLIENT_ID)

    assert key.startswith("podero:token:")
    assert "podero.com" not in key
    assert CLIENT_ID not in key
    assert key != cache_key("https://sandbox-app.podero.com", CLIENT_ID)


def test_a_401_renews_the_token_once_and_repeats_the_call(podero_server, podero_client):
    path = api_path("heat-pumps")
    podero_server.script("GET", path, Reply(status=401), Reply(json=[heat_pump_json()]))

    devices = podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert len(devices) == 1
    assert [call.headers["authorization"] for call in podero_server.calls()] == [
        "Bearer token-1",
        "Bearer token-2",
    ]
    assert len(podero_server.token_requests) == 2


def test_the_renewed_token_replaces_the_refused_one_in_the_cache(podero_server, podero_client, token_cache):
    path = api_path("heat-pumps")
    podero_server.script("GET", path, Reply(status=401), Reply(json=[]), Reply(json=[]))

    podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)
    podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert podero_server.calls()[-1].headers["authorization"] == "Bearer token-2"
    assert len(podero_server.token_requests) == 2


def test_a_second_401_raises_unauthorized_without_further_attempts(podero_server, podero_client):
    path = api_path("heat-pumps")
    podero_server.script("GET", path, Reply(status=401), Reply(status=401))

    with pytest.raises(podero.PoderoUnauthorized) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert caught.value.status == 401
    assert len(podero_server.calls()) == 2
    assert len(podero_server.token_requests) == 2


def test_a_401_on_boost_is_repeated_once_because_nothing_was_processed(podero_server, podero_client):
    path = api_path(f"electric-vehicles/{EV_ID}/boost")
    podero_server.script("POST", path, Reply(status=401), Reply(status=204))

    podero_client.start_boost(user_id=USER_ID, ev_id=EV_ID)

    assert len(podero_server.calls("POST", path)) == 2


@pytest.mark.parametrize("status", [400, 401])
def test_refused_client_credentials_raise_unauthorized(podero_server, podero_client, status):
    podero_server.script("POST", TOKEN_PATH, Reply(status=status, json={"error": "invalid_client"}))

    with pytest.raises(podero.PoderoUnauthorized) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert caught.value.status == status
    assert podero_server.calls() == []


def test_the_token_request_is_not_retried_on_503(podero_server, podero_client):
    podero_server.script("POST", TOKEN_PATH, Reply(status=503), Reply(status=503))

    with pytest.raises(podero.PoderoUnavailable) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert caught.value.outcome_unknown is False
    assert len(podero_server.token_requests) == 1


@pytest.mark.parametrize(
    "reply",
    [Reply(body=b"<html>oops</html>"), Reply(json={"token_type": "Bearer"}), Reply(json={"access_token": 7})],
)
def test_an_unreadable_token_response_is_a_bad_response(podero_server, podero_client, reply):
    podero_server.script("POST", TOKEN_PATH, reply)

    with pytest.raises(podero.PoderoBadResponse) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert caught.value.outcome_unknown is False


def test_neither_secret_nor_token_appears_in_logs_errors_or_reprs(podero_server, podero_client, caplog):
    caplog.set_level(logging.DEBUG)
    path = api_path("heat-pumps")
    podero_server.script("GET", path, Reply(status=401), Reply(status=401))

    with pytest.raises(podero.PoderoUnauthorized) as caught:
        podero_client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    visible = " ".join([caplog.text, str(caught.value), repr(caught.value), repr(podero_client)])
    for secret in (CLIENT_SECRET, "token-1", "token-2", base64.b64encode(CLIENT_SECRET.encode()).decode()):
        assert secret not in visible
    assert "GET" in caplog.text


class BrokenCache(LocMemCache):
    """A shared cache that is down: every call fails, as a Redis that does not answer would."""

    def __init__(self) -> None:
        super().__init__("podero-broken-cache", {})

    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    def set(self, *args, **kwargs):
        raise ConnectionError("cache down")

    def delete(self, *args, **kwargs):
        raise ConnectionError("cache down")


def test_with_the_shared_cache_down_calls_still_work_on_one_token_kept_in_the_process(
    podero_server, make_client
):
    client = make_client(token_cache=BrokenCache())
    script_heat_pump_list(podero_server, times=2)

    client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)
    client.list_devices(podero.DeviceKind.HEAT_PUMP, user_id=USER_ID)

    assert len(podero_server.token_requests) == 1
    assert [call.headers["authorization"] for call in podero_server.calls()] == ["Bearer token-1"] * 2
