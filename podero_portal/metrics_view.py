"""`/metrics` in Prometheus' text format, for operators only: a scraper with `Authorization: Bearer
<METRICS_TOKEN>`, or a superuser who is logged in. Anyone else gets the portal's 404, as if it did not exist.

Besides the counters of metrics.py, a scrape reads what must not depend on which process answers it:
- the worker's backlog (jobs ready now), the lag of the oldest job that is due and not yet started, and jobs that
  failed, from the tasks table every worker on every machine shares;
- put-backs whose time has come and which are still active (timed pauses, trip targets, absences);
- each endpoint family's breaker, from the shared cache.
"""

import hmac
import os
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db.models import Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from preferences.models import Absence, TimedPause, TripTarget
from preferences.podero.client import get_client


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not is_operator(request):
        raise Http404
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        for collector in list(PROCESS_REGISTRY._collector_to_names):
            registry.register(collector)
    registry.register(SharedState())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def is_operator(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_superuser)


class SharedState(Collector):
    """Read at each scrape from the database and the shared cache."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        due = DBTaskResult.objects.ready()
        backlog = GaugeMetricFamily("worker_backlog", "Jobs due now and not yet started.")
        backlog.add_metric([], due.count())
        yield backlog
        # A job queued without a time is due from when it was queued (django-tasks-db stores "no time" as the
        # latest date there is).
        oldest = due.aggregate(
            timed=Min("run_after", filter=~Q(run_after=get_date_max())),
            untimed=Min("enqueued_at", filter=Q(run_after=get_date_max())),
        )
        since = min((moment for moment in oldest.values() if moment is not None), default=None)
        lag = GaugeMetricFamily(
            "worker_lag_seconds",
            "How long the oldest job that is due has waited past its time (0: none waits).",
        )
        lag.add_metric([], max((now - since).total_seconds(), 0.0) if since else 0.0)
        yield lag
        failed = GaugeMetricFamily(
            "worker_failed_jobs", "Jobs that ended with an error, as the tasks table keeps them."
        )
        failed.add_metric([], DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count())
        yield failed
        yield _overdue_put_backs(now)
        breaker = GaugeMetricFamily(
            "podero_breaker_open", "1 while an endpoint family's breaker refuses calls.", labels=["family"]
        )
        for family, is_open in get_client().open_breakers().items():
            breaker.add_metric([family], 1.0 if is_open else 0.0)
        yield breaker


def _overdue_put_backs(now: datetime) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily(
        "portal_put_backs_due", "Active put-backs whose time has come (claimed or not).", labels=["what"]
    )
    active = "active"
    gauge.add_metric(["timed_pause"], TimedPause.objects.filter(status=active, ends_at__lte=now).count())
    gauge.add_metric(["trip_target"], TripTarget.objects.filter(status=active, restore_at__lte=now).count())
    gauge.add_metric(["absence"], Absence.objects.filter(status=active, returns_at__lte=now).count())
    return gauge
