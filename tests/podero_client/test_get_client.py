import pytest

from preferences import podero
from preferences.podero.client import get_client

from .conftest import CLIENT_ID, CLIENT_SECRET, FAST_TIMEOUT, ORG_ID, SLOW_REPLY, USER_ID, Reply, api_path


@pytest.fixture
def podero_settings(settings, podero_server):
    settings.PODERO_BASE_URL = podero_server.url
    settings.PODERO_ORG_ID = ORG_ID
    settings.PODERO_CLIENT_ID = CLIENT_ID
    settings.PODERO_CLIENT_SECRET = CLIENT_SECRET
    settings.PODERO_CONNECT_TIMEOUT = FAST_TIMEOUT[0]
    settings.PODERO_READ_TIMEOUT = FAST_TIMEOUT[1]
    return settings


def test_get_client_returns_one_client_per_process(podero_settings):
    assert get_client() is get_client()


def test_get_client_is_rebuilt_when_a_podero_setting_changes(podero_settings, podero_server):
    before = get_client()

    podero_settings.PODERO_BASE_URL = "http://127.0.0.1:9"

    after = get_client()
    assert after is not before
    assert after.base_url == "http://127.0.0.1:9"


def test_other_settings_do_not_rebuild_the_client(podero_settings):
    before = get_client()

    podero_settings.TIME_ZONE = "UTC"

    assert get_client() is before


def test_the_client_from_settings_talks_to_the_configured_podero(podero_settings, podero_server):
    podero_server.script("GET", api_path("inverters"), Reply(json=[]))

    assert get_client().list_devices(podero.DeviceKind.INVERTER, user_id=USER_ID) == []
    assert len(podero_server.calls("GET", api_path("inverters"))) == 1


def test_the_client_from_settings_uses_the_configured_read_timeout(podero_settings, podero_server):
    podero_server.script("GET", api_path("inverters"), Reply(delay=SLOW_REPLY, json=[]))

    with pytest.raises(podero.PoderoUnavailable):
        get_client().list_devices(podero.DeviceKind.INVERTER, user_id=USER_ID)
