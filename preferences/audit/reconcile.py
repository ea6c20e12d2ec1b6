"""Audit rows whose answer never came: the process died while Podero had the call. Podero is asked what it shows
now, and the row is settled with what that says of what the row sent: applied, not applied, unknown when what
Podero shows cannot tell (an armed boost is not shown), or unchecked when Podero could not be read
SETTLE_PENDING_TRIES times.

The sweeper settles every row older than any call can take (`settle_pending`); a put-back taken over from a worker
that died settles the rows of that cut-off attempt itself (`settle_cut_off`), before it writes again.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F

from preferences import podero
from preferences.audit.record import settle_afterwards
from preferences.models import Change, Device
from preferences.podero.client import get_client
from preferences.podero.wallboxes import Wallbox

# At most this many rows per sweep, oldest first: a long outage leaves the rest for the next sweeps.
BATCH = 50

Seen = podero.DeviceState | podero.WeeklyChargePolicy


def settle_pending(now: datetime) -> int:
    """Settle the rows still pending SETTLE_PENDING_AFTER_SECONDS after they were begun; how many were settled."""
    begun_before = now - timedelta(seconds=settings.SETTLE_PENDING_AFTER_SECONDS)
    stuck = (
        Change.objects.filter(outcome=Change.Outcome.PENDING, created_at__lte=begun_before)
        .select_related("homeowner")
        .order_by("created_at")[:BATCH]
    )
    settled = 0
    for change in stuck:
        try:
            seen = read_back(change)
        except podero.PoderoError as exc:
            settled += _not_read(change, exc)
        else:
            settled += settle_with(change, seen)
    return settled


def settle_cut_off(device: Device, intent: str, *, since: datetime, seen: Seen) -> None:
    """Settle what an attempt cut off since `since` left pending of `intent` on `device`, with what Podero shows
    now (`seen`). Only for an attempt known to be over (its claim stale, its single-flight lock free)."""
    rows = Change.objects.filter(
        device=device, intent=intent, outcome=Change.Outcome.PENDING, created_at__gte=since
    ).select_related("homeowner")
    for change in rows:
        settle_with(change, seen)


def seen_in_effect(device: Device, intent: str, changes: podero.DeviceChanges, *, since: datetime) -> bool:
    """Whether Podero shows `changes` on `device` now, settling on the way what an attempt cut off since `since`
    left pending. Raises podero errors."""
    state = get_client().get_device(
        device.kind, user_id=device.homeowner.podero_user_id, device_id=device.podero_id
    )
    settle_cut_off(device, intent, since=since, seen=state)
    return in_effect(changes, state)


def read_back(change: Change) -> Seen:
    """What Podero shows now of what `change` wrote: the weekly policy, or the device. Raises podero errors."""
    user_id = change.homeowner.podero_user_id
    if _writes_the_week(change):
        return get_client().get_charge_policy(user_id=user_id, ev_id=change.device_podero_id)
    return get_client().get_device(change.device_kind, user_id=user_id, device_id=change.device_podero_id)


def settle_with(change: Change, seen: Seen) -> bool:
    """Settle `change` with what Podero shows (`seen`); False if it had an outcome already."""
    applied = shows(change, seen)
    if applied is None:
        outcome, said = Change.Outcome.UNKNOWN, "what Podero shows cannot tell whether it was applied"
    elif applied:
        outcome, said = Change.Outcome.APPLIED, "Podero shows it in effect"
    else:
        outcome, said = Change.Outcome.NOT_APPLIED, "Podero shows it not in effect"
    return settle_afterwards(change, outcome, f"No answer came; read back afterwards: {said}.")


def shows(change: Change, seen: Seen) -> bool | None:
    """Whether what Podero shows (`seen`) is what `change` sent; None when it cannot tell."""
    body = change.request_body
    if _writes_the_week(change):
        try:
            return (
                isinstance(seen, podero.WeeklyChargePolicy)
                and podero.WeeklyChargePolicy.from_json(body) == seen
            )
        except (podero.PoderoBadResponse, ValueError):
            return None
    if change.request_method == "PUT" and isinstance(seen, podero.DeviceState):
        return in_effect(podero.DeviceChanges.from_json(body), seen)
    if change.request_method == "POST" and change.request_path.endswith("/boost"):
        return _boost_shows(seen)
    return None  # a disarmed boost or a sign-in at the manufacturer leaves nothing Podero shows


def in_effect(changes: podero.DeviceChanges, state: podero.DeviceState) -> bool:
    """Whether the device shows every setting `changes` sets."""
    if (
        changes.smart_optimization is not None
        and state.is_smart_optimization_active != changes.smart_optimization
    ):
        return False
    if changes.level is not None and (
        not isinstance(state, podero.HeatPump)
        or podero.OptimizationLevel.read(state.optimization_level) != changes.level
    ):
        return False
    deadline = [name for name in changes.changed() if name not in ("smart_optimization", "level")]
    if not deadline:
        return True
    if not isinstance(state, podero.ElectricVehicle):
        return False
    wanted = podero.DeviceChanges(**{name: getattr(changes, name) for name in deadline})
    return podero.DeviceChanges.deadline_of(state, deadline) == wanted


def _boost_shows(seen: Seen) -> bool | None:
    """Charge now: running or starting is applied; offered and not charging is not. A boost armed for the next
    plug-in is not shown at all (podero-api.md §5.5), so an unplugged car cannot tell."""
    if not isinstance(seen, podero.ElectricVehicle | Wallbox):  # a wallbox's boost reads the same (§5.5, §7)
        return None
    if seen.boost_requested or seen.boost_running:
        return True
    if seen.boost_offered and seen.is_plugged_in:
        return False
    return None


def _writes_the_week(change: Change) -> bool:
    return change.request_method == "PUT" and change.request_path.endswith("/charge-policy")


def _not_read(change: Change, exc: podero.PoderoError) -> bool:
    """Count a read that failed; after SETTLE_PENDING_TRIES of them the row is settled as unchecked."""
    Change.objects.filter(pk=change.pk, outcome=Change.Outcome.PENDING).update(checks=F("checks") + 1)
    change.refresh_from_db(fields=["checks"])
    if change.checks < settings.SETTLE_PENDING_TRIES:
        return False
    detail = f"No answer came; Podero could not be read back {change.checks} times ({type(exc).__name__})."
    return settle_afterwards(change, Change.Outcome.UNCHECKED, detail)
