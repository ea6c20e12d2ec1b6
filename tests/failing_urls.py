"""The portal's URLs plus one view that fails, to see the 500 page (pytest.mark.urls("tests.failing_urls"))."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from podero_portal import urls


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails), *urls.urlpatterns]
handler400, handler403, handler404, handler500 = (
    urls.handler400,
    urls.handler403,
    urls.handler404,
    urls.handler500,
)
