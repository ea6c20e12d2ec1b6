"""A pause for a while that Podero did not take is stated beside the pause buttons, naming the pause, and the
buttons stay there to try again."""

import html

import pytest

from tests.helpers import action_url, page_url


@pytest.mark.parametrize(
    ("length", "sentence"),
    [
        ("3h", "Pausing for 3 hours did not work."),
        ("morning", "Pausing until tomorrow morning did not work."),
    ],
)
def test_a_failed_pause_for_a_while_is_said_beside_its_buttons(
    client, sandbox, alice_heat_pump, length, sentence
):
    sandbox.fault(status=503, method="PUT")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause-for-a-while"), {"length": length}, follow=True)

    assert response.redirect_chain[-1][0] == page_url(alice_heat_pump)
    page = html.unescape(response.content.decode())
    pause_part = page[page.index('id="pause"') :]
    assert sentence in pause_part.split("</form>")[0]
    assert "Nothing was changed" in pause_part
    assert 'value="3h"' in pause_part, "the buttons stay to try again"
