"""The parts of the device page every switchable kind shows: the smart-optimization switch and the pause for a
while."""

from typing import Any

from preferences import podero
from preferences.devices import timed_pause, words
from preferences.devices.pages import Page, Part, register_part
from preferences.models import TimedPause


def _pause(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    pause = timed_pause.active_pause(page.device)
    return {
        "timed_pause": pause,
        "timed_pause_sentence": words.pause_sentence(pause) if pause else "",
        "pause_lengths": TimedPause.Length.choices,
    }


register_part("optimization", Part(lambda page, state: {}))
register_part("pause", Part(_pause))
