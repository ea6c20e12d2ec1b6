"""What Podero said about a device, kept for a short while in the shared cache (Redis, or the database).

Podero's device state changes every 5-15 minutes and its docs suggest a ~30 s stale time (podero-api.md §11),
so pages read it from here when they can. Our own writes forget the device at once (services.py), so a
homeowner always sees the result of their own change.

Keys (under CACHE_KEY_PREFIX), each kept PODERO_DEVICE_CACHE_SECONDS (30; 0 turns the cache off):
    podero:v1:device:<device id>               {"kind": ..., "json": Podero's device object}, for its page
    podero:v1:devices:<podero user id>:<kind>  Podero's list of the user's devices of that kind, for My devices
    podero:v1:policy:<ev id>                   Podero's weekly charge policy of an EV
A write forgets all three for its device.
Values are Podero's JSON, parsed again on every read: a deploy that changes types.py never meets an old
pickled object, and nothing but plain data crosses the cache.

The cache only makes pages faster: when it fails, pages ask Podero as if it were empty.
"""

import logging
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache

from preferences import podero
from preferences.podero import DeviceKind

logger = logging.getLogger(__name__)

VERSION = "v1"


def _ttl() -> int:
    return int(getattr(settings, "PODERO_DEVICE_CACHE_SECONDS", 30))


def device_key(device_id: UUID | str) -> str:
    return f"podero:{VERSION}:device:{device_id}"


def list_key(user_id: UUID | str, kind: DeviceKind) -> str:
    return f"podero:{VERSION}:devices:{user_id}:{DeviceKind(kind).value}"


def policy_key(ev_id: UUID | str) -> str:
    return f"podero:{VERSION}:policy:{ev_id}"


def device(device_id: UUID | str) -> podero.Device | None:
    """The cached state of one device, or None."""
    entry = _get_many([device_key(device_id)]).get(device_key(device_id))
    return _parse(entry)


def remember_device(device: podero.Device) -> None:
    if _settling(device):
        return
    _set_many({device_key(device.id): _entry(device)})


def _settling(device: podero.Device) -> bool:
    # A boost Podero is still starting changes within seconds, and the EV page polls every 3 s until it has
    # (podero-api.md §5.4): cached, the poll would see "requested" for the whole TTL.
    return getattr(device, "boost_state", None) == "requested"


def device_lists(
    user_id: UUID | str, kinds: Iterable[DeviceKind]
) -> dict[DeviceKind, list[podero.Device] | None]:
    """Each kind's cached list of the user's devices, or None where it is not cached. One cache read."""
    kinds = [DeviceKind(kind) for kind in kinds]
    found = _get_many([list_key(user_id, kind) for kind in kinds])
    return {kind: _parse_list(kind, found.get(list_key(user_id, kind))) for kind in kinds}


def remember_device_list(user_id: UUID | str, kind: DeviceKind, devices: list[podero.Device]) -> None:
    if any(_settling(device) for device in devices):
        return  # My devices shows "Starting…" too, and should move on as soon as the boost runs
    # The devices we could not read go in too, so the cached list leaves out (and counts) the same ones.
    unreadable = list(getattr(devices, "unreadable", ()))
    _set_many({list_key(user_id, kind): [dict(device.raw) for device in devices] + unreadable})


def charge_policy(ev_id: UUID | str) -> podero.WeeklyChargePolicy | None:
    body = _get_many([policy_key(ev_id)]).get(policy_key(ev_id))
    if body is None:
        return None
    try:
        return podero.WeeklyChargePolicy.from_json(body)
    except podero.PoderoError:
        return None


def remember_charge_policy(ev_id: UUID | str, policy: podero.WeeklyChargePolicy) -> None:
    _set_many({policy_key(ev_id): policy.to_json()})


def forget(device_id: UUID | str, *, user_id: UUID | str, kind: DeviceKind) -> None:
    """Drop what we know about a device after we asked Podero to change it (whatever the outcome)."""
    try:
        cache.delete_many([device_key(device_id), policy_key(device_id), list_key(user_id, kind)])
    except Exception:
        # Pages may show the old state until the entry expires (PODERO_DEVICE_CACHE_SECONDS).
        logger.exception("Could not forget the cached state of device %s", device_id)


def _entry(device: podero.Device) -> dict[str, Any]:
    return {"kind": device.kind.value, "json": dict(device.raw)}


def _parse(entry: Any) -> podero.Device | None:
    if not isinstance(entry, dict):
        return None
    try:
        return podero.parse_device(DeviceKind(entry.get("kind")), entry.get("json"))
    except (ValueError, podero.PoderoError):
        return None


def _parse_list(kind: DeviceKind, bodies: Any) -> podero.DeviceList | None:
    if not isinstance(bodies, list):
        return None
    return podero.parse_device_list(kind, bodies)


def _get_many(keys: list[str]) -> dict[str, Any]:
    if _ttl() <= 0:
        return {}
    try:
        return cache.get_many(keys)
    except Exception:
        logger.exception("The device cache failed on read; asking Podero instead")
        return {}


def _set_many(values: dict[str, Any]) -> None:
    if _ttl() <= 0:
        return
    try:
        cache.set_many(values, timeout=_ttl())
    except Exception:
        logger.exception("The device cache failed on write")
