"""Reads: which devices a homeowner has, and what Podero says about them right now."""

from collections.abc import Callable
from uuid import UUID

from django.db.models import BooleanField, ForeignKey, Model
from django.db.models.expressions import RawSQL
from django.http import Http404

from preferences import podero
from preferences.devices import cache as device_cache
from preferences.devices.kinds import Kind
from preferences.models import Device, Homeowner, Scheduled, TripTarget
from preferences.podero.client import get_client


def login_pk(user: object) -> int:
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


TRIP_TARGET_ACTIVE = active_exists(TripTarget, "ev", Device)


def device_for(user: object, device_id: UUID, kind: Kind | str) -> Device:
    """The logged-in homeowner's device of that kind, in one query; Http404 for anyone else's device, or for a
    login that is no homeowner's (before any call to Podero). The row says in the same query whether a one-off trip
    target is active (`trip_target_active`), so the plan of a car without one needs no query for it."""
    try:
        return (
            Device.objects.select_related("homeowner")
            .annotate(trip_target_active=TRIP_TARGET_ACTIVE)
            .get(
                homeowner__user_id=login_pk(user),
                kind=kind.slug if isinstance(kind, Kind) else kind,
                podero_id=device_id,
            )
        )
    except Device.DoesNotExist:
        raise Http404("No such device.") from None


def live_device(device: Device) -> podero.DeviceState:
    """What Podero reports about `device` (see cache.py for how old it may be). Raises podero errors."""
    cached = device_cache.device(device.podero_id)
    if cached is not None and cached.value.kind != device.kind:
        cached = None
    return _cached_or_refreshed(
        cached,
        device_cache.device_key(device.podero_id),
        lambda: get_client().get_device(
            device.kind, user_id=device.homeowner.podero_user_id, device_id=device.podero_id
        ),
        device_cache.remember_device,
    )


def user_unknown(device: Device) -> bool:
    """After a 404 on `device`: whether Podero knows no such user at all (the user's list of that kind answers
    404 too), rather than no such device. False when Podero cannot say."""
    try:
        get_client().list_devices(device.kind, user_id=device.homeowner.podero_user_id)
    except podero.PoderoNotFound:
        return True
    except podero.PoderoError:
        return False
    return False


def charge_policy(ev: Device) -> podero.WeeklyChargePolicy:
    """The EV's weekly charge policy (see cache.py for how old it may be). Raises podero errors."""
    return _cached_or_refreshed(
        device_cache.charge_policy(ev.podero_id),
        device_cache.policy_key(ev.podero_id),
        lambda: get_client().get_charge_policy(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id),
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
            policy = get_client().get_charge_policy(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id)
        else:
            policy = charge_policy(ev)
    except podero.PoderoBadResponse:
        return None  # the client logged what was wrong with the answer
    # A null or 404 policy, or one without a day we can read, is none (the client logged which).
    return None if policy.is_none else policy
