"""A homeowner whose Podero user has since been deleted in Podero: told apart from an outage.

A user's own paths answer 404 once Podero deleted it (the sandbox does; the real API is inferred to [INF]).
Only then is Podero's user list asked (with and without deleted users, user_directory.standing), so a normal
sign-in costs at most one call (none while My devices' cached list of heat pumps is fresh: the same reading,
devices/overview.device_list, which the page after sign-in then finds cached) and an outage stays an outage.
"""

import logging

from preferences import podero
from preferences.devices.overview import device_list
from preferences.models import Homeowner
from preferences.podero.client import get_client
from preferences.podero.user_directory import Standing, standing

logger = logging.getLogger(__name__)


def standing_after_404(homeowner: Homeowner) -> Standing | None:
    """Whether Podero deleted (or never had) the homeowner's user; None if it is active or cannot be told."""
    try:
        found = standing(get_client(), homeowner.podero_user_id)
    except podero.PoderoError as exc:
        logger.info("Podero user list not read to tell a deleted user: %s", type(exc).__name__)
        return None
    return None if found is Standing.ACTIVE else found


def gone_from_podero(homeowner: Homeowner) -> Standing | None:
    """Checked at sign-in: the user's list of heat pumps, cached or read; a 404 there asks the user list
    (standing_after_404).
    None when the user is there or Podero cannot be asked (the pages then say what they can)."""
    try:
        device_list(homeowner, podero.DeviceKind.HEAT_PUMP)
    except podero.PoderoNotFound:
        return standing_after_404(homeowner)
    except podero.PoderoError:
        return None
    return None
