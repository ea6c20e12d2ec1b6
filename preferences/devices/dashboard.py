"""My devices: what needs the homeowner first (being away), every device as a tile (tiles.py), and the "I'm away"
section."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from preferences import dates, podero
from preferences.away import actions
from preferences.away.forms import AbsenceForm, ReturnDateForm
from preferences.devices import tiles
from preferences.devices.kinds import Kind
from preferences.devices.overview import device_overview
from preferences.devices.words import DeviceCard, Fact
from preferences.insights import cards as insight_cards
from preferences.insights import month
from preferences.models import Absence, AbsenceDevice, Device, Homeowner


def render_dashboard(
    request: HttpRequest, homeowner: Homeowner, *, away: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """My devices. This month's savings need one Podero call per device: unless the shared cache has the total,
    the page does not wait for them but loads them right after itself (?part=month-total, htmx); without
    JavaScript, ?cards=all has the total in the page."""
    now = timezone.now()
    if request.headers.get("HX-Request") and request.GET.get("part") == "month-total":
        sentence = _month_total(homeowner, now, start=None)
        return render(request, "preferences/dashboard.html#month-total", {"month_total": sentence})
    total = month.cached_month_total(homeowner, now=now)
    start = None
    if total is None and request.GET.get("cards") == "all":
        start = month.start_month_total(homeowner, now=now)  # runs alongside the lists
    overview = device_overview(homeowner)
    month_total = (
        insight_cards.month_total_sentence(total.savings, missing=total.missing)
        if total is not None
        else None
    )
    if start is not None:
        month_total = _month_total(homeowner, now, start=start, devices=overview.devices)
    context: dict[str, Any] = {
        "overview": overview,
        "month_total": month_total,
        "month_total_later": total is None and start is None and bool(overview.devices),
        "tiles": tiles.tiles(homeowner, overview.devices, now=now),
        # A user Podero does not know is no outage: no "unavailable, last seen" for devices it never listed.
        "unreachable": [] if overview.user_unknown else unreachable_cards(homeowner, overview.failed_kinds),
        "homeowner": homeowner,
        # Podero did not list every kind: "I'm away" cannot tell what there is to pause, nor pause it.
        "podero_unreachable": bool(overview.failed_kinds),
        **(away if away is not None else away_context(homeowner, overview.devices)),
    }
    return render(request, "preferences/dashboard.html", context, status=status)


def _month_total(
    homeowner: Homeowner,
    now: datetime,
    *,
    start: Callable[[list[podero.DeviceState]], month.MonthTotal] | None,
    devices: list[podero.DeviceState] | None = None,
) -> str | None:
    """The sentence of this month's savings over the devices Podero lists (read now unless `start`ed before)."""
    finish = start or month.start_month_total(homeowner, now=now)
    total = finish(devices if devices is not None else device_overview(homeowner).devices)
    return insight_cards.month_total_sentence(total.savings, missing=total.missing)


def unreachable_cards(homeowner: Homeowner, kinds: list[Kind]) -> list[DeviceCard]:
    """The devices of `kinds` the portal knew when Podero last listed them, for while Podero cannot list them."""
    if not kinds:
        return []
    rows = Device.objects.filter(homeowner=homeowner, kind__in=[kind.slug for kind in kinds])
    return [
        DeviceCard(
            name=row.name or row.get_kind_display(),
            kind_label=row.get_kind_display(),
            url=row.get_absolute_url(),
            facts=[
                Fact(
                    _("Status"),
                    _("unavailable, last seen %(ago)s") % {"ago": dates.ago(row.synced_at)},
                )
            ],
            attention=None,
            updated_at=None,
        )
        for row in rows
    ]


def away_context(homeowner: Homeowner, devices: list[podero.DeviceState]) -> dict[str, Any]:
    """What the "I'm away" section shows: the active absence, or the form to start one (no query while the
    login's row says no absence is active, accounts.LoginWithHomeowner; the form's devices are those on the
    page)."""
    away = getattr(homeowner, "absence_active", True)
    absence = actions.active_absence(homeowner) if away else None
    if absence is None:
        return {"absence": None, "away_form": AbsenceForm(homeowner=homeowner, devices=devices)}
    return {
        "absence": absence,
        "away_summary": away_summary(absence),
        "return_form": ReturnDateForm(initial={"returns_at": absence.returns_at}),
    }


def away_summary(absence: Absence, now: datetime | None = None) -> str:
    """E.g. "Away until Fri 18:00 — Nibe S-Series and Fronius Symo paused", in the homeowner's time zone."""
    back = timezone.localtime(absence.returns_at, ZoneInfo(absence.homeowner.timezone))
    soon = back - (now or timezone.now()) < timedelta(days=6)
    time = formats.get_format("TIME_FORMAT")
    when = formats.date_format(
        back, f"D {time}" if soon else f"D {formats.get_format('MONTH_DAY_FORMAT')}, {time}"
    )
    paused = [str(item.device) for item in absence.devices.all() if item.state == AbsenceDevice.State.PAUSED]
    if not paused:
        return _("Away until %(when)s") % {"when": when}
    names = (
        paused[0]
        if len(paused) == 1
        else _("%(names)s and %(last)s")
        % {
            "names": ", ".join(paused[:-1]),
            "last": paused[-1],
        }
    )
    return _("Away until %(when)s — %(devices)s paused") % {"when": when, "devices": names}
