"""Reading an answer tolerantly: a field that is missing, null or of an unexpected type becomes None, noted for
the answer's one log line (answers.py), instead of failing the whole answer."""

import logging
from collections.abc import Callable, Mapping
from typing import Any

from . import answers
from .errors import PoderoBadResponse
from .json_fields import to_float

logger = logging.getLogger(__name__)


class Reader:
    """Reads fields leniently and remembers which were unreadable, to log them once."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.unreadable: set[str] = set()

    def get[T](self, data: Any, name: str, convert: Callable[[Any], T]) -> T | None:
        if not isinstance(data, Mapping):
            return None
        value = data.get(name)
        if value is None:
            return None
        try:
            return convert(value)
        except (TypeError, ValueError):
            self.unreadable.add(name)
            return None

    def done(self) -> None:
        """Tell the answer's reader what was left out: it logs one line per answer (answers.py)."""
        if self.unreadable:
            answers.note(f"{self.what}: unreadable fields left out: {', '.join(sorted(self.unreadable))}")


def object_of(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PoderoBadResponse(f"{what}: expected an object, got {type(value).__name__}")
    return value


def list_of(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise PoderoBadResponse(f"{what}: expected a list, got {type(value).__name__}")
    return value


def unit_of(metadata: Any, *names: str) -> str:
    """The unit `metadata.units` gives the first of `names` ("consumption.total") under any key the docs allow:
    dotted, "consumption_total", "consumption/total", or nested ({"consumption": {"total": "Wh"}})."""
    units = metadata.get("units") if isinstance(metadata, Mapping) else None
    if not isinstance(units, Mapping):
        return ""
    for name in names:
        parts = name.split(".")
        nested: Any = units
        for part in parts:
            nested = nested.get(part) if isinstance(nested, Mapping) else None
        keys = (units.get(name), units.get("_".join(parts)), units.get("/".join(parts)), nested)
        for unit in keys:
            if isinstance(unit, str):
                return unit.strip().lower().replace(" ", "")
    return ""


def whole(value: Any) -> int:
    return round(to_float(value))
