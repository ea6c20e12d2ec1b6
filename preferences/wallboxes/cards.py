"""The wallbox's Charge now card (the page part `wallbox_boost`): one sentence, status first, and one control.

Podero's state decides: a boost it reports starting or running offers Stop (the wallbox's DELETE …/boost stops
it, podero-api.md §5.5); otherwise Charge now is offered and Podero's 409 explains a refusal. Podero does not report
a boost armed for the next car (§5.5 [NOT FOUND]), nor, perhaps, a boost state at all for a wallbox [INF]: our own
last accepted request is a hint until the wallbox reports again, and then offers Stop too (DELETE is idempotent).
"""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from preferences import intents
from preferences.charging.charge_now import ARMED_DETAIL
from preferences.devices.pages import Page, Part, register_part
from preferences.models import Change
from preferences.podero.wallboxes import Wallbox
from preferences.wallboxes.actions import CHARGE_NOW, STOP_CHARGING

# Our own accepted request is a hint until the wallbox reports again, but not for ever.
PENDING_FOR = timedelta(minutes=15)


class Action(enum.StrEnum):
    CHARGE = "charge"
    STOP = "stop"


VERBS = {Action.CHARGE: "wallbox-charge-now", Action.STOP: "wallbox-stop-charging"}  # intents.py


@dataclass(frozen=True)
class ChargeNowCard:
    sentence: str
    action: Action | None
    polling: bool = False
    armed: bool = False

    @property
    def button(self) -> str:
        if self.action == Action.STOP:
            return (
                _("Don't start when a car is plugged in") if self.armed else _("Stop charging at full power")
            )
        return _("Charge now")


@dataclass(frozen=True)
class Asked:
    """Our last accepted Charge now: when, and whether it waits for a car."""

    at: datetime
    armed: bool


def charge_now_card(wallbox: Wallbox, *, asked: Asked | None, now: datetime) -> ChargeNowCard:
    updated = wallbox.current_state_last_updated_at
    unheard = asked is not None and now - asked.at <= PENDING_FOR and (updated is None or updated <= asked.at)
    if wallbox.boost_in_flight:
        starting = wallbox.boost_requested
        sentence = (
            _("The wallbox is starting to charge at full power.")
            if starting
            else _("Charging at full power until the car is full or unplugged.")
        )
        return ChargeNowCard(sentence, Action.STOP, polling=starting)
    if asked is not None and unheard and asked.armed and not wallbox.is_plugged_in:
        return ChargeNowCard(
            _("The wallbox will charge at full power as soon as a car is plugged in."),
            Action.STOP,
            armed=True,
        )
    if asked is not None and unheard and not asked.armed and not wallbox.tells_boost:
        return ChargeNowCard(
            _(
                "You asked to charge at full power. The wallbox has not reported since, so it may take a minute."
            ),
            Action.STOP,
        )
    if wallbox.is_charging and not wallbox.boost_offered:
        return ChargeNowCard(_("The wallbox is charging the car."), None)
    if wallbox.is_plugged_in is None:
        return ChargeNowCard(
            _(
                "Podero does not say whether a car is plugged in. Charge now charges at full power straight away, "
                "or as soon as a car is plugged in."
            ),
            Action.CHARGE,
        )
    if not wallbox.is_plugged_in:
        return ChargeNowCard(
            _("No car is plugged in. Charge now makes the wallbox charge at full power as soon as one is."),
            Action.CHARGE,
        )
    return ChargeNowCard(
        _("A car is plugged in. Charge now charges it straight away at full power, whatever the price."),
        Action.CHARGE,
    )


def confirm_sentences(wallbox: Wallbox) -> list[str]:
    """What Charge now will do, said before it starts (the extra step, ?confirm=charge-now): full power whatever
    the price, until when, and how it is stopped (the wallbox's DELETE …/boost also ends a running boost,
    podero-api.md §5.5)."""
    if wallbox.is_plugged_in is False:
        start = _(
            "Charge now waits for a car: as soon as one is plugged in, the wallbox charges it at full power, "
            "whatever the price, until it is full or unplugged."
        )
    elif wallbox.is_plugged_in is None:
        start = _(
            "Charge now makes the wallbox charge at full power, whatever the price, until the car is full or "
            "unplugged: straight away if a car is plugged in, or as soon as one is."
        )
    else:
        start = _(
            "Charge now makes the wallbox charge the car straight away at full power, whatever the price, until "
            "it is full or unplugged."
        )
    return [
        start,
        _("It does not wait for the cheapest hours or for your solar power."),
        _(
            "You can stop it here at any time: Podero then charges in the cheapest hours or with your solar power "
            "again."
        ),
    ]


def _asked(page: Page) -> Asked | None:
    """Our last accepted Charge now, unless a Stop came after it: the one just recorded, the page's recent
    changes, or one query."""
    asked = (CHARGE_NOW, STOP_CHARGING)
    candidates = [page.change] if page.change is not None else (page.recent or [])
    change = next(
        (c for c in candidates if c.intent in asked and c.outcome == Change.Outcome.SUCCEEDED),
        None,
    )
    if change is None and page.change is None:
        change = (
            Change.objects.filter(device=page.device, intent__in=asked, outcome=Change.Outcome.SUCCEEDED)
            .only("created_at", "intent", "outcome", "detail")
            .first()
        )
    if change is None or change.intent != CHARGE_NOW:
        return None
    return Asked(at=change.created_at, armed=change.detail == ARMED_DETAIL)


@dataclass(frozen=True)
class StaffButton:
    """A button in the admin's "Act for the homeowner" (its URL name, below the homeowner and the device)."""

    url_name: str
    label: str


def _card(page: Page, state: Any) -> dict[str, Any]:
    if not isinstance(state, Wallbox):
        return {}
    card = charge_now_card(state, asked=_asked(page), now=page.now)
    buttons = []
    if card.action is not None:
        verb = VERBS[card.action]
        buttons.append(StaffButton("admin:" + intents.get(verb).admin_url_name, card.button))
    # The admin's panel shows a kind's own controls from these, knowing no kind (admin devices.html).
    return {
        "wallbox_boost": card,
        "wallbox_confirm": confirm_sentences(state) if card.action == Action.CHARGE else [],
        "staff_sentences": [card.sentence],
        "staff_buttons": buttons,
    }


register_part("wallbox_boost", Part(_card))
