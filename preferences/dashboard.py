"""My devices: every device card, and the "I'm away" section."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from preferences import absences, insight_cards, insights, podero, selectors
from preferences.device_page import device_card
from preferences.forms import AbsenceForm, ReturnDateForm
from preferences.models import Homeowner


def render_dashboard(
    request: HttpRequest, homeowner: Homeowner, *, away: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    month_total = insights.start_month_total(homeowner, now=timezone.now())  # runs alongside the lists
    overview = selectors.device_overview(homeowner)
    total = month_total(overview.devices)
    context = {
        "overview": overview,
        "month_total": insight_cards.month_total_sentence(total.savings, missing=total.missing),
        "cards": [device_card(device) for device in overview.devices],
        "homeowner": homeowner,
        **(away if away is not None else away_context(homeowner, overview.devices)),
    }
    return render(request, "preferences/dashboard.html", context, status=status)


def away_context(homeowner: Homeowner, devices: list[podero.DeviceState]) -> dict[str, Any]:
    """What the "I'm away" section shows: the active absence, or the form to start one (one query either way
    while no absence is active; the form's devices are those on the page)."""
    absence = absences.active_absence(homeowner)
    if absence is None:
        return {"absence": None, "away_form": AbsenceForm(homeowner=homeowner, devices=devices)}
    return {"absence": absence, "return_form": ReturnDateForm(initial={"returns_at": absence.returns_at})}
