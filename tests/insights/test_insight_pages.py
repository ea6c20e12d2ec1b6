"""What each device page asks Podero for, with the new cards: the slow reads go out with the device's own read,
and come from the shared cache afterwards."""

import html
import re

import pytest
from django.core.cache import cache

from tests.helpers import cards_loaded_after, open_page, page_url


def asked(sandbox, device):
    return sorted(r["path"].split(str(device.podero_id))[-1] or "/" for r in sandbox.requests())


@pytest.mark.parametrize(
    ("fixture", "reads"),
    [
        # /data twice: the last 30 days, and today and tomorrow over prices
        ("alice_heat_pump", ["/", "/data", "/data", "/savings"]),
        ("alice_inverter", ["/", "/data", "/data", "/savings"]),
        (
            "alice_ev",
            [
                "/",
                "/charge-policy",
                "/data",
                "/data",
                "/savings",
                "/sessions",
                "/sessions",
                "/sessions/current",
            ],
        ),
    ],
)
def test_a_device_page_asks_once_for_each_card_and_then_reads_the_cache(
    client, sandbox, request, fixture, reads
):
    device = request.getfixturevalue(fixture)
    client.force_login(device.homeowner.user)

    first, _ = open_page(client, page_url(device))
    cold = asked(sandbox, device)
    sandbox.clear_requests()
    open_page(client, page_url(device))

    assert first.status_code == 200
    assert cold == reads
    assert asked(sandbox, device) == []


def test_after_the_device_state_expires_only_the_state_and_the_current_session_are_asked_again(
    client, sandbox, alice_ev, listable_cache
):
    client.force_login(alice_ev.homeowner.user)
    open_page(client, page_url(alice_ev))
    sandbox.clear_requests()
    # What a page may show for 30 seconds is gone; savings and history are kept for an hour.
    cache.delete_many(  # locmem: its keys carry Django's ":1:" prefix
        [
            key.split(":", 2)[-1]
            for key in list(listable_cache)
            if "device:" in key or "current-session" in key
        ]
    )

    open_page(client, page_url(alice_ev))

    assert asked(sandbox, alice_ev) == ["/", "/sessions/current"]


def test_a_device_page_does_not_wait_for_its_slow_cards_which_load_right_after_it(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    page = client.get(page_url(alice_ev)).content.decode()

    # The page itself asks Podero only what its controls need; prices, savings and history come with their cards.
    assert asked(sandbox, alice_ev) == ["/", "/charge-policy"]
    assert set(cards_loaded_after(page)) == {"prices", "savings", "history"}
    assert page.count('aria-busy="true"') == 3
    assert page.count("Loading…") == 3
    sandbox.clear_requests()
    _, with_cards = open_page(client, page_url(alice_ev))
    assert "So far this month smart optimization saved you" in with_cards
    assert "Past charging sessions" in with_cards


def test_without_javascript_a_link_in_each_slow_card_shows_the_page_with_every_card_in_it(
    client, sandbox, alice_ev
):
    client.force_login(alice_ev.homeowner.user)
    page = client.get(page_url(alice_ev)).content.decode()
    links = re.findall(r'<noscript><p><a href="([^"]+)">Show this card</a></p></noscript>', page)

    whole = client.get(html.unescape(links[0])).content.decode()

    assert len(links) == 3
    assert cards_loaded_after(whole) == {}
    assert "So far this month smart optimization saved you" in whole
    assert "Past charging sessions" in whole
    assert "Loading…" not in whole


def test_past_sessions_are_listed_newest_first_however_podero_orders_its_pages(client, sandbox, alice_ev):
    def listed_sessions():
        cache.clear()
        page = client.get(page_url(alice_ev)).content.decode()
        link = re.findall(r'<noscript><p><a href="([^"]+)">Show this card</a></p></noscript>', page)[-1]
        whole = html.unescape(client.get(html.unescape(link)).content.decode())
        return re.findall(r"[^>]*, \d\d:\d\d: charged [^<]*", whole)

    client.force_login(alice_ev.homeowner.user)
    as_documented = listed_sessions()
    sandbox.reading(session_order="oldest_first")

    assert len(as_documented) == 10
    assert listed_sessions() == as_documented
