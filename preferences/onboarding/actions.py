"""Adding a device: the session in Podero's Connect UI, started once per click (one row, one call), and what became
of it, read back from Podero once the homeowner came back (podero-api.md §9.3)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from preferences import podero
from preferences.audit import single_flight
from preferences.audit.record import Actor, asker
from preferences.devices import cache as device_cache
from preferences.devices import overview
from preferences.models import Device, Homeowner, Onboarding
from preferences.podero.client import get_client

# The addresses Podero sends the homeowner back to, given the row's key.
Address = Callable[[UUID], str]


def start(
    *,
    homeowner: Homeowner,
    device_type: podero.DeviceType,
    language: str,
    success_url: Address,
    cancel_url: Address,
    actor: Actor,
    now: datetime,
    reason: str = "",
) -> Onboarding:
    """A session in Podero's Connect UI to add a device of `device_type`; its row has the address to go to.

    Clicks of one person at the same time, or a few seconds apart, start one session and all go to it. Raises
    podero errors (the row then says it failed)."""
    scope = f"homeowner:{homeowner.pk}:add-device"
    key = single_flight.key_for("add-device", homeowner.pk, device_type.value, asker(actor))
    # Not replayed from the cache: a session just cancelled or expired is no answer to the next click.
    with single_flight.claim(scope, key, replay=False) as run:
        if run.follows:
            return Onboarding.objects.get(pk=run.shared(int))
        row = _just_started(homeowner, device_type, actor, now) or _begin(
            homeowner, device_type, actor, now, reason
        )
        if row.outcome == Onboarding.Outcome.STARTING:
            _ask_podero(row, language, success_url, cancel_url)
        return Onboarding.objects.get(pk=run.keep(row.pk))


def _just_started(
    homeowner: Homeowner, device_type: podero.DeviceType, actor: Actor, now: datetime
) -> Onboarding | None:
    """The same person's session for the same kind started a few seconds ago and still open (a double click
    whose second click came after the first had its answer): that one, not a second."""
    since = now - timedelta(seconds=settings.SINGLE_FLIGHT_REPLAY_SECONDS)
    return (
        Onboarding.objects.filter(
            homeowner=homeowner,
            device_type=device_type.value,
            created_by=actor if isinstance(actor, User) else None,
            outcome=Onboarding.Outcome.OPEN,
            created_at__gte=since,
        )
        .order_by("-created_at")
        .first()
    )


def _begin(
    homeowner: Homeowner, device_type: podero.DeviceType, actor: Actor, now: datetime, reason: str
) -> Onboarding:
    """Recorded before Podero is asked, with the devices the homeowner has now."""
    user = actor if isinstance(actor, User) else None
    if user is not None and user.pk != homeowner.user_id and not reason.strip():
        raise ValueError("Acting for a homeowner needs a reason.")
    ids = Device.objects.filter(homeowner=homeowner).values_list("podero_id", flat=True)
    return Onboarding.objects.create(
        homeowner=homeowner,
        device_type=device_type.value,
        created_at=now,
        created_by=user,
        reason=reason.strip(),
        devices_before=[str(device_id) for device_id in ids],
    )


def _ask_podero(row: Onboarding, language: str, success_url: Address, cancel_url: Address) -> None:
    call = podero.onboarding.start_onboarding(
        user_id=row.homeowner.podero_user_id,
        device_type=podero.DeviceType(row.device_type),
        language=language,
        price_zone=settings.PODERO_PRICE_ZONE,
        success_url=success_url(row.key),
        cancel_url=cancel_url(row.key),
    )
    try:
        session = get_client().send(call)
        if session is None or session.authentication_url is None:
            raise podero.PoderoBadResponse(
                "Podero started no onboarding session we can send the homeowner to."
            )
    except Exception:
        _settle(row, Onboarding.Outcome.FAILED, from_=Onboarding.Outcome.STARTING)
        raise
    row.podero_session_id, row.authentication_url = UUID(session.id), session.authentication_url
    row.expires_on, row.outcome = session.expires_on, Onboarding.Outcome.OPEN
    row.save(update_fields=["podero_session_id", "authentication_url", "expires_on", "outcome"])


@dataclass(frozen=True)
class CameBack:
    """What the homeowner came back to: the row settled (or still open when Podero could not be asked), and the
    device it added as Podero lists it, when it does."""

    onboarding: Onboarding
    device: podero.DeviceState | None


def came_back(row: Onboarding, *, finished: bool, today: date) -> CameBack:
    """The homeowner is back from the Connect UI, at the success address (`finished`) or the cancel address:
    Podero's session says what happened. Settled once; coming back again shows the same."""
    if row.outcome == Onboarding.Outcome.OPEN and row.podero_session_id is not None:
        try:
            session = get_client().send(podero.onboarding.get_onboarding(row.podero_session_id))
        except podero.PoderoNotFound:
            session = None  # gone: under one reading, an expired session reads back as 404
        except podero.PoderoError:
            return CameBack(
                row, None
            )  # not settled: the page says it could not check, and a reload asks again
        expires_on = session.expires_on if session and session.expires_on else row.expires_on
        added = session.device_id if session else None
        devices = _listed_afresh(row.homeowner)
        if added is None and finished:
            added = _new_device(row, devices)
        if added is not None or finished:
            _settle(row, Onboarding.Outcome.ADDED, device=added)
        elif expires_on is not None and expires_on < today:
            _settle(row, Onboarding.Outcome.EXPIRED)
        else:
            _settle(row, Onboarding.Outcome.CANCELLED)
        row.refresh_from_db()
    return CameBack(row, _device(row))


def _listed_afresh(homeowner: Homeowner) -> list[podero.DeviceState]:
    """The homeowner's devices as Podero lists them now (our rows follow): a device just added is among them."""
    for kind in podero.DeviceType:
        device_cache.forget_list(homeowner.podero_user_id, kind.kind)
    return overview.device_overview(homeowner).devices


def _new_device(row: Onboarding, devices: list[podero.DeviceState]) -> UUID | None:
    """A device Podero lists now that the homeowner did not have when the session began, of the kind asked first."""
    new = [device for device in devices if str(device.id) not in row.devices_before]
    kind = podero.DeviceType(row.device_type).kind
    new.sort(key=lambda device: device.kind != kind)
    return new[0].id if new else None


def _device(row: Onboarding) -> podero.DeviceState | None:
    if row.device_podero_id is None:
        return None
    listed = device_cache.device_lists(
        row.homeowner.podero_user_id, [podero.DeviceType(row.device_type).kind]
    )
    for cached in listed.values():
        for device in cached.value if cached else []:
            if device.id == row.device_podero_id:
                return device
    return None


def _settle(row: Onboarding, outcome: str, *, device: UUID | None = None, from_: str = "") -> None:
    """Once only: the first to settle it decides (a reload, or a second tab, finds it settled)."""
    Onboarding.objects.filter(pk=row.pk, outcome=from_ or Onboarding.Outcome.OPEN).update(
        outcome=outcome, finished_at=timezone.now(), device_podero_id=device
    )


def settle_unanswered(now: datetime) -> int:
    """Rows still waiting for Podero's answer long after any call can take (the process died mid-call): settled
    as unanswered, so none stays pending (sweeper.py). How many."""
    begun_before = now - timedelta(seconds=settings.SETTLE_PENDING_AFTER_SECONDS)
    return Onboarding.objects.filter(
        outcome=Onboarding.Outcome.STARTING, created_at__lte=begun_before
    ).update(outcome=Onboarding.Outcome.NO_ANSWER, finished_at=now)
