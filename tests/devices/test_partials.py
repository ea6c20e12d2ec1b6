"""What htmx swaps after a click stays small: only what changed, without the templates' indentation."""

import re

from django.urls import reverse

from tests.helpers import HTMX, action_url, page_url


def toggle(client, device, active: bool):
    return client.post(action_url(device, "resume" if active else "pause"), headers=HTMX)


def test_a_toggle_answers_under_2_kb_even_with_a_full_list_of_recent_changes(
    client, sandbox, alice_heat_pump
):
    client.force_login(alice_heat_pump.homeowner.user)
    for index in range(12):
        toggle(client, alice_heat_pump, active=bool(index % 2))

    response = toggle(client, alice_heat_pump, active=True)

    assert response.status_code == 200
    assert len(response.content) < 2048
    body = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#activity-list"' in body
    assert body.count("<li>") == 1  # the new entry only; the page already shows the others


def test_the_first_change_is_added_to_the_empty_list_the_page_already_has(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    page = client.get(page_url(alice_heat_pump)).content.decode()

    body = toggle(client, alice_heat_pump, active=False).content.decode()

    assert '<ol class="activity" id="activity-list"></ol>' in page  # empty, hidden by CSS
    assert "No changes yet." in page
    assert 'hx-swap-oob="afterbegin:#activity-list"' in body
    assert body.count("<li>") == 1


def test_the_device_page_has_the_list_a_new_entry_is_added_to(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    toggle(client, alice_heat_pump, active=False)

    page = client.get(page_url(alice_heat_pump)).content.decode()

    assert page.count('id="activity-list"') == 1
    assert "{#" not in page
    assert "#}" not in page


def test_fragments_lose_their_indentation_and_pages_keep_theirs(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    fragment = toggle(client, alice_heat_pump, active=False).content.decode()
    page = client.get(reverse("preferences:dashboard")).content.decode()

    assert not re.search(r">\s*\n\s+<", fragment)
    assert re.search(r">\s*\n\s+<", page)
