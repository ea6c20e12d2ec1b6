"""What Podero said about a device, kept for a short while in the shared cache (Redis, or the database).

Podero's device state changes every 5-15 minutes and its docs suggest a ~30 s stale time with a background
refetch (podero-api.md §11), so pages read it from here when they can. Our own writes forget the device at
once (audit/record.py), so a homeowner always sees the result of their own change.

Each entry is fresh for PODERO_DEVICE_CACHE_SECONDS (30; 0 turns the cache off) and then stale for
PODERO_DEVICE_CACHE_STALE_SECONDS (30). A stale entry is still served while one request, on whichever app server, refreshes it: the first
request to see it stale takes a lock in the shared cache for that very version of the entry (`is_due`) and
asks Podero; every other request shows the stale state meanwhile. So Podero gets at most one call per entry
per cache period, however many page views there are, and nobody waits for a refresh they did not start. A
refresh that fails shows the stale state too; its lock expires after REFRESH_LOCK_SECONDS, so a failing Podero
is asked again only that often, until the entry is gone.

Keys (under CACHE_KEY_PREFIX):
    podero:v2:device:<device id>               Podero's device object, for its page
    podero:v2:devices:<podero user id>:<kind>  Podero's list of the user's devices of that kind, for My devices
    podero:v2:policy:<ev id>                   Podero's weekly charge policy of an EV
    podero:v2:refreshing:<one of the above>:<time it was fetched>   the lock of the request refreshing it
A write forgets the first three for its device.
Values are Podero's JSON with the time it was fetched, parsed again on every read: a deploy that changes
types.py never meets an old pickled object, and nothing but plain data crosses the cache.

The cache only makes pages faster: when it fails, pages ask Podero as if it were empty.
"""

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache

from podero_portal import metrics
from preferences import podero

logger = logging.getLogger(__name__)

VERSION = "v2"
# Longer than one refresh within a page's deadline, so a request that read the entry before the refresh
# stored a new one cannot take the lock again; short enough to retry a failed refresh soon.
REFRESH_LOCK_SECONDS = 10
# How long a device Podero is still changing (a boost being started) is fresh: long enough that many pages polling
# the same car make one call, short enough that the first poll after the change sees it.
SETTLING_FRESH_SECONDS = 2


@dataclass(frozen=True)
class Cached[T]:
    """A cached value, when it was fetched (time.time()), and whether that is longer ago than
    PODERO_DEVICE_CACHE_SECONDS."""

    value: T
    fetched_at: float
    stale: bool


def _ttl() -> int:
    return int(getattr(settings, "PODERO_DEVICE_CACHE_SECONDS", 30))


def _kept() -> int:
    return _ttl() + max(0, int(getattr(settings, "PODERO_DEVICE_CACHE_STALE_SECONDS", 30)))


def device_key(device_id: UUID | str) -> str:
    return f"podero:{VERSION}:device:{device_id}"


def list_key(user_id: UUID | str, kind: str) -> str:
    return f"podero:{VERSION}:devices:{user_id}:{kind}"


def policy_key(ev_id: UUID | str) -> str:
    return f"podero:{VERSION}:policy:{ev_id}"


def _lock_key(key: str, fetched_at: float) -> str:
    return f"podero:{VERSION}:refreshing:{key}:{fetched_at!r}"


def is_due(cached: Cached[Any] | None, key: str) -> bool:
    """Whether this request should ask Podero for the entry under `key`: nothing is cached, or it is stale and no
    other request (on any app server) is refreshing it yet, in which case this one now is."""
    if cached is None:
        return True
    if not cached.stale:
        return False
    try:
        return bool(cache.add(_lock_key(key, cached.fetched_at), 1, timeout=REFRESH_LOCK_SECONDS))
    except Exception:
        logger.exception("The device cache failed to take a refresh lock; refreshing anyway")
        return True


def device(device_id: UUID | str) -> Cached[podero.DeviceState] | None:
    """The cached state of one device, or None."""
    key = device_key(device_id)
    return _cached(_get_many([key]).get(key), _parse_device, "device")


def remember_device(device: podero.DeviceState) -> None:
    key = device_key(device.id)
    fresh_for = SETTLING_FRESH_SECONDS if _settling(device) else None
    _set_many({key: {"kind": device.kind, "json": dict(device.raw)}}, fresh_for=fresh_for)


def _settling(device: podero.DeviceState) -> bool:
    # A boost Podero is still starting changes within seconds, and the EV page polls until it has (podero-api.md
    # §5.4, devices/polling.py): cached for the whole TTL, the poll would see "requested" all along.
    return getattr(device, "boost_requested", False)


