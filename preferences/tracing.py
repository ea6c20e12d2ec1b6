"""What ties one click's log lines together: the request id, carried from the web request into the worker's jobs
and into every Podero call's log lines (podero_portal/logs.py puts it on each record).

The middleware (podero_portal/request_ids.py) sets it for a web request; `jobs.run_at` stores it with the job, and
the job sets it again while it runs. `in_background()` tells the Podero client that nobody waits on this call, so it
may wait for the shared rate limit as long as it takes.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_background: ContextVar[bool] = ContextVar("background", default=False)


def current_request_id() -> str:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def in_background() -> bool:
    return _background.get()


@contextmanager
def request_id(value: str, *, background: bool = False) -> Iterator[str]:
    """Run the block as part of the request `value` (a new id if empty)."""
    value = value or new_request_id()
    token = _request_id.set(value)
    background_token = _background.set(background)
    try:
        yield value
    finally:
        _request_id.reset(token)
        _background.reset(background_token)
