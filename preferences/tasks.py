"""Background tasks, run by `manage.py db_worker` (Django's tasks framework, stored in the database).

Each task lives beside what it does, so no module imports this one; it names them all, for the worker and for
tasks queued under this module's path.
"""

from preferences.absences import resume_after_absence
from preferences.timed_pause import resume_after_timed_pause
from preferences.trips import restore_after_trip

__all__ = ["restore_after_trip", "resume_after_absence", "resume_after_timed_pause"]
