"""The "Charge now" card: one sentence, status first, and one control, from what Podero reports.

Podero's state decides: when its boost_state offers a boost the button is there, whatever we remember. Podero's
state lags minutes behind the car (podero-api.md §5.4, §11), so the card only holds back the button on data fresh
enough to trust; otherwise the button is offered and Podero's 409 explains a refusal. Our own record of a request
is a hint until the car reports again: an armed start (Podero does not report it, §5.5) offers one control, to
disarm it. A running one cannot be stopped by the API (DELETE /boost does not stop it), so the card says so
instead of offering a button. Times are the homeowner's; who asked is said in the viewer's words.
"""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _

from preferences import podero
from preferences.audit import reads as audit_reads
from preferences.audit import words as audit_words
from preferences.charging.charge_now import ARMED_DETAIL
from preferences.charging.checklist import STALE_AFTER
from preferences.devices.pages import Page
from preferences.models import Change

# Our own accepted request is a hint until the car reports again, but not for ever.
PENDING_FOR = timedelta(minutes=15)


class Action(enum.StrEnum):
    CHARGE = "charge"
    DISARM = "disarm"


@dataclass(frozen=True)
class ChargeNowStatus:
    sentence: str
    action: Action | None
    polling: bool = False

    @property
    def button(self) -> str:
        return _("Don't start when plugged in") if self.action == Action.DISARM else _("Charge now")


@dataclass(frozen=True)
class Asked:
    """Our last Charge now that Podero accepted: when, whether it armed the next plug-in, and who asked in the
    viewer's words (None: the viewer did)."""

    at: datetime
    armed: bool
    by: str | None = None


def charge_now_status(
    vehicle: podero.ElectricVehicle, *, asked: Asked | None, now: datetime, zone: ZoneInfo
) -> ChargeNowStatus:
    """Podero's state decides what the card says and offers. `asked` is only a hint while the car has not
    reported since: it never hides a Charge now that Podero offers (boost_state available), and says nothing of
    an unplugged car; an armed start is taken as used up once the car reports after it (times are in `zone`)."""
    updated = vehicle.current_state_last_updated_at
    fresh = updated is not None and now - updated <= STALE_AFTER
    unheard = asked is not None and (updated is None or updated <= asked.at)
    if vehicle.boost_running:
        return ChargeNowStatus(
            _(
                "Charging at full speed until the battery is full or the car is unplugged. "
                "It cannot be stopped from here: to stop it, unplug the car."
            ),
            None,
        )
    if vehicle.boost_requested:
        return ChargeNowStatus(_("Charging is about to start."), None, polling=True)
    if (
        asked is not None
        and unheard
        and not asked.armed
        and now - asked.at <= PENDING_FOR
        and vehicle.is_plugged_in is not False
        and not vehicle.boost_offered
    ):
        return ChargeNowStatus(_pending_sentence(asked, zone), None)
    if vehicle.is_plugged_in is None:
        return ChargeNowStatus(
            _(
                "Podero does not say whether the car is plugged in. Charge now starts charging at full speed "
                "straight away, or as soon as it is plugged in."
            ),
            Action.CHARGE,
        )
    if not vehicle.is_plugged_in:
        if asked is not None and asked.armed and unheard:
            return ChargeNowStatus(
                _("Charging at full speed will start as soon as the car is plugged in."), Action.DISARM
            )
        return ChargeNowStatus(
            _("The car is unplugged. Charge now makes it charge at full speed as soon as it is plugged in."),
            Action.CHARGE,
        )
    if not vehicle.boost_offered and fresh and vehicle.is_charging:
        return ChargeNowStatus(_("The car is charging."), None)
    if not vehicle.boost_offered and fresh and vehicle.is_fully_charged:
        return ChargeNowStatus(_("The battery is full, so there is nothing to charge."), None)
    sentence = _(
        "The car is plugged in. Charge now starts charging straight away at full speed, whatever the price."
    )
    if not fresh:
        sentence += " " + _(
            "The car has not reported for a while, so it may already be charging or full; Podero will say so."
        )
    return ChargeNowStatus(sentence, Action.CHARGE)


