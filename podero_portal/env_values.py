"""The settings' environment variables, each checked as it is read.

A value the portal cannot use stops the start with a SettingError whose message names the variable, says what is
wrong with the value and what is expected, e.g. "CONN_MAX_AGE='abc' is not a whole number: set it to a whole
number of seconds, 0 or more (such as 60)." An unset variable gets its default; a set one is read as given.
"""

import logging
import math
import os
import uuid
import warnings
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

# django-environ reads each value as the settings always did, `$OTHER_VARIABLE` references included.
_environ = environ.Env()
_TRUE = environ.Env.BOOLEAN_TRUE_STRINGS
# What django-environ read as false (an empty value too); any other word is refused.
_FALSE = ("false", "off", "no", "n", "")
DATABASE_ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")
DATABASE_EXPECTED = (
    "postgres://user:password@host:5432/name (PostgreSQL) or sqlite:////path/to/db.sqlite3 (SQLite)"
)
REDIS_EXPECTED = "redis://host:6379/0 (rediss:// for TLS, unix:///path/to/redis.sock for a socket)"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class SettingError(ImproperlyConfigured):
    """An environment variable the portal cannot start with; the message names it and says what is expected."""


def _raw(name: str) -> str | None:
    if name not in os.environ:
        return None
    value: str = _environ.str(name)
    return value


def _refused(name: str, shown: str, problem: str, expected: str) -> SettingError:
    return SettingError(f"{name}={shown!r} {problem}: set it to {expected}.")


def text(name: str, default: str) -> str:
    """Free text, as given: an empty value stays empty."""
    value = _raw(name)
    return default if value is None else value


def required(name: str, *, stand_in: str | None, hint: str) -> str:
    """Text that must be set (not empty), unless there is a `stand_in` for it (development, the sandbox)."""
    value = text(name, "")
    if value:
        return value
    if stand_in is not None:
        return stand_in
    raise SettingError(f"{name} is not set. {hint}")


def text_list(name: str, default: Sequence[str]) -> list[str]:
    """Comma-separated text; blanks around an item and empty items are dropped."""
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def host_names(name: str, default: Sequence[str], *, debug: bool) -> list[str]:
    """ALLOWED_HOSTS: "*" (any Host header, so links in mails could point anywhere) only in development."""
    hosts = text_list(name, default)
    if "*" in hosts and not debug:
        raise _refused(
            name,
            text(name, ""),
            "lets any host name through, which only development (DEBUG=true) may",
            "the portal's host names, comma-separated, such as portal.example.com",
        )
    return hosts


def switch(name: str, default: bool) -> bool:
    """On or off: true/on/ok/y/yes or false/off/no/n, any case, or a whole number (0 is off)."""
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value) != 0
    except ValueError:
        pass
    word = value.strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise _refused(name, value, "is neither true nor false", "true or false")


