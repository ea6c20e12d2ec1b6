"""No stampede on Podero: when cached device state goes stale, one request refreshes it while every other
request shows the stale state, so Podero gets one call per list per cache period however busy the portal is.

(Across app servers: bench/two_portals.py checks the same with two gunicorn portals sharing one cache.)
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

import podero_sandbox as seed
from preferences import podero
from preferences.accounts import save_homeowner
from preferences.devices import cache as device_cache
from preferences.devices import kinds
from preferences.models import Device
from tests.helpers import page_url, podero_path

FRESH_SECONDS = 1
PAGE_VIEWS = 8


def list_reads(sandbox) -> list[str]:
    return [
        r["path"]
        for r in sandbox.requests()
        if r["method"] == "GET" and r["path"].rsplit("/", 1)[-1] in [kind.slug for kind in kinds.all_kinds()]
    ]


def at_once(count: int, cookies, path: str) -> list:
    """`count` page views of `path` by the same login, all sent at the same moment from their own threads."""
    barrier = threading.Barrier(count)

    def view(_: int):
        browser = Client()
        browser.cookies = cookies
        barrier.wait()
        try:
            return browser.get(path)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(view, range(count)))


def wait_until_stale() -> None:
    time.sleep(FRESH_SECONDS + 0.1)


@pytest.fixture
def alice_logged_in(transactional_db, sandbox, settings):
    settings.PODERO_DEVICE_CACHE_SECONDS = FRESH_SECONDS
    settings.PODERO_DEVICE_CACHE_STALE_SECONDS = 60  # stale, not gone, however slow the machine
    homeowner, _ = save_homeowner(email="alice@example.com", podero_user_id=seed.ALICE_USER_ID)
    client = Client()
    client.force_login(homeowner.user)
    return client


def test_stale_device_lists_are_fetched_once_while_concurrent_page_views_show_them(alice_logged_in, sandbox):
    client = alice_logged_in
    assert "Nibe" in client.get(reverse("preferences:dashboard")).content.decode()
    wait_until_stale()
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_smart_optimization_active=False)
    sandbox.fault(method="GET", latency_ms=300)  # the refresh is still running while the others are served
    sandbox.clear_requests()

    pages = at_once(PAGE_VIEWS, client.cookies, reverse("preferences:dashboard"))

    assert [page.status_code for page in pages] == [200] * PAGE_VIEWS
    assert all("Nibe" in page.content.decode() for page in pages)
    assert len(list_reads(sandbox)) == len(kinds.all_kinds())  # one per kind of device, not one per page view
    sandbox.clear_requests()
    after = client.get(reverse("preferences:dashboard"))
    assert "Paused" in after.content.decode()  # the refresh stored what Podero says now
    assert sandbox.requests() == []


def test_a_stale_device_page_is_fetched_once_for_concurrent_views(alice_logged_in, sandbox):
    client = alice_logged_in
    client.get(reverse("preferences:dashboard"))  # creates the device rows
    device = Device.objects.get(podero_id=seed.ALICE_HEAT_PUMP_ID)
    client.get(page_url(device))
    wait_until_stale()
    sandbox.fault(method="GET", latency_ms=300)
    sandbox.clear_requests()

    pages = at_once(PAGE_VIEWS, client.cookies, page_url(device))

    assert [page.status_code for page in pages] == [200] * PAGE_VIEWS
    assert [r["path"] for r in sandbox.requests()] == [podero_path(device)]
    assert device_cache.device(seed.ALICE_HEAT_PUMP_ID).stale is False


def test_while_another_app_server_refreshes_a_stale_list_the_page_shows_it_without_asking_podero(
    alice_logged_in, sandbox
):
    client = alice_logged_in
    client.get(reverse("preferences:dashboard"))
    wait_until_stale()
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_smart_optimization_active=False)
    slugs = [kind.slug for kind in kinds.all_kinds()]
    for kind, cached in device_cache.device_lists(seed.ALICE_USER_ID, slugs).items():
        # What another app server does when it sees the lists stale first: it takes the refresh lock.
        assert device_cache.is_due(cached, device_cache.list_key(seed.ALICE_USER_ID, kind))
    sandbox.clear_requests()

    page = client.get(reverse("preferences:dashboard")).content.decode()

    assert "Nibe" in page
    assert "Paused" not in page  # the stale state, as the other server is fetching the new one
    assert sandbox.requests() == []


def test_a_failed_refresh_shows_the_stale_state_and_podero_is_not_asked_again_at_once(
    alice_logged_in, sandbox
):
    client = alice_logged_in
    client.get(reverse("preferences:dashboard"))
    wait_until_stale()
    sandbox.fault(method="GET", status=500)
    sandbox.clear_requests()

    first = client.get(reverse("preferences:dashboard")).content.decode()
    asked = len(sandbox.requests())
    second = client.get(reverse("preferences:dashboard")).content.decode()

    assert "Nibe" in first
    assert "Nibe" in second
    assert "couldn" not in first + second  # nothing is missing: the state is only a little older
    assert asked >= 3  # the one refresh tried (with the client's retries)
    assert len(sandbox.requests()) == asked  # the second page view waited for the lock to expire


def test_stale_device_state_is_gone_after_the_stale_time(alice_logged_in, sandbox, settings):
    settings.PODERO_DEVICE_CACHE_STALE_SECONDS = 1
    client = alice_logged_in
    client.get(reverse("preferences:dashboard"))
    time.sleep(FRESH_SECONDS + 1 + 0.1)

    assert device_cache.device_lists(seed.ALICE_USER_ID, list(podero.DeviceKind)) == dict.fromkeys(
        podero.DeviceKind
    )
