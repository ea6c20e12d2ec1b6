"""`manage.py db_worker`: django-tasks-db's worker, which first sweeps (preferences/sweeper.py): what a worker
that died left half-done is run again at once, and the periodic sweep is queued if none is."""

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from preferences import sweeper


class Command(db_worker.Command):
    help = (
        "Run the background worker: sweep overdue work first, then run tasks (django-tasks-db's db_worker)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reloads = options["reload"] and not options["batch"]
        # With --reload the command runs twice: in the process that watches the files, and in the worker itself.
        if not reloads or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            sweeper.sweep()
            sweeper.schedule_next()
        super().handle(*args, **options)
