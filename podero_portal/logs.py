"""Log records as operators read them: JSON lines in production (python-json-logger), plain lines in development,
each with the request id of the click it belongs to (preferences/tracing.py), in the portal, the worker's jobs and
the Podero client's lines alike.

`Scrub` is the last guard against a value that must never reach a log: a bearer token, a client secret in a form
body, an e-mail address. The log lines themselves are written to name fields, not values (podero/answers.py).
"""

import logging
import re
from typing import Any

from preferences import tracing

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
JSON_RENAMES = {"asctime": "time", "levelname": "level", "name": "logger"}

_SECRETS = (
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), r"\1 [hidden]"),
    (re.compile(r"(?i)\b(client_secret|access_token|refresh_token|password)=[^&\s]+"), r"\1=[hidden]"),
    (re.compile(r"(?i)(\"(?:client_secret|access_token|password)\"\s*:\s*)\"[^\"]*\""), r'\1"[hidden]"'),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
)


class RequestId(logging.Filter):
    """Puts the current request id on every record (empty outside a request or job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = tracing.current_request_id() or "-"
        return True


class Scrub(logging.Filter):
    """Hides tokens, secrets and e-mail addresses in a record's message (and its arguments, once merged)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


def scrub(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def config(*, level: str, json: bool) -> dict[str, Any]:
    """Django's LOGGING: one console handler, JSON or plain, with the request id and the scrubbing."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": JSON_RENAMES,
        }
        if json
        else {"format": PLAIN_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "podero_portal.logs.RequestId"},
            "scrub": {"()": "podero_portal.logs.Scrub"},
        },
        "formatters": {"console": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "console",
                "filters": ["request_id", "scrub"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
