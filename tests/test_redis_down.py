"""Redis is an accelerator, not a dependency: with the shared cache down, pages are served (sessions from the
database), a click still sends Podero one write however many ask at once (the lock in the database), and
/healthz says "degraded" without taking the app server out of the load balancer.

"Down" is a Redis address where nothing listens: every cache call is refused, as when Redis has stopped.
"""

import json
import socket

import pytest
from django.conf import settings
from django.core.management import call_command

import podero_sandbox as seed
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.helpers import HTMX, action_url, page_url, podero_path

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "podero_portal.redis_cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
        "locks": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"},
    }
    call_command("createcachetable", verbosity=0)


def test_healthz_says_degraded_and_stays_in_the_pool(client, redis_down):
    response = client.get("/healthz")

    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert (body["checks"]["database"]["ok"], body["checks"]["cache"]["ok"]) == (True, False)


def test_a_logged_in_homeowner_gets_their_pages(client, alice, alice_heat_pump, sandbox, redis_down):
    client.force_login(alice.user)

    devices = client.get("/")
    page = client.get(page_url(alice_heat_pump))

    assert (devices.status_code, page.status_code) == (200, 200)
    assert "Nibe S-Series" in devices.content.decode()


def test_a_switch_clicked_ten_times_at_once_sends_one_write(sandbox, alice_heat_pump, redis_down):
    sandbox.fault(
        latency_ms=300, method="PUT", path_contains=seed.ALICE_HEAT_PUMP_ID
    )  # Podero takes its time
    sandbox.clear_requests()

    responses = at_once(10, action_url(alice_heat_pump, "pause"), session_of(alice_heat_pump.homeowner))

    assert [response.status_code for response in responses] == [200] * 10
    assert all('aria-checked="false"' in response.content.decode() for response in responses)
    writes = sandbox.writes()
    assert [(write["method"], write["path"]) for write in writes] == [("PUT", podero_path(alice_heat_pump))]
    assert alice_heat_pump.changes.count() == 1


def test_a_session_outlives_the_outage(client, alice, alice_heat_pump, sandbox, redis_down):
    client.force_login(alice.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert response.status_code == 200
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == session