def device_lists(
    user_id: UUID | str, kinds: Iterable[str]
) -> dict[str, Cached[list[podero.DeviceState]] | None]:
    """Each kind's cached list of the user's devices, or None where it is not cached. One cache read."""
    kinds = list(kinds)
    found = _get_many([list_key(user_id, kind) for kind in kinds])
    return {kind: _cached(found.get(list_key(user_id, kind)), _list_parser(kind), "list") for kind in kinds}


def _list_parser(kind: str) -> Callable[[Any], podero.DeviceList | None]:
    return lambda bodies: _parse_list(kind, bodies)


def remember_device_list(user_id: UUID | str, kind: str, devices: list[podero.DeviceState]) -> None:
    key = list_key(user_id, kind)
    if any(_settling(device) for device in devices):
        _delete([key])  # My devices shows "Starting…" too, and should move on as soon as the boost runs
        return
    # The devices we could not read go in too, so the cached list leaves out (and counts) the same ones.
    unreadable = list(getattr(devices, "unreadable", ()))
    _set_many({key: [dict(device.raw) for device in devices] + unreadable})


def charge_policy(ev_id: UUID | str) -> Cached[podero.WeeklyChargePolicy] | None:
    key = policy_key(ev_id)
    return _cached(_get_many([key]).get(key), _parse_policy, "policy")


def remember_charge_policy(ev_id: UUID | str, policy: podero.WeeklyChargePolicy) -> None:
    _set_many({policy_key(ev_id): policy.to_json()})


def forget(device_id: UUID | str, *, user_id: UUID | str, kind: str) -> None:
    """Drop what we know about a device after we asked Podero to change it (whatever the outcome)."""
    _delete([device_key(device_id), policy_key(device_id), list_key(user_id, kind)])


def forget_list(user_id: UUID | str, kind: str) -> None:
    """Drop the user's list of `kind`: a device was added to it (onboarding/actions.py)."""
    _delete([list_key(user_id, kind)])


def _cached[T](entry: Any, parse: Callable[[Any], T | None], what: str) -> Cached[T] | None:
    found = _read_entry(entry, parse)
    metrics.CACHE_LOOKUPS.labels(what, "miss" if found is None else "stale" if found.stale else "fresh").inc()
    return found


def _read_entry[T](entry: Any, parse: Callable[[Any], T | None]) -> Cached[T] | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("at"), int | float):
        return None
    value = parse(entry.get("body"))
    if value is None:
        return None
    fresh_for = entry.get("fresh_for", _ttl())
    return Cached(value, fetched_at=entry["at"], stale=time.time() - entry["at"] >= fresh_for)


def _parse_device(entry: Any) -> podero.DeviceState | None:
    if not isinstance(entry, dict):
        return None
    try:
        return podero.parse_device(str(entry.get("kind")), entry.get("json"))
    except (ValueError, podero.PoderoError):
        return None


def _parse_list(kind: str, bodies: Any) -> podero.DeviceList | None:
    if not isinstance(bodies, list):
        return None
    return podero.parse_device_list(kind, bodies)


def _parse_policy(body: Any) -> podero.WeeklyChargePolicy | None:
    if body is None:
        return None
    try:
        return podero.WeeklyChargePolicy.from_json(body)
    except podero.PoderoError:
        return None


def _get_many(keys: list[str]) -> dict[str, Any]:
    if _ttl() <= 0:
        return {}
    try:
        return cache.get_many(keys)
    except Exception:
        logger.exception("The device cache failed on read; asking Podero instead")
        return {}


def _set_many(bodies: dict[str, Any], *, fresh_for: int | None = None) -> None:
    """Store each body with the time it was fetched, for as long as it may be shown (fresh, then stale); fresh for
    `fresh_for` seconds rather than PODERO_DEVICE_CACHE_SECONDS when given, and kept as long again."""
    if _ttl() <= 0:
        return
    now = time.time()
    extra = {} if fresh_for is None else {"fresh_for": fresh_for}
    kept = _kept() if fresh_for is None else 2 * fresh_for
    try:
        cache.set_many(
            {key: {"at": now, "body": body, **extra} for key, body in bodies.items()}, timeout=kept
        )
    except Exception:
        logger.exception("The device cache failed on write")


def _delete(keys: list[str]) -> None:
    try:
        cache.delete_many(keys)
    except Exception:
        # Pages may show the old state until the entry expires (see _kept).
        logger.exception("Could not forget the cached device state %s", keys)
