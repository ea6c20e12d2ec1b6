"""A list of devices in pages (`{"count", "next", "previous", "results"}`, a paginating framework's wrapper):
every page is followed; a list we could not read to its end is marked incomplete (device sync then removes
nothing), and `next` is never followed away from Podero's API address (it would carry our token)."""

import logging

import pytest

from preferences import podero

from .conftest import USER_ID, Reply, api_path, ev_json

LIST_PATH = api_path("electric-vehicles")
FIRST = "1e0f8d2c-3b4a-4c5d-9e6f-000000000001"
SECOND = "1e0f8d2c-3b4a-4c5d-9e6f-000000000002"


def page(device_id, next_link, count=2):
    return Reply(
        json={"count": count, "next": next_link, "previous": None, "results": [ev_json(id=device_id)]}
    )


def list_evs(client):
    return client.list_devices(podero.DeviceKind.ELECTRIC_VEHICLE, user_id=USER_ID)


@pytest.mark.parametrize("link", ["{server}{path}?page=2", "{path}?page=2", "?page=2"])
def test_every_page_is_followed(podero_server, podero_client, link):
    next_link = link.format(server=podero_server.url, path=LIST_PATH)
    podero_server.script("GET", LIST_PATH, page(FIRST, next_link))
    podero_server.script("GET", f"{LIST_PATH}?page=2", page(SECOND, None))

    devices = list_evs(podero_client)

    assert [str(device.id) for device in devices] == [FIRST, SECOND]
    assert devices.incomplete is False


def test_a_next_page_elsewhere_is_not_followed_and_the_list_is_incomplete(
    podero_server, podero_client, caplog
):
    podero_server.script(
        "GET", LIST_PATH, page(FIRST, "https://elsewhere.example/api/partners/v2.0/x?page=2")
    )

    devices = list_evs(podero_client)

    assert [str(device.id) for device in devices] == [FIRST]
    assert devices.incomplete is True
    assert len(podero_server.calls()) == 1
    [line] = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    assert line.levelno == logging.WARNING
    assert "list incomplete: its next page is not at Podero's API address" in line.getMessage()


def test_a_next_page_that_fails_leaves_the_list_incomplete_not_failed(podero_server, podero_client):
    podero_server.script("GET", LIST_PATH, page(FIRST, f"{LIST_PATH}?page=2"))
    podero_server.script("GET", f"{LIST_PATH}?page=2", Reply(status=404))

    devices = list_evs(podero_client)

    assert ([str(device.id) for device in devices], devices.incomplete) == ([FIRST], True)


def test_a_list_holding_fewer_devices_than_it_counts_is_incomplete(podero_server, podero_client):
    podero_server.script("GET", LIST_PATH, page(FIRST, None, count=3))

    assert list_evs(podero_client).incomplete is True


def test_a_next_page_that_never_ends_stops(podero_server, podero_client):
    for number in range(1, 30):
        path = LIST_PATH if number == 1 else f"{LIST_PATH}?page={number}"
        podero_server.script("GET", path, page(FIRST, f"{LIST_PATH}?page={number + 1}", count=99))

    devices = list_evs(podero_client)

    assert devices.incomplete is True
    assert len(podero_server.calls()) == 1 + podero.lists.MAX_PAGES


def test_a_bare_array_is_complete(podero_server, podero_client):
    podero_server.script("GET", LIST_PATH, Reply(json=[ev_json(id=FIRST)]))

    devices = list_evs(podero_client)

    assert (len(devices), devices.incomplete) == (1, False)