def integer(name: str, default: int, *, unit: str = "", minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number (of `unit`s) from `minimum` to `maximum` (no upper bound when None)."""
    bounds = f"{minimum} or more" if maximum is None else f"{minimum} to {maximum}"
    expected = f"a whole number{f' of {unit}' if unit else ''}, {bounds} (such as {default})"
    value = _raw(name)
    return default if value is None else _integer(name, value, value, expected, minimum, maximum)


def port(name: str, default: int) -> int:
    value = _raw(name)
    expected = f"a port number, 1 to 65535 (such as {default})"
    return default if value is None else _integer(name, value, value, expected, 1, 65535)


def integer_list(name: str, default: Sequence[int], *, unit: str, minimum: int = 0) -> list[int]:
    """Comma-separated whole numbers, at least one (the code picks from the list by position)."""
    value = _raw(name)
    if value is None:
        return list(default)
    expected = f"whole numbers of {unit}, comma-separated, each {minimum} or more (such as {','.join(map(str, default))})"
    items = [item for item in value.split(",") if item.strip()]
    if not items:
        raise _refused(name, value, "lists nothing", expected)
    return [_integer(name, value, item, expected, minimum, None) for item in items]


def _integer(name: str, value: str, item: str, expected: str, minimum: int, maximum: int | None) -> int:
    """`item`, a whole number from `value` (the whole value, shown in the message), within its bounds."""
    where = "" if item == value else f"has {item.strip()!r}, which "
    try:
        number = int(item)
    except ValueError:
        problem = "is empty" if not value.strip() else f"{where}is not a whole number"
        raise _refused(name, value, problem, expected) from None
    if number < minimum:
        raise _refused(name, value, f"{where}is {'negative' if number < 0 else f'below {minimum}'}", expected)
    if maximum is not None and number > maximum:
        raise _refused(name, value, f"{where}is above {maximum}", expected)
    return number


def seconds(name: str, default: float, *, above_zero: bool = False) -> float:
    """A number of seconds such as 3.05: 0 or more, or more than 0 where 0 makes no sense."""
    value = _raw(name)
    if value is None:
        return default
    expected = f"a number of seconds, {'more than 0' if above_zero else '0 or more'} (such as {default:g})"
    try:
        result = float(value)
    except ValueError:
        result = math.nan
    if not math.isfinite(result):
        raise _refused(name, value, "is empty" if not value.strip() else "is not a number", expected)
    if result < 0 or (above_zero and result == 0):
        raise _refused(name, value, "is negative" if result < 0 else "is 0", expected)
    return result


def choice(name: str, default: str, options: Sequence[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in options:
        raise _refused(name, value, "is not one of the choices", _one_of(options))
    return value


def log_level(name: str, default: str) -> str:
    """One of Python's logging level names, in any case."""
    value = _raw(name)
    if value is None:
        return default
    if value.strip().upper() not in logging.getLevelNamesMapping():
        raise _refused(
            name, value, "is not a Python logging level", f"{_one_of(LOG_LEVELS)} (the least severe logged)"
        )
    return value.strip().upper()


def uuid_text(name: str, *, stand_in: str | None, hint: str) -> str:
    """A required UUID in its usual form (8-4-4-4-12 hexadecimal digits), kept as given."""
    value = required(name, stand_in=stand_in, hint=hint)
    try:
        canonical = str(uuid.UUID(value))
    except ValueError:
        canonical = ""
    if canonical != value.lower():
        raise _refused(name, value, "is not a UUID", "a UUID such as 8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d")
    return value


def parsed(name: str, default: str, parse: Callable[[str], str]) -> str:
    """Text brought to one form by `parse`, whose ValueError says what is wrong and what is expected."""
    try:
        return parse(text(name, default))
    except ValueError as refused:
        raise SettingError(f"{name} {refused}") from None


def database(name: str, default: str) -> dict[str, Any]:
    """Django's DATABASES entry for a PostgreSQL or SQLite URL, read by django-environ."""
    url = text(name, default)
    try:
        with warnings.catch_warnings():  # its warning about an unknown scheme would print the password
            warnings.simplefilter("ignore")
            config: dict[str, Any] = environ.Env.db_url_config(url)
    except ValueError:  # a port that is not a number, a broken IPv6 address
        config = {}
    engine = config.get("ENGINE")
    if engine not in DATABASE_ENGINES or not config.get("NAME"):
        raise _refused(
            name, _without_credentials(url), "is not a usable PostgreSQL or SQLite address", DATABASE_EXPECTED
        )
    return config


def redis_url(name: str) -> str:
    """A Redis address, or "" when unset or empty (no Redis)."""
    url = text(name, "")
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        usable = (parts.scheme in ("redis", "rediss") and bool(parts.hostname) and _is_port(parts.port)) or (
            parts.scheme == "unix" and bool(parts.path)
        )
    except ValueError:  # a port that is not a number, a broken IPv6 address
        usable = False
    if not usable:
        raise _refused(name, _without_credentials(url), "is not a Redis address", REDIS_EXPECTED)
    return url


def _is_port(port: int | None) -> bool:
    return port is None or 0 < port < 65536


def _without_credentials(url: str) -> str:
    """`url` with whatever comes before an @ (user and password) left out: the message goes into logs."""
    if "@" not in url:
        return url
    scheme, separator, _ = url.partition("://")
    return f"{scheme}{separator}…@{url.rpartition('@')[2]}" if separator else f"…@{url.rpartition('@')[2]}"


def _one_of(options: Sequence[str]) -> str:
    return f"{', '.join(options[:-1])} or {options[-1]}" if len(options) > 1 else options[0]
