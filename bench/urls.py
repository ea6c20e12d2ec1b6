"""The portal's URLs and a bare Django view: what a request costs before the portal does anything."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from podero_portal.urls import urlpatterns as portal_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare), *portal_urlpatterns]
