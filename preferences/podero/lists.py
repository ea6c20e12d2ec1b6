"""A list of devices as Podero answers it: the devices we can read, and the ones we cannot, counted and left out
(podero-api.md §3)."""

from collections.abc import Iterable, Mapping
from typing import Any

from . import answers
from .errors import PoderoBadResponse
from .types import DeviceState, parse_device


class DeviceList(list[DeviceState]):
    """Podero's list of a user's devices of one kind, without those we could not read.

    `unreadable` keeps the items left out, as sent, so a cached copy leaves out (and counts) the same ones.
    """

    def __init__(self, devices: Iterable[DeviceState] = (), *, unreadable: Iterable[Any] = ()) -> None:
        super().__init__(devices)
        self.unreadable: list[Any] = list(unreadable)


# Wrappers a list might plausibly come in, although the docs show a bare array (podero-api.md §11).
_LIST_WRAPPERS = ("data", "items", "results")


def parse_device_list(kind: str, body: Any) -> DeviceList:
    """Every device of `kind` we can read; each one we cannot is left out, counted and noted.

    Raises PoderoBadResponse only when the body is no list at all.
    """
    items = body
    if isinstance(body, Mapping):
        items = next((body[key] for key in _LIST_WRAPPERS if isinstance(body.get(key), list)), None)
    if not isinstance(items, list):
        raise PoderoBadResponse(f"expected a list of {kind}, got {type(body).__name__}")
    devices, unreadable = [], []
    for position, item in enumerate(items, start=1):
        try:
            devices.append(parse_device(kind, item))
        except PoderoBadResponse as exc:
            answers.note(f"device {position} of {len(items)} left out ({exc})")
            unreadable.append(item)
    return DeviceList(devices, unreadable=unreadable)
