"""The sweeper: nothing the portal promised to do on its own is left half-done by a crash, a race or an outage.

Every put-back (the end of a timed pause, of a trip target, of an absence) is claimed, sent, then settled
(models.Scheduled), and may run more than once: it asks Podero first when an earlier attempt was cut off, so it
takes effect once. The sweeper runs every SWEEP_SECONDS (`jobs.sweep`, which queues the next one) and once when the
worker starts (`manage.py db_worker`), and runs again what is overdue: due and still active with no retry waiting
for later, or claimed longer ago than CLAIM_STALE_SECONDS (the worker that claimed it died). Before that it settles
the audit rows whose answer never came (audit/reconcile.py), and the sessions to add a device whose answer never
came (onboarding/actions.py). After it, it delivers the alert e-mails no worker sent and checks a few homeowners'
device connections (alerts/connections.py).
"""

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from preferences import jobs
from preferences.alerts import actions as alerts
from preferences.alerts import connections
from preferences.audit import reconcile
from preferences.away import actions as away
from preferences.charging import trips
from preferences.devices import timed_pause
from preferences.models import Absence, TimedPause, TripTarget
from preferences.onboarding import actions as onboarding

logger = logging.getLogger(__name__)

# Held while one process looks for a queued sweep and queues the next, so two never both queue one.
SCHEDULING_LOCK = "sweeper:scheduling"
SCHEDULING_LOCK_SECONDS = 5


@dataclass(frozen=True)
class Swept:
    """What one sweep did: audit rows settled, and the put-backs it ran again."""

    settled: int = 0
    pauses: int = 0
    trips: int = 0
    absences: int = 0
    alerts: int = 0

    def __bool__(self) -> bool:
        return any((self.settled, self.pauses, self.trips, self.absences, self.alerts))


def sweep() -> Swept:
    """Settle what is pending, then run again every overdue put-back (each with the time it starts at)."""
    swept = Swept(
        settled=reconcile.settle_pending(timezone.now()) + onboarding.settle_unanswered(timezone.now()),
        pauses=_run_each(
            overdue(TimedPause, "ends_at"),
            lambda pk: timed_pause.resume_if_due(pause_id=pk, now=timezone.now()),
        ),
        trips=_run_each(
            overdue(TripTarget, "restore_at"),
            lambda pk: trips.restore_if_due(trip_id=pk, now=timezone.now()),
        ),
        absences=_run_each(
            _overdue_absences(timezone.now()),
            lambda pk: away.resume_if_due(absence_id=pk, now=timezone.now()),
        ),
        alerts=_run_each(alerts.undelivered(), lambda pk: alerts.deliver(alert_id=pk, now=timezone.now())),
    )
    _check_connections()
    if swept:
        logger.info("Swept: %s", swept)
    return swept


def _check_connections() -> None:
    # Lapsed manufacturer connections are noticed here, a few homeowners per sweep (alerts/connections.py).
    try:
        connections.check_some(timezone.now())
    except Exception:
        logger.exception("The sweeper could not check connections; it tries again next time")


def overdue(model: type[TimedPause] | type[TripTarget], due: str) -> list[int]:
    """Active rows of `model` whose time (`due`) has come: unclaimed with no retry waiting for later, or claimed
    by a worker that was cut off."""
    now = timezone.now()
    unclaimed = Q(claimed_at__isnull=True) & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    cut_off = Q(claimed_at__lte=now - timedelta(seconds=settings.CLAIM_STALE_SECONDS))
    rows = model.objects.filter(unclaimed | cut_off, status="active", **{f"{due}__lte": now})
    return list(rows.values_list("pk", flat=True))


def _overdue_absences(now: datetime) -> list[int]:
    # Each device's resume runs once at a time (away/actions.py), so a device a dead worker claimed is simply
    # resumed again, asking Podero first.
    rows = Absence.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now), status=Absence.Status.ACTIVE, returns_at__lte=now
    )
    return list(rows.values_list("pk", flat=True))


def _run_each(pks: Iterable[int], run: Callable[[int], object]) -> int:
    count = 0
    for pk in pks:
        try:
            run(pk)
        except Exception:
            # One row that fails (a bug, a lost database connection) must not keep the others waiting.
            logger.exception("The sweeper could not finish row %s; it tries again next time", pk)
        count += 1
    return count


def schedule_next() -> None:
    """Queue the next sweep SWEEP_SECONDS from now, unless one is queued already: at most one waits, however many
    workers finish a sweep or start at once."""
    deadline = time.monotonic() + SCHEDULING_LOCK_SECONDS
    # A holder that died leaves the lock until it expires: then go ahead rather than leave no sweep queued.
    while (
        not cache.add(SCHEDULING_LOCK, True, timeout=SCHEDULING_LOCK_SECONDS) and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    try:
        queued = DBTaskResult.objects.filter(
            task_path=jobs.sweep.module_path, status=TaskResultStatus.READY
        ).exists()
        if not queued:
            jobs.sweep.using(run_after=timezone.now() + timedelta(seconds=settings.SWEEP_SECONDS)).enqueue()
    finally:
        cache.delete(SCHEDULING_LOCK)
