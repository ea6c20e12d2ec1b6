"""Error pages in the portal's style and the person's language, and their htmx form: a note inside the card.

A whole page for a browser that asked for a page; for an htmx request only a short note, which htmx swaps into
the card the click came from (the htmx-config in base.html swaps 400, 403, 404 and 500), so the portal around it
stays. Every error page is rendered without the request's context processors (no session, no database, no
messages): whatever broke the request must not break its error page as well.
"""

import logging
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.template import loader
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from podero_portal import session_expiry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorText:
    title: Promise
    text: Promise


TEXTS = {
    400: ErrorText(
        _("Something in this request was not right"),
        _("The portal could not understand what your browser sent. Please reload the page and try again."),
    ),
    403: ErrorText(
        _("Not available to you"),
        _("Your login may not open this page. If you think it should, please contact customer service."),
    ),
    404: ErrorText(
        _("Page not found"),
        _("There is no such page here. The link may be old, or the device may belong to another login."),
    ),
    500: ErrorText(
        _("Something went wrong on our side"),
        _(
            "We could not finish this request. If you were changing a setting, it may still take effect: "
            "open the page again in a minute to see the current state."
        ),
    ),
}
STALE_FORM = ErrorText(
    _("This page is out of date"),
    _(
        "The page was opened before you last logged in, perhaps in another tab, so it could not send this. "
        "Nothing was sent or changed. Please reload the page and try again."
    ),
)
# Why else a request's CSRF check failed, from Django's `reason` (django.middleware.csrf): each says only what
# is so. "Opened before you last logged in" only when a logged-in page sent a token that no longer matches.
COOKIES_BLOCKED = ErrorText(
    _("Your browser did not send the portal's cookie"),
    _(
        "So the portal could not tell that this came from its own page. Nothing was sent or changed. If your "
        "browser blocks cookies for this site, please allow them, then reload the page and try again."
    ),
)
OTHER_SITE = ErrorText(
    _("This came from another site"),
    _(
        "The request did not come from the portal's own pages, so it was refused. Nothing was sent or changed. "
        "Please open the portal directly and try again."
    ),
)
LOGIN_ENDED = ErrorText(
    _("This page was open too long"),
    _(
        "Your login ended while the page was open, so it could not send this. Nothing was sent or changed. "
        "Please log in again and try once more."
    ),
)
NO_TOKEN = ErrorText(
    _("This page could not send that"),
    _(
        "The page sent no security code with this request, so it was refused. Nothing was sent or changed. "
        "Please reload the page and try again."
    ),
)


def csrf_failure_text(reason: str, *, logged_in: bool) -> ErrorText:
    """What is true of a CSRF failure, from the reason Django gives."""
    if reason == csrf.REASON_NO_CSRF_COOKIE:
        return COOKIES_BLOCKED
    if reason.startswith(("Origin checking failed", "Referer checking failed")):
        return OTHER_SITE
    if not logged_in:
        return LOGIN_ENDED
    if reason == csrf.REASON_CSRF_TOKEN_MISSING:
        return NO_TOKEN
    return STALE_FORM  # a token that no longer matches: a new login since the page was opened


# The last resort, when even the error template cannot be rendered: no template, no translation catalog.
FALLBACK_500 = (
    b'<!doctype html><html lang="en"><meta charset="utf-8"><title>Podero Portal</title>'
    b"<h1>Something went wrong on our side</h1>"
    b"<p>Please open the page again in a minute.</p>"
    b'<p lang="de">Bei uns ist etwas schiefgegangen. Bitte \xc3\xb6ffnen Sie die Seite in einer Minute erneut.</p>'
    b"</html>"
)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, TEXTS[400], status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, TEXTS[403], status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, TEXTS[404], status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render_error(request, TEXTS[500], status=500)
    except Exception:
        logger.exception("The error page itself failed; sent the plain one")
        return HttpResponse(FALLBACK_500, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the true reason, in the card (csrf_failure_text).

    With htmx and without a login (the session ended, and the token with it) the person is sent to log in, as for any other
    request without one.
    """
    logger.info("Refused a request without a valid CSRF token: %s", reason)
    if getattr(request, "htmx", False) and not _logged_in(request):
        return HttpResponseClientRedirect(session_expiry.login_url_back_to_page(request))
    return render_error(request, csrf_failure_text(reason, logged_in=_logged_in(request)), status=403)


def render_error(request: HttpRequest, error: ErrorText, *, status: int) -> HttpResponse:
    """The error page, or for htmx the note for the card, in the language the request asked for."""
    htmx = bool(getattr(request, "htmx", False))
    page_url = session_expiry.page_of_click(request) if htmx else None
    context = {"title": error.title, "text": error.text, "page_url": page_url}
    template = "errors/part.html" if htmx else "errors/page.html"
    # Decided from the request alone (language cookie, Accept-Language): the failure may have come before the
    # middleware that chooses the language ran.
    with translation.override(translation.get_language_from_request(request)):
        body = loader.get_template(template).render(context)
    return HttpResponse(body, status=status)


def _logged_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
