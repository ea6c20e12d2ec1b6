"""Running the background worker inside a test, as `manage.py db_worker --batch` would."""

from django_tasks_db.management.commands.db_worker import Worker


def run_worker() -> None:
    """Run every task that is due now, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
