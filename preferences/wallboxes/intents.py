"""The wallbox's own intents, in the one table of intents (intents.py): Charge now, and stopping it. Only kinds
with the control `wallbox_boost` offer them (kind.py)."""

from django.utils.translation import gettext_lazy

from preferences import intents
from preferences.wallboxes import actions, handlers, words

CONTROL = "wallbox_boost"

intents.register(
    intents.Intent(
        verb="wallbox-charge-now",
        path="wallbox/charge-now",
        control=CONTROL,
        slot="wallbox_boost",
        handler=handlers.charge_now,
        confirm="charge-now",  # charge_now_confirm.html: full power whatever the price, and how it stops
        records={
            actions.CHARGE_NOW: intents.Said(
                gettext_lazy("Charge now at the wallbox"),
                gettext_lazy("%(who)s asked the wallbox to charge now"),
                gettext_lazy("You asked the wallbox to charge now"),
            )
        },
        staff_reason="quick",
    )
)

intents.register(
    intents.Intent(
        verb="wallbox-stop-charging",
        path="wallbox/stop-charging",
        control=CONTROL,
        slot="wallbox_boost",
        handler=handlers.stop_charging,
        done=words.STOPPED,
        records={
            actions.STOP_CHARGING: intents.Said(
                gettext_lazy("Stop charging at full power at the wallbox"),
                gettext_lazy("%(who)s stopped the wallbox charging at full power"),
                gettext_lazy("You stopped the wallbox charging at full power"),
            )
        },
        staff_reason="quick",
    )
)
