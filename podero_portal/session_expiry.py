"""A click after the session ended: to the login page, and after logging in back to the page it came from.

`login_required` answers a request without a login with a redirect to the login page, `next` being the URL
asked for. That is right for opening a page, but not for a click on one:
- htmx follows the redirect inside its request and would put the whole login page into the card;
- `next` would be the URL of the action (POST only) or of a part of a page, not the page the person was on.
So for a click (htmx, or a form post) the redirect goes to the login page with `next` = the page the click was
on, htmx is told to load it as a whole page (HX-Redirect), and the login page says why it appeared.
"""

from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class LoginRedirectMiddleware:
    """Goes after django_htmx's middleware (it needs `request.htmx`) and after the messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        htmx = bool(getattr(request, "htmx", False))
        if not _is_login_redirect(request, response) or (request.method in SAFE_METHODS and not htmx):
            return response
        if request.method in SAFE_METHODS:
            messages.info(
                request, _("Your session had ended. Log in again to return to the page you were on.")
            )
        else:
            messages.info(
                request,
                _(
                    "Your session had ended, so nothing was sent or changed. "
                    "Log in again to return to the page you were on."
                ),
            )
        url = login_url_back_to_page(request)
        return HttpResponseClientRedirect(url) if htmx else HttpResponseRedirect(url)


def login_url_back_to_page(request: HttpRequest) -> str:
    """The login page, with `next` = the page the request was sent from, when that is a page of the portal."""
    login_url = resolve_url(settings.LOGIN_URL)
    page = page_of_click(request)
    if page is None or urlsplit(page).path == login_url:
        return login_url
    return f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: page})}"


def page_of_click(request: HttpRequest) -> str | None:
    """The portal page a click was made on (path and query): htmx names it (HX-Current-URL), a plain form post
    in its Referer. None when it is not a page of the portal."""
    htmx = getattr(request, "htmx", False)
    url = request.htmx.current_url if htmx else request.headers.get("referer")  # type: ignore[attr-defined]
    try:
        host = request.get_host()
    except DisallowedHost:  # answering with the 400 page: this request names no host of ours
        return None
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _is_login_redirect(request: HttpRequest, response: HttpResponse) -> bool:
    """`login_required` turning this request away: to the login page, with `next` = this very request."""
    if not isinstance(response, HttpResponseRedirect):
        return False
    url = urlsplit(response.url)
    next_urls = parse_qs(url.query).get(REDIRECT_FIELD_NAME, [])
    return url.path == resolve_url(settings.LOGIN_URL) and next_urls == [request.get_full_path()]
