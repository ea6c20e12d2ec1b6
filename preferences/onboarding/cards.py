"""What the page the homeowner comes back to shows: what happened, and the device added as My devices shows it."""

from typing import Any

from preferences.devices.summary import device_card
from preferences.onboarding import words
from preferences.onboarding.actions import CameBack


def came_back_card(back: CameBack) -> dict[str, Any]:
    heading, sentence = words.came_back(back.onboarding)
    outcome = back.onboarding.outcome
    return {
        "heading": heading,
        "sentence": sentence,
        "outcome": outcome,
        "card": device_card(back.device) if back.device is not None else None,
        # Cancelled or expired: the same kind again in one click (or another kind on the page to add one).
        "retry_kind": back.onboarding.device_type if outcome != "added" else None,
    }
