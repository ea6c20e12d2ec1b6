"""The periodic pass that notices a device whose manufacturer connection lapsed: part of every sweep, a few
homeowners at a time (ALERT_CONNECTION_CHECKS, those checked longest ago first), through the same device lists
My devices reads (one Podero call per kind, none while the shared cache holds a fresh list).

A lapse is one event from the moment it is seen until the device is seen connected again: its key counts the
device's lapses, so the next lapse is a new alert, and a reconnected device's alert leaves the list."""

from datetime import datetime

from django.conf import settings
from django.db.models import F

from preferences import podero
from preferences.alerts.actions import raise_alert
from preferences.alerts.models import Alert, AlertPreferences
from preferences.devices.overview import device_overview
from preferences.models import Device, Homeowner


def check_some(now: datetime) -> int:
    """Check the next ALERT_CONNECTION_CHECKS homeowners' devices; how many homeowners were checked."""
    homeowners = list(
        Homeowner.objects.order_by(
            F("alert_preferences__connections_checked_at").asc(nulls_first=True), "pk"
        )[: settings.ALERT_CONNECTION_CHECKS]
    )
    for homeowner in homeowners:
        AlertPreferences.objects.update_or_create(
            homeowner=homeowner, defaults={"connections_checked_at": now}
        )
        check(homeowner, now)
    return len(homeowners)


def check(homeowner: Homeowner, now: datetime) -> None:
    """Raise an alert for each of the homeowner's devices whose connection lapsed; resolve those reconnected."""
    overview = device_overview(homeowner)
    rows = {row.podero_id: row for row in Device.objects.filter(homeowner=homeowner)}
    for state in overview.devices:
        device = rows.get(state.id)
        if device is not None:
            _seen(device, state, now)


def _seen(device: Device, state: podero.DeviceState, now: datetime) -> None:
    lapses = Alert.objects.filter(device=device, kind=Alert.Kind.CONNECTION_LAPSED)
    if not state.needs_reconnect:
        lapses.filter(resolved_at__isnull=True).update(resolved_at=now)
        return
    if lapses.filter(resolved_at__isnull=True).exists():
        return  # the same lapse, told already
    raise_alert(
        homeowner=device.homeowner,
        kind=Alert.Kind.CONNECTION_LAPSED,
        key=f"lapsed:{device.pk}:{lapses.count() + 1}",
        device=device,
        now=now,
    )
