"""What each device page asks Podero for, with the new cards: the slow reads go out with the device's own read,
and come from the shared cache afterwards."""

import pytest
from django.core.cache import cache

from tests.helpers import page_url


def asked(sandbox, device):
    return sorted(r["path"].split(str(device.podero_id))[-1] or "/" for r in sandbox.requests())


@pytest.mark.parametrize(
    ("fixture", "reads"),
    [
        ("alice_heat_pump", ["/", "/data", "/savings"]),
        ("alice_inverter", ["/", "/data", "/savings"]),
        (
            "alice_ev",
            ["/", "/charge-policy", "/data", "/savings", "/sessions", "/sessions", "/sessions/current"],
        ),
    ],
)
def test_a_device_page_asks_once_for_each_card_and_then_reads_the_cache(
    client, sandbox, request, fixture, reads
):
    device = request.getfixturevalue(fixture)
    client.force_login(device.homeowner.user)

    first = client.get(page_url(device))
    cold = asked(sandbox, device)
    sandbox.clear_requests()
    client.get(page_url(device))

    assert first.status_code == 200
    assert cold == reads
    assert asked(sandbox, device) == []


def test_after_the_device_state_expires_only_the_state_and_the_current_session_are_asked_again(
    client, sandbox, alice_ev, listable_cache
):
    client.force_login(alice_ev.homeowner.user)
    client.get(page_url(alice_ev))
    sandbox.clear_requests()
    # What a page may show for 30 seconds is gone; savings and history are kept for an hour.
    cache.delete_many(  # locmem: its keys carry Django's ":1:" prefix
        [
            key.split(":", 2)[-1]
            for key in list(listable_cache)
            if "device:" in key or "current-session" in key
        ]
    )

    client.get(page_url(alice_ev))

    assert asked(sandbox, alice_ev) == ["/", "/sessions/current"]
