"""The parts of the device page every switchable kind shows: the smart-optimization switch and the pause for a
while; and a heat pump's savings level."""

from typing import Any

from preferences import podero
from preferences.devices import timed_pause, words
from preferences.devices.forms import OptimizationLevelForm
from preferences.devices.pages import Page, Part, register_part
from preferences.models import Absence, AbsenceDevice, TimedPause


def _pause(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    pause = timed_pause.active_pause(page.device)
    return {
        "timed_pause": pause,
        "timed_pause_sentence": words.pause_sentence(pause) if pause else "",
        "pause_lengths": TimedPause.Length.choices,
        "away_sentence": _away_sentence(page, state),
    }


def _level(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    """A heat pump's savings level (podero-api.md §4.3): the form as it is now, or as the person sent it."""
    level = podero.OptimizationLevel.read(getattr(state, "optimization_level", None))
    form = page.forms.get("level_form") or OptimizationLevelForm.showing(level, auto_id=page.auto_id("level"))
    return {"level_form": form, "level_now": words.LEVEL_NAMES[level] if level else None}


def _away_sentence(page: Page, state: podero.DeviceState) -> str:
    """Why a paused device is paused, when an absence paused it: until when, and that it comes back by itself."""
    if state.is_smart_optimization_active:
        return ""
    item = (
        AbsenceDevice.objects.filter(
            device=page.device,
            setting=AbsenceDevice.Setting.OPTIMIZATION,
            state__in=[AbsenceDevice.State.PAUSED, AbsenceDevice.State.RETRYING],
            absence__status=Absence.Status.ACTIVE,
        )
        .select_related("absence__homeowner")
        .first()
    )
    if item is None:
        return ""
    return words.away_sentence(item.absence, staff=page.viewer_id is not None)


register_part("optimization", Part(lambda page, state: {}))
register_part("level", Part(_level))
register_part("pause", Part(_pause))
