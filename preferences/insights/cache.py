"""The shared cache of what smart optimization did: plain data (dicts, lists, numbers, datetimes) under a key
naming the device and the range, rebuilt into the dataclasses on read; an entry that no longer fits them is a
miss."""

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from preferences import podero
from preferences.models import Device

logger = logging.getLogger(__name__)


VERSION = "h1"


def key_of(device: Device, what: str, *parts: str) -> str:
    return ":".join(["podero", VERSION, what, str(device.podero_id), *parts])


def history_ttl() -> int:
    return int(getattr(settings, "PODERO_HISTORY_CACHE_SECONDS", 3600))


def cached(key: str, fetch: Callable[[], Any], shape: Any, *, ttl: int | None = None) -> Any:
    ttl = history_ttl() if ttl is None else ttl
    if ttl > 0:
        try:
            stored = cache.get(key)
        except Exception:
            logger.exception("The history cache failed on read; asking Podero instead")
            stored = None
        if isinstance(stored, dict) and "value" in stored:
            try:
                return thaw(shape, stored["value"])
            except (TypeError, ValueError, KeyError):
                pass  # written by an older version of the portal: ask again
    value = fetch()
    if ttl > 0:
        try:
            cache.set(key, {"value": freeze(value)}, timeout=ttl)
        except Exception:
            logger.exception("The history cache failed on write")
    return value


def freeze(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: freeze(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [freeze(item) for item in value]
    return value


def thaw(shape: Any, data: Any) -> Any:
    if shape == podero.ChargingSession | None:
        return None if data is None else podero.ChargingSession(**data)
    if shape == list[podero.EnergyPoint]:
        return [podero.EnergyPoint(**item) for item in data]
    if shape is podero.Savings:
        return podero.Savings(periods=tuple(podero.SavingsPeriod(**item) for item in data["periods"]))
    if shape is podero.SessionPage:
        items = tuple(podero.ChargingSession(**item) for item in data["items"])
        return podero.SessionPage(
            total=data["total"],
            items=items,
            offset=data["offset"],
            limit=data["limit"],
            unreadable=data.get("unreadable", False),
        )
    raise TypeError(shape)
