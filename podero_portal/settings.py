"""Settings for Podero Portal, read from the environment (a `.env` file is read when present).

`.env.example` documents every variable. With nothing set, the portal runs against the local Podero sandbox.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# pytest (>= 8.2) sets PYTEST_VERSION; tests may run without a real secret, production may not.
RUNNING_TESTS = "PYTEST_VERSION" in os.environ


def _required(name: str, *, dev_default: str) -> str:
    """A setting that must be set in production; development and tests get `dev_default`."""
    value = env.str(name, default="")
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
    "preferences",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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

# Database and cache
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="podero-portal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
MAILERS = {"default": {"BACKEND": env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")

# Internationalisation
LANGUAGE_CODE = "en"
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
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG and not RUNNING_TESTS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
if env.bool("BEHIND_TLS_PROXY", default=False):
    # Only behind a proxy that strips and sets this header itself; otherwise clients could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Podero. With no PODERO_BASE_URL the portal talks to the local sandbox (`make run` starts it), whose
# organisation and credentials are public demo values (preferences/podero/sandbox).
PODERO_SANDBOX_URL = "http://127.0.0.1:8765"
PODERO_BASE_URL = env.str("PODERO_BASE_URL", default=PODERO_SANDBOX_URL).rstrip("/")
_SANDBOX_CREDENTIALS = {
    "PODERO_ORG_ID": "8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d",
    "PODERO_CLIENT_ID": "sandbox-client",
    "PODERO_CLIENT_SECRET": "sandbox-secret",
}


def _podero_credential(name: str) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if PODERO_BASE_URL == PODERO_SANDBOX_URL:
        return _SANDBOX_CREDENTIALS[name]
    raise ImproperlyConfigured(f"{name} is not set, and PODERO_BASE_URL points at {PODERO_BASE_URL}.")


PODERO_ORG_ID = _podero_credential("PODERO_ORG_ID")
PODERO_CLIENT_ID = _podero_credential("PODERO_CLIENT_ID")
PODERO_CLIENT_SECRET = _podero_credential("PODERO_CLIENT_SECRET")
PODERO_CONNECT_TIMEOUT = env.float("PODERO_CONNECT_TIMEOUT", default=3.05)
PODERO_READ_TIMEOUT = env.float("PODERO_READ_TIMEOUT", default=8.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
