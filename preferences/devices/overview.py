"""The homeowner's devices as Podero lists them, read in parallel in one pool per process, and our rows kept in
step with them; `Prefetch` starts a page's slow reads in the same pool."""

import functools
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connections
from django.utils import timezone

from preferences import podero
from preferences.devices import cache as device_cache
from preferences.devices.kinds import Kind, all_kinds, device_name
from preferences.models import Device, Homeowner
from preferences.podero.client import PoderoClient, get_client

# Threads per process for parallel Podero reads: three per page view, for as many page views at once as
# gunicorn has threads (GUNICORN_THREADS, 8 by default), with room to spare.
PODERO_POOL_SIZE = 32


@dataclass
class DeviceOverview:
    """The homeowner's devices as Podero lists them, the kinds that could not be loaded, and how many devices
    Podero listed in a way we cannot read (left out)."""

    devices: list[podero.DeviceState] = field(default_factory=list)
    failed_kinds: list[Kind] = field(default_factory=list)
    unreadable: int = 0
    # Podero answered 404 for the user's lists: it does not know the Podero user id this login is linked to.
    user_unknown: bool = False


def device_overview(homeowner: Homeowner) -> DeviceOverview:
    """The homeowner's devices, from the cache or from Podero, and remember which devices are theirs.

    Lists not in the cache are fetched in parallel (one call per kind, however many devices), and the page
    waits for them at most PODERO_DASHBOARD_DEADLINE seconds: a kind that takes longer counts as failed.
    """
    kinds = all_kinds()
    slugs = [kind.slug for kind in kinds]
    user_id = homeowner.podero_user_id
    cached = device_cache.device_lists(user_id, slugs)
    due = [slug for slug in slugs if device_cache.is_due(cached[slug], device_cache.list_key(user_id, slug))]
    fetched = _fetch_device_lists(user_id, due)
    overview = DeviceOverview()
    for kind in kinds:
        result = fetched.get(kind.slug)
        if isinstance(result, list):
            overview.devices.extend(result)
            overview.unreadable += len(getattr(result, "unreadable", ()))
        elif (stale := cached[kind.slug]) is not None:
            # Fresh enough, or another request is refreshing it, or this refresh failed: the state we have.
            overview.devices.extend(stale.value)
            overview.unreadable += len(getattr(stale.value, "unreadable", ()))
        else:
            overview.failed_kinds.append(kind)
    failures = [result for result in fetched.values() if isinstance(result, podero.PoderoError)]
    overview.user_unknown = bool(failures) and all(isinstance(exc, podero.PoderoNotFound) for exc in failures)
    fresh = {slug: result for slug, result in fetched.items() if isinstance(result, list)}
    for slug, devices in fresh.items():
        device_cache.remember_device_list(user_id, slug, devices)
    if fresh:
        # Only kinds just fetched: rows of cached kinds were synced when their list was fetched. A list with a
        # device we could not read, or with pages we could not follow, is not complete: those rows must stay.
        complete = [
            kind
            for kind, devices in fresh.items()
            if not getattr(devices, "unreadable", ()) and not getattr(devices, "incomplete", False)
        ]
        sync_devices(homeowner, [d for devices in fresh.values() for d in devices], complete_kinds=complete)
    return overview


def device_list(homeowner: Homeowner, kind: str) -> list[podero.DeviceState]:
    """The homeowner's devices of one kind as My devices reads them: from the cache while it is fresh, else from
    Podero (then remembered, and our rows of that kind kept in step). Raises podero errors; a stale list, if
    any, stands in for a refresh that failed, but not for a 404."""
    user_id = homeowner.podero_user_id
    cached = device_cache.device_lists(user_id, [kind])[kind]
    if cached is not None and not device_cache.is_due(cached, device_cache.list_key(user_id, kind)):
        return cached.value
    try:
        devices = get_client().list_devices(kind, user_id=user_id)
    except podero.PoderoNotFound:
        raise  # Podero no longer knows the user: no stale list hides that
    except podero.PoderoError:
        if cached is None:
            raise
        return cached.value
    device_cache.remember_device_list(user_id, kind, devices)
    complete = not getattr(devices, "unreadable", ()) and not getattr(devices, "incomplete", False)
    sync_devices(homeowner, devices, complete_kinds=[kind] if complete else [])
    return devices


