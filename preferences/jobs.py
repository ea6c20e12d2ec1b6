"""The background worker's jobs, in one place: each ends something at a set time (an absence, a timed pause, a
trip target) and is run again later while Podero is down; the sweep runs again what a crash left half-done
(sweeper.py). `manage.py db_worker` runs them (Django's tasks framework, stored in the database).

Each job carries the request id of the click that queued it (`request_id`, stored with the job's arguments): its
log lines, and its Podero calls' lines, carry it too (tracing.py), and its Podero calls wait for the shared rate
limit as long as it takes (nobody is waiting on them). A retry keeps the id of the click.

A job only names what it does: the concept's module (away.actions, devices.timed_pause, charging.trips) holds the
work, and schedules its job with `run_at` and `retry_later`. Those modules import this one, so a job imports its
module when it runs.
"""

import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.tasks import Task, task
from django.utils import timezone

from podero_portal import metrics
from preferences import tracing
from preferences.audit.record import Actor

logger = logging.getLogger(__name__)

PutBack = Task[[int, str], None]


def traced(work: Callable[[int], None]) -> Callable[[int, str], None]:
    """Run a put-back as part of the request that queued it, and count how it ended."""

    @functools.wraps(work)
    def run(pk: int, request_id: str = "") -> None:
        with tracing.request_id(request_id, background=True):
            logger.info("Job %s for row %s started", work.__name__, pk)
            try:
                work(pk)
            except Exception:
                metrics.JOBS.labels(work.__name__, "failed").inc()
                raise
            metrics.JOBS.labels(work.__name__, "done").inc()

    return run


@task
@traced
def resume_after_absence(absence_id: int) -> None:
    from preferences.away import actions

    actions.resume_if_due(absence_id=absence_id, now=timezone.now())


@task
@traced
def resume_after_timed_pause(pause_id: int) -> None:
    from preferences.devices import timed_pause

    timed_pause.resume_if_due(pause_id=pause_id, now=timezone.now())


@task
@traced
def restore_after_trip(trip_id: int) -> None:
    from preferences.charging import trips

    trips.restore_if_due(trip_id=trip_id, now=timezone.now())


@task
def deliver_alert(alert_id: int) -> None:
    from preferences.alerts import actions

    actions.deliver(alert_id=alert_id, now=timezone.now())


@task
def sweep() -> None:
    """Every SWEEP_SECONDS: settle what is pending and run again what is overdue; then queue the next sweep."""
    from preferences import sweeper

    with tracing.request_id("", background=True):
        try:
            sweeper.sweep()
        finally:
            sweeper.schedule_next()


def run_at(job: PutBack, pk: int, at: datetime) -> None:
    """Queue `job` for the record `pk` to run at `at` (the worker, `manage.py db_worker`, runs it then), as part of
    the current request."""
    job.using(run_after=at).enqueue(pk, tracing.current_request_id())


def retry_later(job: PutBack, pk: int, attempts: int) -> datetime:
    """Queue `job` again after the `attempts`-th failure: from when this attempt ended, not began, since Podero's
    timeouts may have taken a while; waiting longer each time (ABSENCE_RETRY_DELAYS). When it will run, for the
    record's `retry_at`."""
    at = timezone.now() + retry_delay(attempts)
    run_at(job, pk, at)
    return at


def retry_delay(attempts: int) -> timedelta:
    delays = settings.ABSENCE_RETRY_DELAYS
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def claim_is_free(claimed_at: datetime | None, now: datetime) -> bool:
    """Nobody is putting it back, or whoever claimed it at `claimed_at` was cut off: claimed longer ago than
    CLAIM_STALE_SECONDS and still not settled (models.Scheduled)."""
    return claimed_at is None or claimed_at <= now - timedelta(seconds=settings.CLAIM_STALE_SECONDS)


def try_is_due(retry_at: datetime | None, now: datetime) -> bool:
    """No retry is waiting for a later time: a job that runs before it (a duplicate, the sweeper) does nothing."""
    return retry_at is None or retry_at <= now


def user_of(actor: Actor) -> User | None:
    """The login who set a schedule up, for its `created_by`; None for the portal on its own."""
    return actor if isinstance(actor, User) else None
