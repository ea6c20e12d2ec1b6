"""Adding a device in the homeowner's words: the kinds to choose from, and what happened once they came back."""

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import podero
from preferences.models import Onboarding

# The kinds a homeowner may add, in the order offered: a name and what it is, in plain words.
KINDS: dict[podero.DeviceType, tuple[Promise, Promise]] = {
    podero.DeviceType.ELECTRIC_VEHICLE: (
        gettext_lazy("Electric car"),
        gettext_lazy("Podero charges it in the cheapest hours, ready when you need it."),
    ),
    podero.DeviceType.HEAT_PUMP: (
        gettext_lazy("Heat pump"),
        gettext_lazy("Podero heats your home and water when electricity is cheapest."),
    ),
    podero.DeviceType.INVERTER: (
        gettext_lazy("Solar panels (inverter)"),
        gettext_lazy("Podero uses your own solar power and battery at the best times."),
    ),
    podero.DeviceType.WALLBOX: (
        gettext_lazy("Wallbox (charging station)"),
        gettext_lazy("Podero charges through your wallbox in the cheapest hours."),
    ),
}


def kind_name(code: str) -> str:
    try:
        return str(KINDS[podero.DeviceType(code)][0])
    except (KeyError, ValueError):
        return code


def came_back(onboarding: Onboarding) -> tuple[str, str]:
    """The heading and the sentence of the page the homeowner comes back to."""
    kind = kind_name(onboarding.device_type)
    if onboarding.outcome == Onboarding.Outcome.ADDED:
        if onboarding.device_podero_id is None:
            return _("Your device was added"), _(
                "Podero has added your device (%(kind)s). It may take a few minutes until it shows on My devices."
            ) % {"kind": kind}
        return _("Your device was added"), _(
            "Podero has added your device (%(kind)s). Smart optimization starts on its own: nothing else to do."
        ) % {"kind": kind}
    if onboarding.outcome == Onboarding.Outcome.EXPIRED:
        return _("The link has expired"), _(
            "Links to add a device work until the end of the next day. Nothing was added: start again below."
        )
    if onboarding.outcome == Onboarding.Outcome.CANCELLED:
        return _("Nothing was added"), _(
            "You stopped before the device (%(kind)s) was connected. Nothing was changed."
        ) % {"kind": kind}
    return _("We could not check yet"), _(
        "We could not ask Podero whether your device (%(kind)s) was added. Please look at My devices in a minute."
    ) % {"kind": kind}


def valid_until(onboarding: Onboarding) -> str:
    """Until when a link works, for staff sending it on."""
    if onboarding.expires_on is None:
        return ""
    return _("It works until the end of %(date)s.") % {"date": date_format(onboarding.expires_on, "j F Y")}
