"""Reads: which devices a homeowner has, and what Podero says about them right now."""

import functools
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.db import connections
from django.db.models import BooleanField, ForeignKey, Model
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from preferences import device_cache, podero
from preferences.kinds import Kind, all_kinds, device_name
from preferences.models import Change, Device, Homeowner, Scheduled, TimedPause, TripTarget

# Threads per process for parallel Podero reads: three per page view, for as many page views at once as
# gunicorn has threads (GUNICORN_THREADS, 8 by default), with room to spare.
PODERO_POOL_SIZE = 32


def _pk(user: object) -> int:
    """A login's primary key; 0 (nobody's) for an anonymous one."""
    pk = getattr(user, "pk", None)
    return pk if isinstance(pk, int) else 0


def homeowner_of(user: object) -> Homeowner:
    """The homeowner a login belongs to, or Http404 for a login that is not a homeowner's."""
    try:
        # Loaded with the login (accounts.LoginWithHomeowner).
        homeowner = getattr(user, "homeowner")  # noqa: B009 - `user` may be any login, even an anonymous one
    except (Homeowner.DoesNotExist, AttributeError):
        raise Http404("This login is not linked to a homeowner.") from None
    if not isinstance(homeowner, Homeowner):
        raise Http404("This login is not linked to a homeowner.")
    return homeowner


def active_exists(model: type[Scheduled], link: str, outer: type[Model]) -> RawSQL:
    """Whether the outer query's row (of `outer`) has an active `model` row pointing at it through `link`.

    Written out: Django takes longer (~1 ms) to compile an Exists() subquery than the database takes to run it.
    Only the models' own table and column names go into the text; the status ("active", as for
    models.one_active) is a parameter."""
    field = model._meta.get_field(link)
    assert isinstance(field, ForeignKey)  # noqa: S101 - a programming error, caught by the module's import
    column = field.column
    return RawSQL(  # noqa: S611
        f"EXISTS (SELECT 1 FROM {model._meta.db_table} WHERE {column} = {outer._meta.db_table}.id"  # noqa: S608
        " AND status = %s)",
        ("active",),
        output_field=BooleanField(),
    )


TIMED_PAUSE_ACTIVE = active_exists(TimedPause, "device", Device)
TRIP_TARGET_ACTIVE = active_exists(TripTarget, "ev", Device)


def device_for(user: object, device_id: UUID, kind: Kind | str) -> Device:
    """The logged-in homeowner's device of that kind, in one query; Http404 for anyone else's device, or for a
    login that is no homeowner's (before any call to Podero). The row says in the same query whether a timed pause
    is active (`timed_pause_active`), so a switch that ends none needs no write for it, and whether a one-off trip
    target is (`trip_target_active`), so the plan of a car without one needs no query for it."""
    try:
        return (
            Device.objects.select_related("homeowner")
            .annotate(timed_pause_active=TIMED_PAUSE_ACTIVE, trip_target_active=TRIP_TARGET_ACTIVE)
            .get(
                homeowner__user_id=_pk(user),
                kind=kind.slug if isinstance(kind, Kind) else kind,
                podero_id=device_id,
            )
        )
    except Device.DoesNotExist:
        raise Http404("No such device.") from None


RECENT_CHANGES = 10
# What a change's line in Recent changes reads (activity.py, device_page's last boost): loading only these halves
# the columns Django compiles on every device page.
ACTIVITY_FIELDS = (
    "created_at",
    "intent",
    "outcome",
    "reason",
    "conflict_reason",
    "detail",
    "request_body",
    "previous_values",
    "actor__first_name",
)


def recent_changes(device: Device, *, limit: int = RECENT_CHANGES) -> list[Change]:
    """The last changes asked for `device`, newest first, by the homeowner or by staff for them. One query."""
    return list(Change.objects.filter(device=device).select_related("actor").only(*ACTIVITY_FIELDS)[:limit])


def change_for(user: object, change_id: int) -> Change:
    """One of the logged-in homeowner's recorded changes to a device they still have, or Http404. One query."""
    user_id = _pk(user)
    change = (
        Change.objects.select_related("device__homeowner")
        .filter(pk=change_id, homeowner__user_id=user_id, device__homeowner__user_id=user_id)
        .first()
    )
    if change is None:
        raise Http404("No such change.")
    return change


