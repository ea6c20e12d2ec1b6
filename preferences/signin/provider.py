"""The identity provider as its discovery document describes it (OpenID Connect Discovery 1.0).

The document is fetched on the first sign-in and kept for an hour per process, so a password login never waits
for the provider. Its endpoints take the place of mozilla-django-oidc's OIDC_OP_* settings.
"""

import threading
import time
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .issuer import discovery_url
from .problems import SignInProblem

KEEP_SECONDS = 3600
# mozilla-django-oidc's setting -> the discovery document's field.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_lock = threading.Lock()
_kept: dict[str, tuple[float, dict[str, Any]]] = {}


def document() -> dict[str, Any]:
    """The provider's discovery document. SignInProblem("provider_down") if it cannot be read."""
    issuer = settings.OIDC_ISSUER
    with _lock:
        kept = _kept.get(issuer)
        if kept and time.monotonic() - kept[0] < KEEP_SECONDS:
            return kept[1]
    try:
        response = requests.get(discovery_url(issuer), timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        found = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SignInProblem("provider_down", f"discovery failed: {type(exc).__name__}") from None
    missing = [field for field in ENDPOINTS.values() if not isinstance(found.get(field), str)]
    if not isinstance(found, dict) or missing or found.get("issuer") != issuer:
        raise SignInProblem(
            "provider_down", f"discovery document unusable (missing {missing}, or another issuer)"
        )
    with _lock:
        _kept[issuer] = (time.monotonic(), found)
    return found


def forget() -> None:
    """Read the document again on the next sign-in (tests, a provider that moved its endpoints)."""
    with _lock:
        _kept.clear()


def endpoint(setting: str) -> str:
    return str(document()[ENDPOINTS[setting]])


def end_session_url(request: HttpRequest) -> str:
    """Where sign-out sends the browser: the provider's end_session_endpoint, when it has one and this session
    signed in there, coming back to the login page; else the login page itself."""
    login_page = reverse(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not id_token:
        return login_page
    try:
        end_session = document().get("end_session_endpoint")
    except SignInProblem:
        return login_page
    if not isinstance(end_session, str) or not end_session:
        return login_page
    back = request.build_absolute_uri(login_page)
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": back})
    return f"{end_session}?{query}"
