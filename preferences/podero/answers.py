"""What was odd about an answer from Podero, said once: one log line per unexpected answer.

Readers (json_fields, types) note what they could not read while the client reads an answer; the client then
logs one line with the method, the short path, the status and those notes. Lines name fields, types and
counts, never values: a body may carry personal data, and the token and secret never reach this module.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

logger = logging.getLogger(__name__)

_notes: ContextVar[list[str] | None] = ContextVar("podero_answer_notes", default=None)


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Collect the notes readers make while this block reads one answer."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def note(text: str) -> None:
    """Something in the answer being read could not be read as expected (no-op outside `collecting`)."""
    notes = _notes.get()
    if notes is not None:
        notes.append(text)


def log_unexpected(
    method: str, path: str, status: int | None, what: str, *, level: int = logging.WARNING
) -> None:
    """The one log line for an answer we did not expect: method, path, status and what was wrong."""
    logger.log(level, "Podero %s %s answered %s: %s", method, path, status or "nothing", what)
