"""A list of devices as Podero answers it: the devices we can read, and the ones we cannot, counted and left out
(podero-api.md §3); a list in pages (`{"results", "next"}`) is followed to its end, or marked incomplete."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from . import answers
from .errors import PoderoBadResponse, PoderoError
from .types import DeviceState, parse_device

# More pages than any homeowner's devices fill: a `next` that goes on beyond this is a loop.
MAX_PAGES = 20


class DeviceList(list[DeviceState]):
    """Podero's list of a user's devices of one kind, without those we could not read.

    `unreadable` keeps the items left out, as sent, so a cached copy leaves out (and counts) the same ones.
    """

    def __init__(self, devices: Iterable[DeviceState] = (), *, unreadable: Iterable[Any] = ()) -> None:
        super().__init__(devices)
        self.unreadable: list[Any] = list(unreadable)
        # Some of Podero's list is missing (a page we could not follow): a device absent here may still exist.
        self.incomplete = False
        self.next_page: str | None = None
        self.expected: int | None = None


# Wrappers a list might plausibly come in, although the docs show a bare array (podero-api.md §11).
_LIST_WRAPPERS = ("data", "items", "results")


def parse_device_list(kind: str, body: Any) -> DeviceList:
    """Every device of `kind` we can read; each one we cannot is left out, counted and noted.

    Raises PoderoBadResponse only when the body is no list at all.
    """
    items = body
    following, expected = None, None
    if isinstance(body, Mapping):
        items = next((body[key] for key in _LIST_WRAPPERS if isinstance(body.get(key), list)), None)
        following = body.get("next") if isinstance(body.get("next"), str) and body["next"] else None
        count = body.get("count")
        expected = count if isinstance(count, int) and not isinstance(count, bool) else None
    if not isinstance(items, list):
        raise PoderoBadResponse(f"expected a list of {kind}, got {type(body).__name__}")
    devices, unreadable = [], []
    for position, item in enumerate(items, start=1):
        try:
            devices.append(parse_device(kind, item))
        except PoderoBadResponse as exc:
            answers.note(f"device {position} of {len(items)} left out ({exc})")
            unreadable.append(item)
    found = DeviceList(devices, unreadable=unreadable)
    found.next_page, found.expected = following, expected
    return found


Fetch = Callable[[str, dict[str, str]], DeviceList]


def follow_pages(first: DeviceList, fetch: Fetch, api_root: str, where: str) -> DeviceList:
    """`first` and every page its `next` leads to, fetched with `fetch(path under api_root, query)`. A `next`
    elsewhere than Podero's API (never sent our token), a failed page or an endless chain leaves the list
    incomplete, logged once."""
    found, page, current, problem = first, first, where, ""
    for _ in range(MAX_PAGES):
        if page.next_page is None:
            break
        target = _under(api_root, current, page.next_page)
        if target is None:
            problem = "its next page is not at Podero's API address"
            break
        current = target[0]
        try:
            page = fetch(*target)
        except PoderoError as exc:
            problem = f"its next page failed ({type(exc).__name__})"
            break
        found = DeviceList([*found, *page], unreadable=[*found.unreadable, *page.unreadable])
    if not problem and page.next_page is not None:
        problem = f"it goes on beyond {MAX_PAGES} pages"
    counted = len(found) + len(found.unreadable)
    if not problem and first.expected is not None and counted < first.expected:
        problem = f"it counts {first.expected} devices and holds {counted}"
    found.expected = first.expected
    if problem:
        found.incomplete = True
        answers.log_unexpected(
            "GET", where, 200, f"list incomplete: {problem}; no device is taken as removed"
        )
    return found


def _under(api_root: str, current: str, link: str) -> tuple[str, dict[str, str]] | None:
    """`link` (from the page at `current`) as a path under `api_root` and its query, or None when it points
    anywhere else."""
    root, target = urlsplit(api_root), urlsplit(urljoin(api_root + current, link))
    if (target.scheme, target.netloc) != (root.scheme, root.netloc) or not target.path.startswith(root.path):
        return None
    return target.path[len(root.path) :], dict(parse_qsl(target.query))
