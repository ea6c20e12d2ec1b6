"""What the background worker's three schedules share (absences.py, timed_pause.py, trips.py): a task run for
one record at a set time, run again later while Podero is down, and who set it up."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.tasks import Task
from django.utils import timezone

from preferences.services import Actor


def run_at(task: Task[[int], None], pk: int, at: datetime) -> None:
    """Queue `task` for the record `pk` to run at `at` (the worker, `manage.py db_worker`, runs it then)."""
    task.using(run_after=at).enqueue(pk)


def retry_later(task: Task[[int], None], pk: int, attempts: int) -> None:
    """Queue `task` again after the `attempts`-th failure: from when this attempt ended, not began, since Podero's
    timeouts may have taken a while; waiting longer each time (ABSENCE_RETRY_DELAYS)."""
    run_at(task, pk, timezone.now() + retry_delay(attempts))


def retry_delay(attempts: int) -> timedelta:
    delays = settings.ABSENCE_RETRY_DELAYS
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def user_of(actor: Actor) -> User | None:
    """The login who set a schedule up, for its `created_by`; None for the portal on its own."""
    return actor if isinstance(actor, User) else None
