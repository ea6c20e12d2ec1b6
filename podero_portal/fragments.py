"""htmx fragments without their templates' indentation, so that a click costs few bytes.

Only whitespace between two tags that contains a line break is touched, and it becomes a single line break: the
browser renders exactly the same (between tags, any run of whitespace counts as at most one space), and nothing
inside text or attribute values changes. Fragments never contain <pre> or <textarea>, where it would matter.
Whole pages are left as they are.
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_BETWEEN_TAGS = re.compile(rb">\s*\n\s*<")


class CompactHtmxFragmentsMiddleware:
    """Goes after django_htmx's middleware, which tells whether the request came from htmx."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response.content = _BETWEEN_TAGS.sub(b">\n<", response.content).strip()
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
