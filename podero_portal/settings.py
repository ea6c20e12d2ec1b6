"""Settings for Podero Portal, read from the environment (a `.env` file is read when present).

`.env.example` documents every variable. With nothing set, the portal runs against the local Podero sandbox.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from preferences.podero.base_url import host_root

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# pytest (>= 8.2) sets PYTEST_VERSION; tests may run without a real secret, production may not.
RUNNING_TESTS = "PYTEST_VERSION" in os.environ


def _required(name: str, *, dev_default: str) -> str:
    """A setting that must be set in production; development and tests get `dev_default`."""
    value: str = env.str(name, default="")
    if value:
        return value
    if DEBUG or RUNNING_TESTS:
        return dev_default
    raise ImproperlyConfigured(f"{name} is not set. Set it in the environment or in .env (see .env.example).")


SECRET_KEY = _required("SECRET_KEY", dev_default="insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS and not RUNNING_TESTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set. List the portal's host names, comma-separated.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    # Before django_tasks_db: its `db_worker` command is ours (preferences/management/commands/db_worker.py), which
    # sweeps overdue work when the worker starts.
    "preferences",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: the load balancer's probe is answered before host checks, HTTPS redirects and sessions.
    "podero_portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the footer's choice (a cookie), else the browser's Accept-Language, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A click after the session ended goes to the login page, then back to the page (not into the card).
    "podero_portal.session_expiry.LoginRedirectMiddleware",
    "podero_portal.fragments.CompactHtmxFragmentsMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "podero_portal.urls"
WSGI_APPLICATION = "podero_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Plain <input>s without a template each (podero_portal/form_renderer.py).
FORM_RENDERER = "podero_portal.form_renderer.FormRenderer"

# Database and cache
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Keep connections between requests (each gunicorn thread holds at most one): PostgreSQL's max_connections
# must cover app servers x WEB_CONCURRENCY x GUNICORN_THREADS, plus a Podero pool thread per worker when the
# cache is the database.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads and processes write (sessions, the database cache): take the write lock when a
    # transaction starts, so they wait their turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
if RUNNING_TESTS and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests send requests from parallel threads (tests/test_one_write_per_intent.py). SQLite in memory, shared
    # between connections, fails them with "table is locked"; a file waits its turn, as in production.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"podero-portal-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds what every app server must agree on: the Podero token, the circuit breaker, device state
# and a copy of each session (login throttling lives in the database). Redis when REDIS_URL is set; otherwise the
# database (run `manage.py createcachetable`), so several app servers still share it. A per-process cache
# only in development and tests.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_BACKEND = env.str(
    "CACHE_BACKEND", default="redis" if REDIS_URL else "locmem" if DEBUG or RUNNING_TESTS else "database"
)
_CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="podero-portal")
if CACHE_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("CACHE_BACKEND is redis, but REDIS_URL is not set.")
    CACHES = {
        "default": {
            "BACKEND": "podero_portal.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _CACHE_KEY_PREFIX,
        }
    }
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "KEY_PREFIX": _CACHE_KEY_PREFIX,
        }
    }
elif CACHE_BACKEND == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be redis, database or locmem, not {CACHE_BACKEND!r}.")
# Rendered HTML that depends only on what its key names (templates' {% cache ... using="fragments" %}): per
# process, so a deploy starts it empty and no app server serves another release's HTML.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Background work (resuming devices after an absence): stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds to wait before trying again to resume a device after an absence, while Podero is down.
ABSENCE_RETRY_DELAYS = [int(s) for s in env.list("ABSENCE_RETRY_DELAYS", default=["60", "120", "300", "900"])]

# One write per intent (preferences/single_flight.py): identical requests wait up to WAIT seconds for the one
# that runs, whose lock expires after LOCK seconds (longer than any Podero call with its retries), and whose
# outcome answers identical requests for REPLAY seconds after it.
SINGLE_FLIGHT_LOCK_SECONDS = env.int("SINGLE_FLIGHT_LOCK_SECONDS", default=60)
SINGLE_FLIGHT_WAIT_SECONDS = env.float("SINGLE_FLIGHT_WAIT_SECONDS", default=40)
SINGLE_FLIGHT_REPLAY_SECONDS = env.int("SINGLE_FLIGHT_REPLAY_SECONDS", default=10)

# How long after a change the homeowner is offered "Undo".
UNDO_WINDOW_SECONDS = env.int("UNDO_WINDOW_SECONDS", default=300)

# Accounts
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "preferences:dashboard"
LOGOUT_REDIRECT_URL = "login"
# A form from a page opened before the last login: a note in the card asking to reload, not Django's page.
CSRF_FAILURE_VIEW = "podero_portal.errors.csrf_failure"

# Login throttling (django-axes), for homeowners and the admin alike: AXES_FAILURE_LIMIT wrong passwords for
# one username from one address lock that pair out for AXES_COOLOFF_MINUTES. Counters live in the database,
# so every app server sees the same count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "preferences.accounts.LoginWithHomeowner",
    # Sessions started before LoginWithHomeowner name this one; they stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "podero_portal.login_throttling.username"
AXES_CLIENT_IP_CALLABLE = "podero_portal.login_throttling.client_ip"
# How many proxies (load balancer, CDN) append to X-Forwarded-For in front of the portal. 0: use the
# connection's address. Set it only when those proxies overwrite any X-Forwarded-For a client sends.
TRUSTED_PROXY_COUNT: int = env.int("TRUSTED_PROXY_COUNT", default=0)

# Password-reset mails per hour, per address (whether an account uses it or not) and per client address.
PASSWORD_RESET_MAILS_PER_ADDRESS = env.int("PASSWORD_RESET_MAILS_PER_ADDRESS", default=3)
PASSWORD_RESET_MAILS_PER_CLIENT = env.int("PASSWORD_RESET_MAILS_PER_CLIENT", default=10)

_DEV_EMAIL = "django.core.mail.backends.console.EmailBackend"
_SMTP_EMAIL = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_NAME = env.str("EMAIL_BACKEND", default=_DEV_EMAIL if DEBUG or RUNNING_TESTS else _SMTP_EMAIL)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME == _SMTP_EMAIL:
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=587),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date and time formats per language (podero_portal/formats), over Django's own.
FORMAT_MODULE_PATH = ["podero_portal.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files: collected, hashed and compressed, served by whitenoise.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions are kept in the database and read from the shared cache: one cache read instead of one query on every
# logged-in request (a toggle's own overhead fell by about 2 ms in `make bench`). A logout or a session that
# ends removes both; a session the cache lost is read from the database again.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Secure by default in production: HTTPS only (redirect, HSTS for a year, Secure cookies). Each can be turned
# off explicitly, as `make serve` does for plain HTTP on loopback; development and tests default to off.
_SECURE_DEFAULT = not DEBUG and not RUNNING_TESTS
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_SECURE_DEFAULT)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=_SECURE_DEFAULT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _SECURE_DEFAULT else 0)
# With HSTS on, the portal's own subdomains are HTTPS-only too, and the header allows preloading.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
if env.bool("BEHIND_TLS_PROXY", default=False):
    # Behind a load balancer that ends TLS: it must set X-Forwarded-Proto itself and drop any a client sent,
    # or clients could make plain HTTP pass for HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Podero. With no PODERO_BASE_URL the portal talks to the local sandbox on SANDBOX_PORT (`make run` starts it
# there), whose organisation and credentials are public demo values (podero_sandbox). PODERO_BASE_URL may be
# the host root or the API base; plain http:// is refused unless it is loopback (preferences/podero/base_url.py).
SANDBOX_PORT = env.int("SANDBOX_PORT", default=8765)
PODERO_SANDBOX_URL = f"http://127.0.0.1:{SANDBOX_PORT}"
try:
    PODERO_BASE_URL = host_root(env.str("PODERO_BASE_URL", default=PODERO_SANDBOX_URL))
except ValueError as _refused:
    raise ImproperlyConfigured(f"PODERO_BASE_URL {_refused}") from None
_SANDBOX_CREDENTIALS = {
    "PODERO_ORG_ID": "8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d",
    "PODERO_CLIENT_ID": "sandbox-client",
    "PODERO_CLIENT_SECRET": "sandbox-secret",
}


def _podero_credential(name: str) -> str:
    value: str = env.str(name, default="")
    if value:
        return value
    if urlsplit(PODERO_BASE_URL).scheme == "http":  # only allowed on loopback: a local sandbox
        return _SANDBOX_CREDENTIALS[name]
    raise ImproperlyConfigured(f"{name} is not set, and PODERO_BASE_URL points at {PODERO_BASE_URL}.")


PODERO_ORG_ID = _podero_credential("PODERO_ORG_ID")
PODERO_CLIENT_ID = _podero_credential("PODERO_CLIENT_ID")
PODERO_CLIENT_SECRET = _podero_credential("PODERO_CLIENT_SECRET")
PODERO_CONNECT_TIMEOUT = env.float("PODERO_CONNECT_TIMEOUT", default=3.05)
PODERO_READ_TIMEOUT = env.float("PODERO_READ_TIMEOUT", default=8.0)
# How long what Podero said about a device is fresh (podero-api.md §11 suggests ~30 s); 0 = always ask. After
# that it is stale for PODERO_DEVICE_CACHE_STALE_SECONDS more: shown while one request refreshes it.
PODERO_DEVICE_CACHE_SECONDS = env.int("PODERO_DEVICE_CACHE_SECONDS", default=30)
PODERO_DEVICE_CACHE_STALE_SECONDS = env.int("PODERO_DEVICE_CACHE_STALE_SECONDS", default=30)
# Savings, energy history and past charging sessions change slowly: pages read them from the shared cache.
PODERO_HISTORY_CACHE_SECONDS = env.int("PODERO_HISTORY_CACHE_SECONDS", default=3600)
# My devices waits at most this long for Podero's lists, then shows what it has. Keep gunicorn's timeout
# (GUNICORN_TIMEOUT) well above it and above the connect + read timeouts.
PODERO_DASHBOARD_DEADLINE = env.float("PODERO_DASHBOARD_DEADLINE", default=5.0)
# Circuit breaker (preferences/podero/breaker.py): this many failures within the window open it for the
# cooldown, in every process at once; PODERO_BREAKER_FAILURES=0 turns it off.
PODERO_BREAKER_FAILURES = env.int("PODERO_BREAKER_FAILURES", default=5)
PODERO_BREAKER_WINDOW = env.float("PODERO_BREAKER_WINDOW", default=30)
PODERO_BREAKER_COOLDOWN = env.float("PODERO_BREAKER_COOLDOWN", default=15)

# The sweeper (preferences/sweeper.py), a job the worker runs every SWEEP_SECONDS and once when it starts: it takes
# over a put-back (the end of a timed pause, a trip target, an absence) claimed longer ago than CLAIM_STALE_SECONDS
# and still not settled (its worker died), and settles an audit row still pending after
# SETTLE_PENDING_AFTER_SECONDS (longer than any Podero call: SINGLE_FLIGHT_LOCK_SECONDS) by reading the device
# back, giving up after SETTLE_PENDING_TRIES reads that fail.
SWEEP_SECONDS = env.float("SWEEP_SECONDS", default=15)
CLAIM_STALE_SECONDS = env.float(
    "CLAIM_STALE_SECONDS", default=2 * (PODERO_CONNECT_TIMEOUT + PODERO_READ_TIMEOUT)
)
SETTLE_PENDING_AFTER_SECONDS = env.float("SETTLE_PENDING_AFTER_SECONDS", default=SINGLE_FLIGHT_LOCK_SECONDS)
SETTLE_PENDING_TRIES = env.int("SETTLE_PENDING_TRIES", default=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
