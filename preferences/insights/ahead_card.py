"""The "Today and tomorrow" card of a device page: the coming hours' price as a chart with its table, the
charging plan's deadline, and when Podero expects to charge or run, where its data says so (ahead.py). When it
does not, the card says so plainly and shows what is known."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from preferences import podero
from preferences.charging import plans
from preferences.charging.next_target import NextTarget, has_deadline, next_target, trip_alone
from preferences.devices.overview import Prefetch
from preferences.devices.pages import Page, Part, register_part
from preferences.insights import ahead
from preferences.insights.charts import OPTIMIZED, PRICE, Chart, Series, cents_per_kwh, rounded
from preferences.models import TripTarget


@dataclass(frozen=True)
class PricesCard:
    chart: Chart | None
    plan: str  # when Podero expects to charge or run, or that its data does not say
    deadline: str  # the charging plan's next deadline ("" for a device without one)
    known: str  # without prices ahead: the newest price Podero gave
    problem: str = ""


def prices_card(found: ahead.Ahead, *, charging: bool, deadline: str, due: datetime | None) -> PricesCard:
    if not found.hours:
        return PricesCard(
            chart=None,
            plan="",
            deadline=deadline,
            known=_known(found.newest_known),
        )
    return PricesCard(_chart(found, charging, due), _plan_words(found, charging), deadline, "")


def _known(newest: ahead.Hour | None) -> str:
    if newest is None or newest.price_eur_per_kwh is None:
        return _("It has given no recent price either.")
    return _("The newest price it gave: %(price)s for %(hour)s.") % {
        "price": cents_per_kwh(newest.price_eur_per_kwh),
        "hour": _clock(newest.start, newest.start),
    }


def _chart(found: ahead.Ahead, charging: bool, due: datetime | None) -> Chart:
    first = found.hours[0].start
    labels = [_label(hour.start, first, due) for hour in found.hours]
    series = [
        Series(
            _("Price"),
            "price",
            [rounded((hour.price_eur_per_kwh or 0) * 100, 1) for hour in found.hours],
            kind="line",
            color=PRICE,
        )
    ]
    if found.plan_given:
        series.append(
            Series(
                _("Expected charging") if charging else _("Expected use"),
                "energy",
                [rounded(hour.planned_kwh, 1) for hour in found.hours],
                color=OPTIMIZED,
            )
        )
    return Chart(
        id="prices-ahead",
        title=_("Prices today and tomorrow"),
        description=_("Market price per hour, as Podero gives it."),
        label_heading=_("Hour"),
        labels=labels,
        series=series,
    )


def _label(start: datetime, first: datetime, due: datetime | None) -> str:
    label = _clock(start, first)
    if due is not None and start <= due < start + timedelta(hours=1):
        label += " · " + _("deadline")
    return label


def _clock(moment: datetime, first: datetime) -> str:
    """Hours as 21:00; the first of each day with its weekday ("Tue 00:00")."""
    time = time_format(moment, "TIME_FORMAT")
    if moment == first or (moment.hour == 0 and moment.minute == 0):
        return f"{date_format(moment, 'D')} {time}"
    return time


def _plan_words(found: ahead.Ahead, charging: bool) -> str:
    if not found.plan_given:
        return (
            _("Podero's data does not say when it expects to charge.")
            if charging
            else _("Podero's data does not say when it expects this device to run.")
        )
    if not charging:
        return _("The bars show the energy Podero expects it to use in each hour.")
    spans = _spans(found.planned)
    if not spans:
        return _("Podero does not expect to charge before the end of tomorrow.")
    return _("Podero expects to charge: %(hours)s.") % {"hours": ", ".join(spans)}


def _spans(hours: list[ahead.Hour]) -> list[str]:
    """Neighbouring hours as one span: "Tue 02:00–05:00"."""
    spans: list[tuple[datetime, datetime]] = []
    for hour in hours:
        end = hour.start + timedelta(hours=1)
        if spans and spans[-1][1] == hour.start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((hour.start, end))
    return [
        f"{date_format(start, 'D')} {time_format(start, 'TIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"
        for start, end in spans
    ]


def deadline_words(vehicle: podero.ElectricVehicle, known: NextTarget | None) -> str:
    if not has_deadline(vehicle):
        return _("No deadline: charges in the cheapest hours")
    if known is None:
        return _("Charged by the deadline in its charging plan")
    return _("Charging plan: %(target)s on %(day)s") % {
        "target": plans.target_words(known.target),
        "day": date_format(known.at, "l"),
    }


# The part of the device page: a card that loads right after the page (its /data read is slow on a cold cache).


def _reads(page: Page) -> dict[str, Callable[[], Any]]:
    device, now = page.device, page.now
    device.homeowner  # noqa: B018 - loaded here: the reads run in other threads, which must not query
    return {"ahead": lambda: ahead.coming_hours(device, now=now)}


def _prices(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    prefetched = page.prefetched or Prefetch(_reads(page))
    found = prefetched.result("ahead")
    if isinstance(found, podero.PoderoError):
        return {"prices": PricesCard(None, "", "", "", problem=_("We couldn't load the prices right now."))}
    zone = ZoneInfo(page.device.homeowner.timezone)
    if not isinstance(state, podero.ElectricVehicle):
        return {"prices": prices_card(found, charging=False, deadline="", due=None)}
    trip = TripTarget.objects.filter(ev=page.device, status=TripTarget.Status.ACTIVE).first()
    known = next_target(state, zone=zone, now=page.now, trip=trip is not None)
    if has_deadline(state) and trip is not None:
        known = trip_alone(trip, now=page.now)
    card = prices_card(
        found,
        charging=True,
        deadline=deadline_words(state, known),
        due=None if known is None else known.at.astimezone(zone),
    )
    return {"prices": card}


register_part("prices", Part(_prices, reads=_reads, later=True))
