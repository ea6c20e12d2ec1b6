"""The wallbox's entry in the device-kind registry (devices/kinds.py): its page is Charge now (with Stop), the
smart-optimization switch and pause for a while every kind shares. No savings or history: Podero documents none
for wallboxes (podero-api.md §7, §10)."""

from django.utils.translation import gettext_lazy

from preferences.devices import kinds
from preferences.podero.wallboxes import WALLBOXES
from preferences.wallboxes import intents, words

WALLBOX = kinds.register(
    kinds.Kind(
        slug=WALLBOXES,
        name=gettext_lazy("Wallbox"),
        key_state=words.wallbox_state,
        extra_facts=words.wallbox_facts,
        parts=("wallbox_boost", "optimization", "pause"),
        template="preferences/wallbox.html",
        own_controls=(intents.CONTROL,),
    )
)
