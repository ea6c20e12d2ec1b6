import podero_sandbox as seed

WALLBOXES = "wallboxes"


def wallbox_control(sandbox, action: str) -> dict:
    """Plug a car in, unplug it, or let it be full (the sandbox's wallbox control routes)."""
    return sandbox.control("POST", f"{WALLBOXES}/{seed.BOB_WALLBOX_ID}/{action}")
