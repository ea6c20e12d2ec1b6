"""The homeowner's "Add a device": choose the kind, go to Podero's Connect UI in their language, and come back to
a page that says what happened (added, cancelled, expired) and shows the device added. Every address below is
resolved through the logged-in homeowner: anyone else's session is a 404."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from preferences import podero
from preferences.devices import notes, reads
from preferences.devices.responses import PortalRequest
from preferences.models import Onboarding
from preferences.onboarding import actions
from preferences.onboarding.cards import came_back_card
from preferences.onboarding.forms import AddDeviceForm

PAGE = "preferences/onboarding/add.html"


@require_http_methods(["GET", "POST"])
@login_required
def add_device(request: PortalRequest) -> HttpResponse:
    homeowner = reads.homeowner_of(request.user)
    form = AddDeviceForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        return render(request, PAGE, {"form": form}, status=422 if form.is_bound else 200)
    try:
        row = actions.start(
            homeowner=homeowner,
            device_type=form.chosen(),
            language=get_language() or "en",
            success_url=lambda key: request.build_absolute_uri(
                reverse("preferences:add-device-done", args=[key])
            ),
            cancel_url=lambda key: request.build_absolute_uri(
                reverse("preferences:add-device-cancelled", args=[key])
            ),
            actor=request.user,
            now=timezone.now(),
        )
    except (*notes.EXPLAINED, podero.PoderoBadResponse) as exc:
        problem = notes.failure_note(exc)
        return render(request, PAGE, {"form": form, "problem": problem}, status=notes.failure_status(exc))
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": row.authentication_url})
    # Without JavaScript a link: a form answered by a redirect to another site is stopped by the CSP (form-action).
    return render(request, PAGE, {"form": form, "go": row.authentication_url})


@require_GET
@login_required
def added(request: PortalRequest, key: UUID) -> HttpResponse:
    """Where Podero's Connect UI sends the homeowner once the device is connected (`success_url`)."""
    return _came_back(request, key, finished=True)


@require_GET
@login_required
def cancelled(request: PortalRequest, key: UUID) -> HttpResponse:
    """Where it sends them when they stopped, or the link had expired (`cancel_url`)."""
    return _came_back(request, key, finished=False)


def _came_back(request: PortalRequest, key: UUID, *, finished: bool) -> HttpResponse:
    homeowner = reads.homeowner_of(request.user)
    row = get_object_or_404(Onboarding.objects.select_related("homeowner"), key=key, homeowner=homeowner)
    back = actions.came_back(row, finished=finished, today=timezone.now().date())
    return render(request, "preferences/onboarding/back.html", came_back_card(back))
