"""Reconnect: a new sign-in at the device's manufacturer (POST …/auth_session)."""

from datetime import datetime

from preferences import podero
from preferences.models import Change, Device
from preferences.services.audit import Actor, Result, begin, run


def start_reconnect(
    *, device: Device, success_url: str, cancel_url: str, actor: Actor, now: datetime, reason: str = ""
) -> Result[str]:
    """Start signing in at the manufacturer again (podero-api.md §9.4): the address to send the homeowner to.
    Podero sends them back to `success_url` or `cancel_url`. Raises podero errors."""
    call = podero.calls.start_reconnect(
        device.kind,
        user_id=device.homeowner.podero_user_id,
        device_id=device.podero_id,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    change = begin(device, Change.Intent.RECONNECT, call, actor, now, reason)
    session = run(change, call)
    if session is None or session.authentication_url is None:
        raise podero.PoderoBadResponse("Podero started a reconnection but gave no address to sign in at.")
    return Result(change, session.authentication_url)