def latest_change(device: Device) -> Change | None:
    return Change.objects.filter(device=device).first()


def last_boost_answer(ev: Device) -> tuple[str, str, datetime] | None:
    """Our last accepted Charge now or disarm of `ev`: (intent, detail, when). Podero does not report an armed
    boost (podero-api.md §5.5), so this tells whether one is armed, and when charging was last asked for."""
    return (
        Change.objects.filter(
            device=ev,
            intent__in=[Change.Intent.CHARGE_NOW, Change.Intent.CANCEL_BOOST],
            outcome=Change.Outcome.SUCCEEDED,
        )
        .values_list("intent", "detail", "created_at")
        .first()
    )


def live_device(device: Device) -> podero.DeviceState:
    """What Podero reports about `device` (see device_cache.py for how old it may be). Raises podero errors."""
    cached = device_cache.device(device.podero_id)
    if cached is not None and cached.value.kind != device.kind:
        cached = None
    return _cached_or_refreshed(
        cached,
        device_cache.device_key(device.podero_id),
        lambda: podero.get_client().get_device(
            device.kind, user_id=device.homeowner.podero_user_id, device_id=device.podero_id
        ),
        device_cache.remember_device,
    )


def charge_policy(ev: Device) -> podero.WeeklyChargePolicy:
    """The EV's weekly charge policy (see device_cache.py for how old it may be). Raises podero errors."""
    return _cached_or_refreshed(
        device_cache.charge_policy(ev.podero_id),
        device_cache.policy_key(ev.podero_id),
        lambda: podero.get_client().get_charge_policy(
            user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id
        ),
        lambda policy: device_cache.remember_charge_policy(ev.podero_id, policy),
    )


def _cached_or_refreshed[T](
    cached: device_cache.Cached[T] | None, key: str, fetch: Callable[[], T], remember: Callable[[T], None]
) -> T:
    """The cached value while it is fresh, or while another request refreshes it; else Podero's, remembered.
    A refresh that fails shows the stale value rather than an error."""
    if cached is not None and not device_cache.is_due(cached, key):
        return cached.value
    try:
        value = fetch()
    except podero.PoderoError:
        if cached is None:
            raise
        return cached.value
    remember(value)
    return value


def weekly_targets(ev: Device, *, fresh: bool = False) -> podero.WeeklyChargePolicy | None:
    """The EV's per-day targets, or None when Podero has none: `data: null`, a 404, or a shape we cannot read
    (logged). `fresh` skips the cache, for a decision about what to write. Raises PoderoUnavailable."""
    try:
        if fresh:
            policy = podero.get_client().get_charge_policy(
                user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id
            )
        else:
            policy = charge_policy(ev)
    except podero.PoderoBadResponse:
        return None  # the client logged what was wrong with the answer
    # A null or 404 policy, or one without a day we can read, is none (the client logged which).
    return None if policy.is_none else policy


@dataclass
class DeviceOverview:
    """The homeowner's devices as Podero lists them, the kinds that could not be loaded, and how many devices
    Podero listed in a way we cannot read (left out)."""

    devices: list[podero.DeviceState] = field(default_factory=list)
    failed_kinds: list[Kind] = field(default_factory=list)
    unreadable: int = 0


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
    fresh = {slug: result for slug, result in fetched.items() if isinstance(result, list)}
    for slug, devices in fresh.items():
        device_cache.remember_device_list(user_id, slug, devices)
    if fresh:
        # Only kinds just fetched: rows of cached kinds were synced when their list was fetched. A list with a
        # device we could not read is not complete: that device's row must stay.
        complete = [kind for kind, devices in fresh.items() if not getattr(devices, "unreadable", ())]
        sync_devices(homeowner, [d for devices in fresh.values() for d in devices], complete_kinds=complete)
    return overview


def _fetch_device_lists(
    user_id: UUID, kinds: list[str]
) -> dict[str, list[podero.DeviceState] | podero.PoderoError]:
    if not kinds:
        return {}
    client = podero.get_client()
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
    client: podero.PoderoClient, kind: str, user_id: UUID
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
