"""The portal's URLs and the benchmark's two baselines: a bare Django view (what a request costs before the portal
does anything) and a login-only page (what any logged-in page of the portal costs at least)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from podero_portal.urls import urlpatterns as portal_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
def login_only(request: HttpRequest) -> HttpResponse:
    """The session and the login, and the portal's base template around one sentence: no homeowner, no device."""
    return render(request, "bench/login_only.html")


urlpatterns = [path("_bench/bare/", bare), path("_bench/login-only/", login_only), *portal_urlpatterns]
