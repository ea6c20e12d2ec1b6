"""Reads: which devices a homeowner has, and what Podero says about them right now."""

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from uuid import UUID

from django.http import Http404
from django.utils import timezone

from preferences import podero
from preferences.models import Device, Homeowner
from preferences.podero import DeviceKind


def device_for(homeowner: Homeowner, device_id: UUID, kind: DeviceKind) -> Device:
    """The homeowner's device of that kind, or Http404 for anyone else's (before any call to Podero)."""
    try:
        return Device.objects.select_related("homeowner").get(
            homeowner=homeowner, kind=kind, podero_id=device_id
        )
    except Device.DoesNotExist:
        raise Http404("No such device.") from None


def live_device(device: Device) -> podero.Device:
    """What Podero reports about `device` now. Raises podero errors."""
    return podero.get_client().get_device(
        DeviceKind(device.kind), user_id=device.homeowner.podero_user_id, device_id=device.podero_id
    )


@dataclass
class DeviceOverview:
    """The homeowner's devices as Podero lists them, and the kinds that could not be loaded."""

    devices: list[podero.Device] = field(default_factory=list)
    failed_kinds: list[DeviceKind] = field(default_factory=list)


def device_overview(homeowner: Homeowner) -> DeviceOverview:
    """Fetch every device list from Podero in parallel and remember which devices are the homeowner's."""
    client = podero.get_client()
    kinds = list(DeviceKind)

    def fetch(kind: DeviceKind) -> list[podero.Device] | podero.PoderoError:
        try:
            return client.list_devices(kind, user_id=homeowner.podero_user_id)
        except podero.PoderoError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(kinds)) as pool:
        results = dict(zip(kinds, pool.map(fetch, kinds), strict=True))
    overview = DeviceOverview()
    for kind, result in results.items():
        if isinstance(result, podero.PoderoError):
            overview.failed_kinds.append(kind)
        else:
            overview.devices.extend(result)
    sync_devices(
        homeowner, overview.devices, complete_kinds=[k for k in kinds if k not in overview.failed_kinds]
    )
    return overview


def sync_devices(
    homeowner: Homeowner, devices: Iterable[podero.Device], *, complete_kinds: list[DeviceKind]
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
        name = device.display_name
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