def _pending_sentence(asked: Asked, zone: ZoneInfo) -> str:
    time = formats.time_format(asked.at.astimezone(zone), "TIME_FORMAT")
    if asked.by is None:
        return _(
            "You asked to charge now at %(time)s. Podero accepted it; the car has not reported since, "
            "so it may take a few minutes to show that it is charging."
        ) % {"time": time}
    return _(
        "%(who)s asked to charge now at %(time)s. Podero accepted it; the car has not reported since, "
        "so it may take a few minutes to show that it is charging."
    ) % {"who": asked.by, "time": time}


def confirm_sentences(vehicle: podero.ElectricVehicle | None) -> list[str]:
    """What Charge now will do, said before it starts (the extra step, ?confirm=charge-now): full speed whatever
    the price, until when, and how it is stopped. `vehicle` None: Podero could not say how the car is."""
    plugged = None if vehicle is None else vehicle.is_plugged_in
    if plugged is False:
        start = _(
            "Charge now waits for the plug: as soon as the car is plugged in, it charges at full speed, whatever "
            "the price, until the battery is full."
        )
        stop = _("Until then you can take it back here. Once it charges, only unplugging the car stops it.")
    elif plugged is None:
        start = _(
            "Charge now charges the car at full speed, whatever the price, until the battery is full: straight "
            "away if it is plugged in, or as soon as it is."
        )
        stop = _("Once it charges, it cannot be stopped from here: to stop it, unplug the car.")
    else:
        start = _(
            "Charge now charges the car straight away at full speed, whatever the price, until the battery is "
            "full."
        )
        stop = _("It cannot be stopped from here: to stop it, unplug the car.")
    return [start, _("It does not wait for the cheap hours of your charging plan."), stop]


def charge_now_card(page: Page, vehicle: podero.ElectricVehicle) -> ChargeNowStatus:
    """The Charge now card of `page`, told to its viewer in the homeowner's time zone."""
    zone = ZoneInfo(page.device.homeowner.timezone)
    return charge_now_status(vehicle, asked=_asked(page), now=page.now, zone=zone)


def _asked(page: Page) -> Asked | None:
    """Our last accepted Charge now, if the last answer was one (a disarm after it takes it back)."""
    change = _last_answer(page)
    if change is None or change.intent != Change.Intent.CHARGE_NOW:
        return None
    return Asked(at=change.created_at, armed=change.detail == ARMED_DETAIL, by=_asker(change, page))


def _asker(change: Change, page: Page) -> str | None:
    """Who asked, in the viewer's words: None for the viewer (the homeowner on their pages, staff in the admin)."""
    viewer = page.viewer_id if page.viewer_id is not None else page.device.homeowner.user_id
    if change.actor_id is not None and change.actor_id == viewer:
        return None
    if change.actor_id is not None and change.actor_id == page.device.homeowner.user_id:
        return _("The homeowner")
    return audit_words.who(change)


def _last_answer(page: Page) -> Change | None:
    """Podero does not report an armed start (podero-api.md §5.5): our last accepted Charge now or disarm tells,
    the one just recorded if there is one; None if there is none."""
    change = page.change
    asked = (Change.Intent.CHARGE_NOW, Change.Intent.CANCEL_BOOST)
    if change is not None and change.intent in asked and change.outcome == Change.Outcome.SUCCEEDED:
        return change
    if page.recent is not None:  # the page's recent changes, newest first, tell without a query of their own
        answer = next(
            (c for c in page.recent if c.intent in asked and c.outcome == Change.Outcome.SUCCEEDED),
            None,
        )
        if answer is not None or len(page.recent) < audit_reads.RECENT_CHANGES:  # every change it has had
            return answer
    return audit_reads.last_boost_answer(page.device)
