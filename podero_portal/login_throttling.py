"""How django-axes names who is trying to log in (settings: AXES_USERNAME_CALLABLE, AXES_CLIENT_IP_CALLABLE)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The username as the login form cleans it: "Alice@Example.com " and "alice@example.com" count as one."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get("username", "")
    return str(value).strip().lower()


def client_ip(request: HttpRequest) -> str:
    """The address the request came from: the connection's, or behind TRUSTED_PROXY_COUNT proxies the one
    the outermost trusted proxy saw (X-Forwarded-For, counted from the right, where our proxies append)."""
    remote: str = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded_for: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
