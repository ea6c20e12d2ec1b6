"""The portal's Prometheus metrics (prometheus-client), defined once; `/metrics` serves them (metrics_view.py).

Counters and histograms live in each process. Under gunicorn, with PROMETHEUS_MULTIPROC_DIR set (`make serve`
and the bench set it; gunicorn.conf.py cleans up after a dead worker), every process writes them to files in that
directory and a scrape of any one process adds them all up. What must be the same whichever process answers, the
worker's backlog, the lag of due work, failed jobs and the breakers' state, is read from the database and the
shared cache at scrape time (metrics_view.py), so it also covers workers on other machines.

Labels are low-cardinality by design: a view's name, never a URL with ids in it; Podero's endpoint family, never
a path.
"""

from prometheus_client import Counter, Histogram

# Latency buckets for calls that go across the network (seconds).
NETWORK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 4.0, 8.0, 16.0)

REQUESTS = Counter(
    "portal_requests_total", "Requests answered, by view and HTTP status.", ["view", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "portal_request_seconds", "Time to answer a request, by view.", ["view"], buckets=NETWORK_BUCKETS
)
PODERO_CALLS = Counter(
    "podero_calls_total",
    "Calls to Podero by endpoint family (insights, device_reads, writes), method and status "
    "('none' = no answer, 'circuit_open' = not sent).",
    ["family", "method", "status"],
)
PODERO_SECONDS = Histogram(
    "podero_call_seconds",
    "Time of one call to Podero (retries included), by endpoint family.",
    ["family"],
    buckets=NETWORK_BUCKETS,
)
PODERO_RATE_WAIT_SECONDS = Histogram(
    "podero_rate_limit_wait_seconds",
    "Time a call waited for a place under PODERO_MAX_CALLS_PER_SECOND.",
    buckets=(0.0, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
)
CACHE_LOOKUPS = Counter(
    "portal_cache_lookups_total",
    "Lookups of Podero's answers in the shared cache, by what (device, list, policy) and result "
    "(fresh, stale, miss).",
    ["what", "result"],
)
ONE_WRITE_WAITS = Histogram(
    "portal_one_write_wait_seconds",
    "Time a write waited for its turn on a device: 'led' made the call, 'followed' shared another's outcome, "
    "'gave_up' waited SINGLE_FLIGHT_WAIT_SECONDS in vain.",
    ["role"],
    buckets=(0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0),
)
JOBS = Counter("worker_jobs_total", "Jobs the background worker ran, by job and outcome.", ["job", "outcome"])
