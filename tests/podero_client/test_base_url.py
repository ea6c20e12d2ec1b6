"""PODERO_BASE_URL: the host root or the API base the docs name, never plain http:// off this machine."""

import pytest

from preferences.podero.base_url import host_root
from preferences.podero.client import PoderoClient

from .conftest import EV_ID, ORG_ID, USER_ID, Reply, api_path, ev_json


@pytest.mark.parametrize(
    "url",
    [
        "https://app.podero.com",
        "https://app.podero.com/",
        "https://app.podero.com/api/partners/v2.0",
        "https://app.podero.com/api/partners/v2.0/",
        " https://app.podero.com/api/partners/v2.0/ ",
    ],
)
def test_the_host_root_or_the_api_base_both_mean_the_host_root(url):
    assert host_root(url) == "https://app.podero.com"


def test_a_path_in_front_of_the_api_is_kept():
    assert (
        host_root("https://gateway.example.com/podero/api/partners/v2.0/")
        == "https://gateway.example.com/podero"
    )


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://localhost:8765/", "http://[::1]:8765/api/partners/v2.0/"]
)
def test_plain_http_is_fine_on_loopback(url):
    assert host_root(url).startswith("http://")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://app.podero.com", "uses plain http:// to app.podero.com"),
        ("http://10.0.0.5:8765", "uses plain http:// to 10.0.0.5"),
        ("app.podero.com", "must be an absolute https:// address"),
        ("ftp://app.podero.com", "must be an absolute https:// address"),
        ("https://user:pw@app.podero.com", "without credentials"),
        ("https://app.podero.com/?x=1", "without credentials, a query"),
    ],
)
def test_anything_else_is_refused_with_the_reason(url, reason):
    with pytest.raises(ValueError, match=reason):
        host_root(url)


def test_a_client_given_the_api_base_does_not_double_the_prefix(podero_server, token_cache):
    podero_server.script("GET", api_path(f"electric-vehicles/{EV_ID}"), Reply(json=ev_json()))
    client = PoderoClient(
        base_url=f"{podero_server.url}/api/partners/v2.0/",
        org_id=ORG_ID,
        client_id="id",
        client_secret="secret",
        token_cache=token_cache,
    )

    ev = client.get_device("electric-vehicles", user_id=USER_ID, device_id=EV_ID)

    assert ev.id == EV_ID
    assert [call.path for call in podero_server.received] == [
        "/oauth2/token/",
        api_path(f"electric-vehicles/{EV_ID}"),
    ]
