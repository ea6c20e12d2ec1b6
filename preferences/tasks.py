"""Background tasks, run by `manage.py db_worker` (Django's tasks framework, stored in the database)."""

from django.tasks import task
from django.utils import timezone

from preferences import absences, trips


@task
def resume_after_absence(absence_id: int) -> None:
    absences.resume_if_due(absence_id=absence_id, now=timezone.now())


@task
def restore_after_trip(trip_id: int) -> None:
    trips.restore_if_due(trip_id=trip_id, now=timezone.now())
