"""Small helpers shared by the view tests."""

import html
import re
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from preferences.models import Device

HTMX = {"HX-Request": "true"}
# A browser set to German, with English as its second choice.
GERMAN = {"accept-language": "de-DE,de;q=0.9,en;q=0.5"}
# Charge now's second step, "Yes, charge now" (charge_now_confirm.html): without it nothing is sent.
CONFIRMED = {"confirmed": "yes"}


def page_url(device: Device) -> str:
    return reverse("preferences:device", args=[device.kind, device.podero_id])


def action_url(device: Device, action: str) -> str:
    return reverse(f"preferences:{action}", args=[device.kind, device.podero_id])


def podero_path(device: Device, suffix: str = "") -> str:
    return (
        f"/api/partners/v2.0/org/{settings.PODERO_ORG_ID}/users/{device.homeowner.podero_user_id}"
        f"/{device.kind}/{device.podero_id}{suffix}"
    )


LOADED_AFTER = re.compile(r'hx-get="([^"]+)" hx-trigger="load" hx-target="#([\w-]+)"')


def cards_loaded_after(page: str) -> dict[str, str]:
    """The cards a page loads right after it (htmx, hx-trigger="load"): their element id -> URL."""
    return {target: html.unescape(url) for url, target in LOADED_AFTER.findall(page)}


def open_page(client: Any, url: str) -> tuple[Any, str]:
    """A page as a browser with JavaScript shows it: the page, then each card it loads after itself, put in place
    (the page's response, and the text of the page with the cards in)."""
    response = client.get(url)
    text = response.content.decode()
    for target, card_url in cards_loaded_after(text).items():
        card = client.get(card_url, headers={**HTMX, "HX-Target": target})
        assert card.status_code == 200, card_url
        text += card.content.decode()
    return response, text


def end_every_session() -> None:
    """Every login's session ends on the server, as when it expires: its row and its copy in the cache are gone."""
    engine = import_module(settings.SESSION_ENGINE)
    for key in Session.objects.values_list("session_key", flat=True):
        engine.SessionStore(key).delete()
