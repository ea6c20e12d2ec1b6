"""Serving another kind of device: its path segment, the fields a PUT may change, and how to build one.

Everything else (lists, details, PUT, faults, readings) works for any kind as it does for heat pumps.
"""

from collections.abc import Callable

from .model import KINDS, Device
from .seed import BUILDERS
from .validation import WRITABLE, Validator


def register_kind(kind: str, *, writable: dict[str, Validator], build: Callable[[str, str], Device]) -> None:
    """Serve `kind` (a path segment such as "home-batteries"): `build(device_id, owner_id)` makes a device."""
    if kind not in KINDS:
        KINDS.append(kind)
    WRITABLE[kind] = writable
    BUILDERS[kind] = build


def unregister_kind(kind: str) -> None:
    if kind in KINDS:
        KINDS.remove(kind)
    WRITABLE.pop(kind, None)
    BUILDERS.pop(kind, None)
