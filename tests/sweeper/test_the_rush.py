"""The 07:00 rush in small: put-backs due at the same moment, two worker processes (with threads) on the one queue,
one rate limit shared through the cache: each device is put back once, and never more calls in a second than set."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from preferences import jobs
from preferences.accounts import save_homeowner
from preferences.models import Device, TimedPause
from tests.worker import WorkerProcess, eventually

DATABASE_CACHE = "podero_portal.db_cache.UpsertDatabaseCache"
PUT_BACKS = 24
CALLS_PER_SECOND = 8


@pytest.mark.django_db(transaction=True)
def test_two_workers_put_each_device_back_once_within_the_shared_rate(sandbox, settings, tmp_path):
    # The worker processes share the database cache (the tests' own is in memory): its table, in the test database.
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": DATABASE_CACHE, "LOCATION": "portal_cache"}}
    call_command("createcachetable")
    spec = {"heat_pumps": PUT_BACKS, "electric_vehicles": 0, "inverters": 0}
    user = sandbox.control("POST", "users", spec)
    homeowner, _ = save_homeowner(email="rush@example.com", podero_user_id=user["id"])
    # Due once the workers run (a worker's first sweep would otherwise put every one back on its own).
    due = timezone.now() + timedelta(seconds=8)
    for device in user["devices"]:
        sandbox.set_device(device["id"], is_smart_optimization_active=False)
        row = Device.objects.create(
            homeowner=homeowner, kind=device["kind"], podero_id=device["id"], synced_at=due
        )
        pause = TimedPause.objects.create(
            device=row, length=TimedPause.Length.MORNING, ends_at=due, created_at=due
        )
        jobs.run_at(jobs.resume_after_timed_pause, pause.pk, due)
    sandbox.clear_requests()
    # The limit is shared through the cache: the database cache here, as every worker process reads the same one.
    env = {
        "PODERO_MAX_CALLS_PER_SECOND": str(CALLS_PER_SECOND),
        "WORKER_THREADS": "3",
        "CACHE_BACKEND": "database",
    }

    with (
        WorkerProcess(sandbox.url, tmp_path / "a.log", **env),
        WorkerProcess(sandbox.url, tmp_path / "b.log", **env),
    ):
        eventually(
            lambda: not TimedPause.objects.filter(status=TimedPause.Status.ACTIVE).exists(),
            seconds=60,
            what="every put-back done",
        )

    puts = [r for r in sandbox.requests() if r["method"] == "PUT"]
    assert len(puts) == PUT_BACKS
    assert max(Counter(r["path"] for r in puts).values()) == 1
    # The limiter admits CALLS_PER_SECOND per second of its own; a call admitted at the end of one arrives at the
    # sandbox early in the next, so any two seconds in a row hold at most twice the rate.
    per_second = Counter(int(r["at"]) for r in puts)
    assert max(per_second[s] + per_second[s + 1] for s in per_second) <= 2 * CALLS_PER_SECOND
    assert all(sandbox.device(d["id"])["is_smart_optimization_active"] is not False for d in user["devices"])
    workers = {
        worker
        for result in DBTaskResult.objects.filter(task_path=jobs.resume_after_timed_pause.module_path)
        for worker in result.worker_ids
    }
    assert len(workers) >= 2, "several workers took put-backs from the one queue"
