"""The "I'm away" section of My devices: start an absence, change its return date, end it early.

Plain form posts with a redirect back to My devices, since an absence changes several device cards at once.
"""

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preferences.away import actions
from preferences.away.forms import AbsenceForm, ReturnDateForm
from preferences.devices import reads
from preferences.devices.dashboard import render_dashboard


@require_POST
@login_required
def start_absence(request: HttpRequest) -> HttpResponse:
    homeowner = reads.homeowner_of(request.user)
    with timezone.override(ZoneInfo(homeowner.timezone)):
        form = AbsenceForm(request.POST, homeowner=homeowner)
        if not form.is_valid():
            return _dashboard_with(request, {"absence": None, "away_form": form})
    try:
        actions.start_absence(
            homeowner=homeowner,
            devices=form.cleaned_data["devices"],
            pause_charge_deadlines=form.cleaned_data.get("pause_charge_deadlines", False),
            returns_at=form.cleaned_data["returns_at"],
            actor=request.user,
            now=timezone.now(),
        )
    except actions.AlreadyAway:
        messages.warning(request, _("You are already set as away. Change the return date below instead."))
    else:
        messages.success(
            request, _("Enjoy your time away. Everything paused here switches back on when you are back.")
        )
    return redirect("preferences:dashboard")


@require_POST
@login_required
def change_return(request: HttpRequest) -> HttpResponse:
    homeowner = reads.homeowner_of(request.user)
    absence = actions.active_absence(homeowner)
    if absence is None:
        return redirect("preferences:dashboard")
    with timezone.override(ZoneInfo(homeowner.timezone)):
        form = ReturnDateForm(request.POST)
        if not form.is_valid():
            return _dashboard_with(request, {"absence": absence, "return_form": form})
    actions.change_return(absence=absence, returns_at=form.cleaned_data["returns_at"])
    messages.success(request, _("Return date changed."))
    return redirect("preferences:dashboard")


@require_POST
@login_required
def end_absence(request: HttpRequest) -> HttpResponse:
    homeowner = reads.homeowner_of(request.user)
    absence = actions.active_absence(homeowner)
    if absence is not None:
        actions.end_absence(absence=absence, actor=request.user, now=timezone.now())
        messages.success(request, _("Welcome back. Everything paused for your absence is switched back on."))
    return redirect("preferences:dashboard")


def _dashboard_with(request: HttpRequest, away: dict[str, Any]) -> HttpResponse:
    return render_dashboard(request, reads.homeowner_of(request.user), away=away, status=422)
