"""The charging intents, in the one table of intents (intents.py): Charge now, smart charging on and off, the
charging plan, and a target just for the next trip."""

from django.utils.translation import gettext_lazy

from preferences import intents
from preferences.charging import handlers
from preferences.devices import handlers as device_handlers

intents.register(
    intents.Intent(
        verb="charge-now",
        control=intents.CHARGING,
        slot="boost",
        handler=handlers.start_charging,
        confirm="charge-now",  # charge_now_confirm.html: full speed whatever the price, said first
        records={
            intents.Recorded.CHARGE_NOW: intents.Said(
                gettext_lazy("Charge now"),
                gettext_lazy("%(who)s asked to charge now"),
                gettext_lazy("You asked to charge now"),
            )
        },
        staff_reason="quick",
    )
)

intents.register(
    intents.Intent(
        verb="cancel-boost",
        control=intents.CHARGING,
        slot="boost",
        handler=handlers.cancel_charging,
        done=gettext_lazy(
            "It will not start charging when plugged in: Podero charges in the cheapest hours."
        ),
        records={
            intents.Recorded.CANCEL_BOOST: intents.Said(
                gettext_lazy("Cancel charge now"),
                gettext_lazy("%(who)s cancelled charge now"),
                gettext_lazy("You cancelled charge now"),
            )
        },
        staff_reason="quick",
    )
)

intents.register(
    intents.Intent(
        verb="charging-plan",
        control=intents.CHARGING,
        slot="plan",
        handler=handlers.save_plan,
        form=True,
        records={
            intents.Recorded.SET_CHARGE_DEADLINE: intents.Said(
                gettext_lazy("Set charging plan"),
                gettext_lazy("%(who)s changed the charging plan"),
                gettext_lazy("You changed the charging plan"),
            ),
            intents.Recorded.DISABLE_CHARGE_POLICY: intents.Said(
                gettext_lazy("Set charging plan to No deadline"),
                gettext_lazy("%(who)s set the charging plan to No deadline"),
                gettext_lazy("You set the charging plan to No deadline"),
            ),
            intents.Recorded.SET_WEEKLY_SCHEDULE: intents.Said(
                gettext_lazy("Set charging plan by day"),
                gettext_lazy("%(who)s changed the charging plan by day"),
                gettext_lazy("You changed the charging plan by day"),
            ),
        },
        staff_reason="plan",
    )
)

intents.register(
    intents.Intent(
        verb="trip-target",
        control=intents.CHARGING,
        slot="plan",
        handler=handlers.set_trip_target,
        form=True,
        records={
            intents.Recorded.SET_TRIP_TARGET: intents.Said(
                gettext_lazy("Set a target just for the next trip"),
                gettext_lazy("%(who)s set a target just for the next trip"),
                gettext_lazy("You set a target just for the next trip"),
            )
        },
        staff_reason="trip",
    )
)

intents.register(
    intents.Intent(
        verb="trip-target-cancel",
        path="trip-target/cancel",
        control=intents.CHARGING,
        slot="plan",
        handler=handlers.cancel_trip_target,
        done=gettext_lazy("The one-off target is cancelled: the usual plan applies again."),
        records={
            intents.Recorded.RESTORE_TRIP_TARGET: intents.Said(
                gettext_lazy("Put the usual target back after a trip"),
                gettext_lazy("%(who)s put the usual target back after the trip"),
                gettext_lazy("You put the usual target back after the trip"),
            )
        },
        staff_reason="trip_cancel",
    )
)

intents.register(
    intents.Intent(
        verb="smart-charging-off",
        control=intents.CHARGING,
        slot="smart_charging",
        handler=device_handlers.pause,  # on a car, recorded as smart charging
        done=gettext_lazy(
            "Smart charging is off. Your car charges as its own settings say, usually as soon as it is plugged in."
        ),
        records={
            intents.Recorded.SMART_CHARGING_OFF: intents.Said(
                gettext_lazy("Turn smart charging off"),
                gettext_lazy("%(who)s turned smart charging off"),
                gettext_lazy("You turned smart charging off"),
            )
        },
        staff_reason="quick",
    )
)

intents.register(
    intents.Intent(
        verb="smart-charging-on",
        control=intents.CHARGING,
        slot="smart_charging",
        handler=device_handlers.resume,
        done=gettext_lazy("Smart charging is on. Podero charges your car in the cheapest hours again."),
        records={
            intents.Recorded.SMART_CHARGING_ON: intents.Said(
                gettext_lazy("Turn smart charging on"),
                gettext_lazy("%(who)s turned smart charging on"),
                gettext_lazy("You turned smart charging on"),
            )
        },
        staff_reason="quick",
    )
)
