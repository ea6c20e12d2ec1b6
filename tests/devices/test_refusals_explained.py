"""Podero's refusals the portal has no special meaning for (400, 403, 405, a 409 on a PUT, a 401 even with a
fresh token) are explained in the homeowner's language, logged in one line, and never a 500 page."""

import html
import logging

import pytest

from tests.helpers import GERMAN, HTMX, action_url

REFUSED = (
    "Podero refused this request. Nothing was changed. Please try again later or contact customer service.",
    "Podero hat diese Anfrage abgelehnt. Es wurde nichts geändert. Bitte versuchen Sie es später noch einmal "
    "oder wenden Sie sich an den Kundenservice.",
)
NO_ACCESS = (
    "Podero refused the portal's access just now. Nothing was changed. Please try again later or contact "
    "customer service.",
    "Podero hat dem Portal gerade den Zugriff verweigert. Es wurde nichts geändert. Bitte versuchen Sie es "
    "später noch einmal oder wenden Sie sich an den Kundenservice.",
)
STATE = (
    "Podero refused this change because of your device's current state. Nothing was changed.",
    "Podero hat diese Änderung wegen des aktuellen Zustands Ihres Geräts abgelehnt. Es wurde nichts geändert.",
)


@pytest.mark.parametrize(
    ("status", "sentences"),
    [(400, REFUSED), (405, REFUSED), (403, NO_ACCESS), (401, NO_ACCESS), (409, STATE)],
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_refused_pause_says_so_in_plain_words_and_one_log_line(
    client, sandbox, alice_heat_pump, caplog, status, sentences, language
):
    # Every PUT refused, so a 401 stays a 401 after the portal renews its token.
    sandbox.fault(status=status, method="PUT")
    client.force_login(alice_heat_pump.homeowner.user)
    client.raise_request_exception = False
    headers = HTMX | (GERMAN if language == "de" else {})

    response = client.post(action_url(alice_heat_pump, "pause"), headers=headers)

    assert response.status_code == 503
    assert sentences[language == "de"] in html.unescape(response.content.decode())
    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is True
    lines = [r for r in caplog.records if r.name == "preferences.podero.answers"]
    assert [r.levelno for r in lines] == [logging.WARNING]
    assert f"answered {status}" in lines[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]  # explained, not a server error
