"""`manage.py db_worker`: django-tasks-db's worker, which first sweeps (preferences/sweeper.py): what a worker
that died left half-done is run again at once, and the periodic sweep is queued if none is.

`--threads N` runs N workers in one process, each taking jobs from the shared queue (the tasks table) as separate
processes do: a put-back mostly waits for Podero, so one process can keep several in flight, and the shared rate
limit (PODERO_MAX_CALLS_PER_SECOND) decides how fast the 07:00 rush drains, not the number of processes. Each
thread's worker id is the process's with `-<n>`. A signal stops the process as a signal stops one worker: jobs cut
off mid-call are run again by the sweeper (CLAIM_STALE_SECONDS), asking Podero first.
"""

import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from preferences import sweeper, tracing


class Command(db_worker.Command):
    help = (
        "Run the background worker: sweep overdue work first, then run tasks (django-tasks-db's db_worker)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WORKER_THREADS", "1")),
            help="Workers in this process, each taking jobs from the shared queue (default: WORKER_THREADS or 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reloads = options["reload"] and not options["batch"]
        # With --reload the command runs twice: in the process that watches the files, and in the worker itself.
        if not reloads or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            with tracing.request_id("", background=True):
                sweeper.sweep()
                sweeper.schedule_next()
        threads = max(1, options.pop("threads"))
        if threads > 1 and not reloads:
            self._start_more(threads - 1, options)
        super().handle(*args, **options)

    def _start_more(self, count: int, options: dict[str, Any]) -> None:
        for number in range(1, count + 1):
            worker = db_worker.Worker(
                queue_names=options["queue_name"].split(","),
                interval=options["interval"],
                batch=options["batch"],
                backend_name=options["backend_name"],
                startup_delay=options["startup_delay"],
                max_tasks=options["max_tasks"],
                worker_id=f"{options['worker_id'][:60]}-{number}",
                excluded_queue_names=(options["exclude_queues"] or "").split(",")
                if options["exclude_queues"]
                else [],
            )
            threading.Thread(target=_run, args=(worker,), name=f"db_worker-{number}", daemon=True).start()


def _run(worker: db_worker.Worker) -> None:
    try:
        worker.run()
    finally:
        connections.close_all()
