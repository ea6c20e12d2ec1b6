import pytest

import podero_sandbox as seed
from preferences.models import Device, Homeowner
from tests.conftest import known_device

WALLBOXES = "wallboxes"


@pytest.fixture
def bob_wallbox(bob: Homeowner) -> Device:
    return known_device(bob, WALLBOXES, seed.BOB_WALLBOX_ID, "Easee Charge")  # type: ignore[arg-type]


def wallbox_control(sandbox, action: str) -> dict:
    """Plug a car in, unplug it, or let it be full (the sandbox's wallbox control routes)."""
    return sandbox.control("POST", f"{WALLBOXES}/{seed.BOB_WALLBOX_ID}/{action}")
