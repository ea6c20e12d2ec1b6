"""A sign-in through the stand-in provider, as a browser does it: the portal sends the browser to the provider,
the person picks a demo customer there, the provider sends the browser back with a code. The portal is the
Django test client (on 127.0.0.1, the callback address the stand-in accepts); the provider is real HTTP."""

from typing import Any
from urllib.parse import urlsplit

import requests
from django.test import Client

PORTAL_HOST = "127.0.0.1"


def portal_client() -> Client:
    return Client(HTTP_HOST=PORTAL_HOST)


def at_provider(client: Client, *, next_page: str = "") -> str:
    """Starts a sign-in; the provider's authorization URL the portal sent the browser to."""
    start = client.get("/accounts/signin/start/" + (f"?next={next_page}" if next_page else ""))
    assert start.status_code == 302, start.status_code
    return str(start["Location"])


def pick(authorize_url: str, customer: str, *, fault: str = "") -> str:
    """The person picks `customer` (a demo customer's sub) on the provider's page: the callback URL (path and
    query) the provider sends the browser back to."""
    page = requests.get(authorize_url, timeout=5)
    assert page.status_code == 200, page.text
    chosen = requests.post(
        authorize_url, data={"customer": customer, "fault": fault}, allow_redirects=False, timeout=5
    )
    assert chosen.status_code == 302, chosen.text
    back = urlsplit(chosen.headers["Location"])
    return f"{back.path}?{back.query}"


def sign_in(client: Client, customer: str, *, fault: str = "") -> Any:
    """The whole round trip; the portal's answer to the callback."""
    return client.get(pick(at_provider(client), customer, fault=fault))
