"""A wallbox in the homeowner's words: what it is doing, and what Charge now did or can do."""

import enum

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import podero
from preferences.devices.words import Fact
from preferences.podero.wallboxes import Wallbox


def wallbox_state(state: podero.DeviceState) -> str:
    """What the wallbox is doing, as its state pill says it (podero-api.md §7): charging, a car plugged in, none."""
    assert isinstance(state, Wallbox)  # noqa: S101 - the registry pairs kinds and states
    if state.is_charging:
        return _("Charging at full power") if state.boost_in_flight else _("Charging")
    if state.is_plugged_in:
        return _("Car plugged in, not charging")
    if state.is_plugged_in is False:
        return _("No car plugged in")
    return _("Not known whether a car is plugged in")


def wallbox_facts(state: podero.DeviceState) -> list[Fact]:
    assert isinstance(state, Wallbox)  # noqa: S101 - the registry pairs kinds and states
    if not state.is_charging or not state.charge_rate_w:
        return []
    kilowatts = number_format(state.charge_rate_w / 1000, decimal_pos=1)
    return [Fact(_("Charging power"), _("%(kw)s kW") % {"kw": kilowatts})]


class ChargeNowSaid(enum.Enum):
    """What Charge now at a wallbox did, in the homeowner's words (a 409's reasons: podero-api.md §5.5)."""

    STARTED = gettext_lazy("The wallbox is starting to charge at full power.")
    ARMED = gettext_lazy("The wallbox will charge at full power as soon as a car is plugged in.")
    ACCEPTED = gettext_lazy(
        "Podero accepted the request. Refresh in a minute to see whether charging started."
    )
    ALREADY_CHARGING = gettext_lazy("The wallbox is already charging, so there is nothing to start.")
    FULLY_CHARGED = gettext_lazy("The car's battery is already full, so there is nothing to charge.")
    REFUSED = gettext_lazy("Podero could not start charging right now. Please try again in a few minutes.")

    @property
    def sentence(self) -> str:
        return str(self.value)

    @property
    def is_refusal(self) -> bool:
        return self not in (ChargeNowSaid.STARTED, ChargeNowSaid.ARMED, ChargeNowSaid.ACCEPTED)


REFUSAL_BY_REASON = {
    podero.ALREADY_CHARGING: ChargeNowSaid.ALREADY_CHARGING,
    podero.FULLY_CHARGED: ChargeNowSaid.FULLY_CHARGED,
}
STOPPED = gettext_lazy(
    "Charging at full power is stopped. Podero charges the car in the cheapest hours or with your solar power again."
)
