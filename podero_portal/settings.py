"""Settings for Podero Portal, read from the environment (a `.env` file is read when present).

`.env.example` documents every variable. With nothing set, the portal runs against the local Podero sandbox.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP

from podero_portal import env_values as env
from podero_portal import logs
from podero_portal.cache_settings import BACKENDS, caches
from preferences.podero.base_url import host_root
from preferences.signin.issuer import SIGN_IN_CHOICES, form_action, issuer_of

BASE_DIR = Path(__file__).resolve().parent.parent

environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.switch("DEBUG", default=False)
# pytest (>= 8.2) sets PYTEST_VERSION; tests may run without a real secret, production may not.
RUNNING_TESTS = "PYTEST_VERSION" in os.environ
# What production must set; development and tests get a stand-in.
_DEVELOPMENT = DEBUG or RUNNING_TESTS
_SET_IT = "Set it in the environment or in .env (see .env.example)."

SECRET_KEY = env.required(
    "SECRET_KEY",
    stand_in="insecure-development-key-never-use-in-production" if _DEVELOPMENT else None,
    hint=_SET_IT,
)
ALLOWED_HOSTS = env.host_names(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [], debug=DEBUG
)
if not ALLOWED_HOSTS and not RUNNING_TESTS:
    raise env.SettingError("ALLOWED_HOSTS is not set. List the portal's host names, comma-separated.")
CSRF_TRUSTED_ORIGINS = env.text_list("CSRF_TRUSTED_ORIGINS", [])

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
    # A request id for the logs (and the worker's jobs), and the request counted in the metrics.
    "podero_portal.telemetry.TelemetryMiddleware",
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
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Keep connections between requests (each gunicorn thread holds at most one): PostgreSQL's max_connections
# must cover app servers x WEB_CONCURRENCY x GUNICORN_THREADS, plus a Podero pool thread per worker when the
# cache is the database.
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("CONN_MAX_AGE", 60, unit="seconds")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads and processes write (sessions, the database cache): take the write lock when a
    # transaction starts, so they wait their turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    # Write-ahead log: pages read while a worker writes (the 07:00 rush) instead of waiting for its lock, and a
    # commit appends to the log instead of rewriting a rollback journal. The file stays one database (plus its
    # -wal and -shm files beside it, which a backup must copy too, or use `sqlite3 .backup`).
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
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
REDIS_URL = env.redis_url("REDIS_URL")
CACHE_BACKEND = env.choice(
    "CACHE_BACKEND", "redis" if REDIS_URL else "locmem" if _DEVELOPMENT else "database", BACKENDS
)
CACHES = caches(CACHE_BACKEND, redis_url=REDIS_URL, key_prefix=env.text("CACHE_KEY_PREFIX", "podero-portal"))

# Background work (resuming devices after an absence): stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds to wait before trying again to resume a device after an absence, while Podero is down.
ABSENCE_RETRY_DELAYS = env.integer_list("ABSENCE_RETRY_DELAYS", [60, 120, 300, 900], unit="seconds")

# One write per intent (preferences/audit/single_flight.py): identical requests wait up to WAIT seconds for the
# one that runs, whose lock its holder renews while it works and which expires LOCK seconds after it stopped (a
# dead app server's), and whose outcome answers identical requests for REPLAY seconds after it.
SINGLE_FLIGHT_LOCK_SECONDS = env.integer("SINGLE_FLIGHT_LOCK_SECONDS", 5, unit="seconds", minimum=1)
SINGLE_FLIGHT_WAIT_SECONDS = env.seconds("SINGLE_FLIGHT_WAIT_SECONDS", 40)
SINGLE_FLIGHT_REPLAY_SECONDS = env.integer("SINGLE_FLIGHT_REPLAY_SECONDS", 10, unit="seconds")

# How long after a change the homeowner is offered "Undo".
UNDO_WINDOW_SECONDS = env.integer("UNDO_WINDOW_SECONDS", 300, unit="seconds")

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
    "preferences.signin.backend.CustomerAccountBackend",
    # Sessions started before LoginWithHomeowner name this one; they stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5, unit="wrong passwords", minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("AXES_COOLOFF_MINUTES", 15, unit="minutes", minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "podero_portal.login_throttling.username"
AXES_CLIENT_IP_CALLABLE = "podero_portal.login_throttling.client_ip"
# How many proxies (load balancer, CDN) append to X-Forwarded-For in front of the portal. 0: use the
# connection's address. Set it only when those proxies overwrite any X-Forwarded-For a client sends.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, unit="proxies")

# Password-reset mails per hour, per address (whether an account uses it or not) and per client address.
PASSWORD_RESET_MAILS_PER_ADDRESS = env.integer("PASSWORD_RESET_MAILS_PER_ADDRESS", 3, unit="mails per hour")
PASSWORD_RESET_MAILS_PER_CLIENT = env.integer("PASSWORD_RESET_MAILS_PER_CLIENT", 10, unit="mails per hour")

# Invitations (preferences/invitations/): how long a set-password link works; whether staff may create the
# customer's Podero user from the admin (POST /users, for partners who want it); whom customers should contact.
INVITATION_DAYS = env.integer("INVITATION_DAYS", 7, unit="days", minimum=1)
STAFF_CREATE_PODERO_USERS = env.switch("STAFF_CREATE_PODERO_USERS", default=False)
CUSTOMER_SERVICE_CONTACT = env.text("CUSTOMER_SERVICE_CONTACT", "")

_DEV_EMAIL = "django.core.mail.backends.console.EmailBackend"
_SMTP_EMAIL = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_NAME = env.text("EMAIL_BACKEND", _DEV_EMAIL if _DEVELOPMENT else _SMTP_EMAIL)
MAILERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME == _SMTP_EMAIL:
    MAILERS["default"]["OPTIONS"] = {
        "host": env.text("EMAIL_HOST", "localhost"),
        "port": env.port("EMAIL_PORT", 587),
        "username": env.text("EMAIL_HOST_USER", ""),
        "password": env.text("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env.switch("EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "portal@localhost")

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
_SECURE_DEFAULT = not _DEVELOPMENT
SECURE_SSL_REDIRECT = env.switch("SECURE_SSL_REDIRECT", default=_SECURE_DEFAULT)
SESSION_COOKIE_SECURE = env.switch("SECURE_COOKIES", default=_SECURE_DEFAULT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000 if _SECURE_DEFAULT else 0, unit="seconds")
# With HSTS on, the portal's own subdomains are HTTPS-only too, and the header allows preloading.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.switch("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.switch("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
if env.switch("BEHIND_TLS_PROXY", default=False):
    # Behind a load balancer that ends TLS: it must set X-Forwarded-Proto itself and drop any a client sent,
    # or clients could make plain HTTP pass for HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Podero. With no PODERO_BASE_URL the portal talks to the local sandbox on SANDBOX_PORT (`make run` starts it
# there), whose organisation and credentials are public demo values (podero_sandbox). PODERO_BASE_URL may be
# the host root or the API base; plain http:// is refused unless it is loopback (preferences/podero/base_url.py).
SANDBOX_PORT = env.port("SANDBOX_PORT", 8765)
PODERO_SANDBOX_URL = f"http://127.0.0.1:{SANDBOX_PORT}"
PODERO_BASE_URL = env.parsed("PODERO_BASE_URL", PODERO_SANDBOX_URL, host_root)
# The sandbox's public demo credentials stand in for unset ones only when Podero is a local sandbox.
_SANDBOX = urlsplit(PODERO_BASE_URL).scheme == "http"  # plain http:// is only allowed on loopback
_POINTS_AT = f"PODERO_BASE_URL points at {PODERO_BASE_URL}: set the credentials Podero gave you."
PODERO_ORG_ID = env.uuid_text(
    "PODERO_ORG_ID", stand_in="8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d" if _SANDBOX else None, hint=_POINTS_AT
)
PODERO_CLIENT_ID = env.required(
    "PODERO_CLIENT_ID", stand_in="sandbox-client" if _SANDBOX else None, hint=_POINTS_AT
)
PODERO_CLIENT_SECRET = env.required(
    "PODERO_CLIENT_SECRET", stand_in="sandbox-secret" if _SANDBOX else None, hint=_POINTS_AT
)
# The price zone a device added through Podero's Connect UI starts in (podero-api.md §9.3, `price_zone_default`).
PODERO_PRICE_ZONE = env.choice(
    "PODERO_PRICE_ZONE",
    "DE_LU",
    [
        "AT",
        "AT_HOURLY",
        "BE",
        "CH",
        "EE",
        "DE_LU",
        "HU",
        "IT_CNOR",
        "IT_CSUD",
        "IT_NORD",
        "IT_PUN",
        "IT_SARD",
        "IT_SICI",
        "IT_SUD",
        "PT",
        "RO",
        "SE_1",
        "SE_2",
        "SE_3",
        "SE_4",
        "UK",
    ],
)
PODERO_CONNECT_TIMEOUT = env.seconds("PODERO_CONNECT_TIMEOUT", 3.05, above_zero=True)

# Sign-in with the energy company's account (OpenID Connect, preferences/signin/, mozilla-django-oidc). `make run`
# starts a stand-in identity provider (podero_idp) on IDP_PORT, whose public demo client stands in for unset
# credentials in development only.
IDP_PORT = env.port("IDP_PORT", 8766)
OIDC_ISSUER = env.parsed(
    "OIDC_ISSUER", f"http://127.0.0.1:{IDP_PORT}" if DEBUG else "", lambda url: issuer_of(url) if url else ""
)
SIGN_IN_METHODS = env.choice("SIGN_IN_METHODS", "both" if OIDC_ISSUER else "password", SIGN_IN_CHOICES)
if SIGN_IN_METHODS != "password" and not OIDC_ISSUER:
    raise env.SettingError(
        f"SIGN_IN_METHODS={SIGN_IN_METHODS} needs OIDC_ISSUER: set it to the identity provider's issuer URL."
    )
_IDP_STAND_IN = DEBUG and urlsplit(OIDC_ISSUER).hostname == "127.0.0.1"
_ISSUER_HINT = (
    f"OIDC_ISSUER points at {OIDC_ISSUER}: set the client the identity provider registered for you."
)
OIDC_RP_CLIENT_ID = env.required(
    "OIDC_CLIENT_ID",
    stand_in="podero-portal" if _IDP_STAND_IN or not OIDC_ISSUER else None,
    hint=_ISSUER_HINT,
)
OIDC_RP_CLIENT_SECRET = env.required(
    "OIDC_CLIENT_SECRET",
    stand_in="stand-in-idp-secret" if _IDP_STAND_IN or not OIDC_ISSUER else None,
    hint=_ISSUER_HINT,
)
OIDC_CUSTOMER_NUMBER_CLAIM = env.text("OIDC_CUSTOMER_NUMBER_CLAIM", "customer_number") or "customer_number"
OIDC_RP_SCOPES = env.text("OIDC_SCOPES", "openid email profile") or "openid email profile"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the hint for the provider's end_session_endpoint at sign-out
OIDC_TIMEOUT = (3.05, 8.0)
OIDC_AUTHENTICATION_CALLBACK_URL = "signin:callback"
OIDC_OP_LOGOUT_URL_METHOD = "preferences.signin.provider.end_session_url"
SECURE_CSP["form-action"] = form_action(OIDC_ISSUER)
PODERO_READ_TIMEOUT = env.seconds("PODERO_READ_TIMEOUT", 8.0, above_zero=True)
# How long what Podero said about a device is fresh (podero-api.md §11 suggests ~30 s); 0 = always ask. After
# that it is stale for PODERO_DEVICE_CACHE_STALE_SECONDS more: shown while one request refreshes it.
PODERO_DEVICE_CACHE_SECONDS = env.integer("PODERO_DEVICE_CACHE_SECONDS", 30, unit="seconds")
PODERO_DEVICE_CACHE_STALE_SECONDS = env.integer("PODERO_DEVICE_CACHE_STALE_SECONDS", 30, unit="seconds")
# Savings, energy history and past charging sessions change slowly: pages read them from the shared cache.
PODERO_HISTORY_CACHE_SECONDS = env.integer("PODERO_HISTORY_CACHE_SECONDS", 3600, unit="seconds")
# My devices waits at most this long for Podero's lists, then shows what it has. Keep gunicorn's timeout
# (GUNICORN_TIMEOUT) well above it and above the connect + read timeouts.
PODERO_DASHBOARD_DEADLINE = env.seconds("PODERO_DASHBOARD_DEADLINE", 5.0, above_zero=True)
# Circuit breaker (preferences/podero/breaker.py): this many failures within the window open it for the
# cooldown, in every process at once; PODERO_BREAKER_FAILURES=0 turns it off.
PODERO_BREAKER_FAILURES = env.integer("PODERO_BREAKER_FAILURES", 5, unit="failures")
PODERO_BREAKER_WINDOW = env.seconds("PODERO_BREAKER_WINDOW", 30, above_zero=True)
PODERO_BREAKER_COOLDOWN = env.seconds("PODERO_BREAKER_COOLDOWN", 15, above_zero=True)

# The sweeper (preferences/sweeper.py), a job the worker runs every SWEEP_SECONDS and once when it starts: it takes
# over a put-back (the end of a timed pause, a trip target, an absence) claimed longer ago than CLAIM_STALE_SECONDS
# and still not settled (its worker died), and settles an audit row still pending after
# SETTLE_PENDING_AFTER_SECONDS (longer than any Podero call with its retries) by reading the device
# back, giving up after SETTLE_PENDING_TRIES reads that fail.
SWEEP_SECONDS = env.seconds("SWEEP_SECONDS", 15, above_zero=True)
CLAIM_STALE_SECONDS = env.seconds("CLAIM_STALE_SECONDS", 2 * (PODERO_CONNECT_TIMEOUT + PODERO_READ_TIMEOUT))
SETTLE_PENDING_AFTER_SECONDS = env.seconds("SETTLE_PENDING_AFTER_SECONDS", 60, above_zero=True)
SETTLE_PENDING_TRIES = env.integer("SETTLE_PENDING_TRIES", 5, unit="reads", minimum=1)

# Alerts (preferences/alerts/): an automatic action that keeps failing is told to the homeowner after
# ALERT_AFTER_TRIES tries (a refusal at once); each sweep checks the connections of at most
# ALERT_CONNECTION_CHECKS homeowners, those checked longest ago first. E-mails (alerts,
# invitations) link to PORTAL_URL, the portal's public address: set it in production.
ALERT_AFTER_TRIES = env.integer("ALERT_AFTER_TRIES", 3, unit="tries", minimum=1)
ALERT_CONNECTION_CHECKS = env.integer("ALERT_CONNECTION_CHECKS", 10, unit="homeowners per sweep")
PORTAL_URL = env.text("PORTAL_URL", "")
# Without PORTAL_URL: staff's invitations link to the address their request came to; the worker, which has no
# request, links alert e-mails to the development server's.
PORTAL_URL_FOR_THE_WORKER = PORTAL_URL or f"http://localhost:{env.port('PORTAL_PORT', 8000)}"

# JSON lines in production, plain lines in development; each with its request id (podero_portal/logs.py).
LOG_FORMAT = env.choice("LOG_FORMAT", "plain" if DEBUG else "json", ["json", "plain"])
LOGGING = logs.config(level=env.log_level("LOG_LEVEL", "INFO"), json=LOG_FORMAT == "json")

# The most calls per second the partner may make to Podero, shared by every app server and worker through the
# shared cache (preferences/podero/rate_limit.py); 0 = no limit.
PODERO_MAX_CALLS_PER_SECOND = env.integer("PODERO_MAX_CALLS_PER_SECOND", 0, unit="calls per second")
# Who may read /metrics: a scraper sending `Authorization: Bearer <METRICS_TOKEN>`, or a superuser. Anyone else
# gets 404. Empty: superusers only.
METRICS_TOKEN = env.text("METRICS_TOKEN", "")
