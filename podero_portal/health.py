"""GET /healthz for the load balancer: is this app server able to serve pages?

It checks what every page needs, the database, and the shared cache, and nothing else: no login, no session,
no call to Podero (Podero being down must not take every app server out of the pool; pages say so
themselves). Pages are served without the shared cache (podero_portal/redis_cache.py), so a cache that fails
makes the answer "degraded", still 200: only the database takes an app server out. Answered by a middleware at the top of the stack, so that a probe addressed to the server's own
IP over plain HTTP is neither refused by ALLOWED_HOSTS nor redirected to HTTPS.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        return healthz()


def healthz() -> JsonResponse:
    checks = {"database": _check(_database), "cache": _check(_cache)}
    if not checks["database"]["ok"]:
        status, code = "failing", 503
    else:
        status, code = ("ok", 200) if checks["cache"]["ok"] else ("degraded", 200)
    response = JsonResponse({"status": status, "checks": checks}, status=code)
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(response.content))  # answered before CommonMiddleware would add it
    return response


def _check(probe: Callable[[], None]) -> dict[str, object]:
    started = time.monotonic()
    try:
        probe()
    except Exception as exc:
        # The probe says what failed; the log says why (never in the response: it may name hosts).
        logger.exception("Health check %s failed", probe.__name__.strip("_"))
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    if found != "ok":
        raise RuntimeError("the cache did not return what was just stored")
