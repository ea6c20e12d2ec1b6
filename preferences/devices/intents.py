"""The intents every kind shares, in the one table of intents (intents.py): the smart-optimization switch, a
pause for a while, and reconnecting to the manufacturer; and a heat pump's savings level."""

from django.utils.translation import gettext_lazy

from preferences import intents
from preferences.devices import handlers

RESUMED = gettext_lazy("Smart optimization is on. Podero steers this device to the cheapest hours again.")

intents.register(
    intents.Intent(
        verb="pause",
        control=intents.OPTIMIZATION,
        slot="optimization",
        handler=handlers.pause,
        done=gettext_lazy("Smart optimization is paused. The device follows its own built-in schedule."),
        records={
            intents.Recorded.PAUSE_OPTIMIZATION: intents.Said(
                gettext_lazy("Pause smart optimization"),
                gettext_lazy("%(who)s paused smart optimization"),
                gettext_lazy("You paused smart optimization"),
            )
        },
        staff_reason="quick",
    )
)

intents.register(
    intents.Intent(
        verb="resume",
        control=intents.OPTIMIZATION,
        slot="optimization",
        handler=handlers.resume,
        done=RESUMED,
        records={
            intents.Recorded.RESUME_OPTIMIZATION: intents.Said(
                gettext_lazy("Resume smart optimization"),
                gettext_lazy("%(who)s resumed smart optimization"),
                gettext_lazy("You resumed smart optimization"),
            )
        },
        staff_reason="quick",
    )
)

intents.register(
    intents.Intent(
        verb="optimization-level",
        control=intents.LEVEL,
        slot="level",
        handler=handlers.set_level,
        form=True,
        records={
            intents.Recorded.SET_OPTIMIZATION_LEVEL: intents.Said(
                gettext_lazy("Set savings level"),
                gettext_lazy("%(who)s changed the savings level"),
                gettext_lazy("You changed the savings level"),
            )
        },
        staff_reason="quick",  # staff's panel: the device's one reason box, in the same form
    )
)

intents.register(
    intents.Intent(
        verb="pause-for-a-while",
        control=intents.OPTIMIZATION,
        slot="pause",
        handler=handlers.pause_for_a_while,
        staff_reason="quick",
    )
)

intents.register(
    intents.Intent(
        verb="pause-for-a-while-end",
        path="pause-for-a-while/end",
        control=intents.OPTIMIZATION,
        slot="optimization",
        handler=handlers.end_pause,
        done=RESUMED,
    )
)

intents.register(
    intents.Intent(
        verb="reconnect",
        control=intents.ANY,
        slot="",
        handler=handlers.reconnect,
        records={
            intents.Recorded.RECONNECT: intents.Said(
                gettext_lazy("Start reconnecting to the manufacturer"),
                gettext_lazy("%(who)s started reconnecting the device to its manufacturer"),
                gettext_lazy("You started reconnecting the device to its manufacturer"),
            )
        },
        staff_reason="quick",
        staff_path="reconnect-link",
        page="preferences/reconnect.html",
    )
)
