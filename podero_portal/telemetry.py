"""Each request gets a request id (the caller's `X-Request-ID` if it is a plausible one, else a new one), which every
log line of the request carries and the worker's jobs inherit (preferences/tracing.py), and is counted in the
metrics by view and status (podero_portal/metrics.py)."""

import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from podero_portal import metrics
from preferences import tracing

HEADER = "X-Request-ID"
_PLAUSIBLE = re.compile(r"[A-Za-z0-9._-]{8,64}")


class TelemetryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        started = time.monotonic()
        with tracing.request_id(given if _PLAUSIBLE.fullmatch(given) else "") as request_id:
            response = self.get_response(request)
        response[HEADER] = request_id
        view = view_name(request)
        metrics.REQUESTS.labels(view, request.method or "", str(response.status_code)).inc()
        metrics.REQUEST_SECONDS.labels(view).observe(time.monotonic() - started)
        return response


def view_name(request: HttpRequest) -> str:
    """The URL pattern's name (never the path, which holds ids); static files and unknown URLs are grouped."""
    match = request.resolver_match
    if match is None:
        return "static" if request.path.startswith("/static/") else "unmatched"
    return match.view_name or match._func_path