def _fetch_device_lists(
    user_id: UUID, kinds: list[str]
) -> dict[str, list[podero.DeviceState] | podero.PoderoError]:
    if not kinds:
        return {}
    client = get_client()
    futures: dict[str, Future[list[podero.DeviceState] | podero.PoderoError]] = {
        kind: podero_pool().submit(_list_devices, client, kind, user_id) for kind in kinds
    }
    wait(futures.values(), timeout=settings.PODERO_DASHBOARD_DEADLINE)
    results: dict[str, list[podero.DeviceState] | podero.PoderoError] = {}
    for kind, future in futures.items():
        if future.done():
            results[kind] = future.result()
        else:
            # The call goes on in its thread until the client's own timeout; this page no longer waits for it.
            future.cancel()
            results[kind] = podero.PoderoUnavailable(f"No list of {kind} within the page's deadline.")
    return results


def _list_devices(
    client: PoderoClient, kind: str, user_id: UUID
) -> list[podero.DeviceState] | podero.PoderoError:
    # Pool threads live outside any request. With the database as the cache, the token and the circuit
    # breaker open a connection in this thread: close it, so none is left idle in a thread nobody tidies.
    try:
        return client.list_devices(kind, user_id=user_id)
    except podero.PoderoError as exc:
        return exc
    finally:
        connections.close_all()


@functools.cache
def podero_pool() -> ThreadPoolExecutor:
    """One pool per process, so its threads (and their cache connections) are reused across requests.

    Created on first use, after gunicorn has forked its workers.
    """
    return ThreadPoolExecutor(max_workers=PODERO_POOL_SIZE, thread_name_prefix="podero")


def sync_devices(
    homeowner: Homeowner, devices: Iterable[podero.DeviceState], *, complete_kinds: list[str]
) -> None:
    """Make our device rows match Podero's lists, in a fixed number of queries.

    Rows of a kind whose list could not be loaded are left alone, so a Podero outage never locks anyone out.
    """
    now = timezone.now()
    known = {row.podero_id: row for row in Device.objects.filter(homeowner=homeowner)}
    seen: set[UUID] = set()
    to_create, to_update = [], []
    for device in devices:
        seen.add(device.id)
        name = device_name(device)
        row = known.get(device.id)
        if row is None:
            to_create.append(
                Device(homeowner=homeowner, kind=device.kind, podero_id=device.id, name=name, synced_at=now)
            )
        elif row.name != name or row.kind != device.kind:
            row.name, row.kind, row.synced_at = name, device.kind, now
            to_update.append(row)
    gone = [row.pk for row in known.values() if row.podero_id not in seen and row.kind in complete_kinds]
    if to_create:
        Device.objects.bulk_create(to_create, ignore_conflicts=True)
    if to_update:
        Device.objects.bulk_update(to_update, ["name", "kind", "synced_at"])
    if gone:
        Device.objects.filter(pk__in=gone).delete()


class Prefetch:
    """Reads started at once in the background pool; `result(name)` waits for one (within the page's deadline)
    and returns its value, or the podero error it raised."""

    def __init__(self, calls: dict[str, Callable[[], Any]]) -> None:
        pool = podero_pool()
        self._futures: dict[str, Future[Any]] = {
            name: pool.submit(_in_thread, call) for name, call in calls.items()
        }

    def result(self, name: str, *, timeout: float | None = None) -> Any:
        future = self._futures[name]
        wait([future], timeout=timeout if timeout is not None else settings.PODERO_DASHBOARD_DEADLINE)
        if not future.done():
            return podero.PoderoUnavailable(f"No answer for {name} within the page's deadline.")
        return future.result()


def _in_thread(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except podero.PoderoError as exc:
        return exc
    finally:
        connections.close_all()
