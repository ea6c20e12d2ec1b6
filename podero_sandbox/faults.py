"""Fault rules: make the next matching API requests slow, failing, garbled or cut off."""

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class FaultRule:
    id: int
    status: int | None = None
    count: int | None = None
    retry_after: str | None = None
    latency_ms: float = 0
    hang_seconds: float = 0
    malformed: bool = False
    drop_connection: bool = False
    method: str | None = None
    path_contains: str | None = None
    body: Any = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_contains is None or self.path_contains in path

    @property
    def decides_answer(self) -> bool:
        return self.status is not None or bool(self.hang_seconds) or self.malformed or self.drop_connection

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FaultPlan:
    """What the faults say about one request: extra latency, and the rule that decides the answer."""

    latency_ms: float = 0
    rule: FaultRule | None = None


_TYPES: dict[str, tuple[type, ...]] = {
    "status": (int,),
    "count": (int,),
    "retry_after": (str, int),
    "latency_ms": (int, float),
    "hang_seconds": (int, float),
    "malformed": (bool,),
    "drop_connection": (bool,),
    "method": (str,),
    "path_contains": (str,),
    "body": (dict, list, str, int, float, bool),
}


def parse_rule(rule_id: int, spec: Any) -> FaultRule:
    """A rule from its JSON; raises ValueError naming what is wrong."""
    if not isinstance(spec, dict):
        raise ValueError("a fault rule is a JSON object")
    unknown = sorted(set(spec) - set(_TYPES))
    if unknown:
        raise ValueError(f"unknown fault rule keys: {', '.join(unknown)}")
    for key, value in spec.items():
        _check_type(key, value)
    if spec.get("status") is not None and not 100 <= spec["status"] <= 599:
        raise ValueError("status must be an HTTP status code")
    if spec.get("count") is not None and spec["count"] < 1:
        raise ValueError("count must be at least 1 (or null for until cleared)")
    values = {key: value for key, value in spec.items() if value is not None}
    if "retry_after" in values:
        values["retry_after"] = str(values["retry_after"])
    return FaultRule(id=rule_id, **values)


def _check_type(key: str, value: Any) -> None:
    expected = _TYPES[key]
    is_bool_posing_as_number = isinstance(value, bool) and bool not in expected
    if value is not None and (is_bool_posing_as_number or not isinstance(value, expected)):
        names = " or ".join(kind.__name__ for kind in expected)
        raise ValueError(f"{key} must be {names}")


class FaultBook:
    """The active rules, oldest first. Not thread-safe: the caller holds the state lock."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._next_id = 1

    def add(self, spec: Any) -> FaultRule:
        rule = parse_rule(self._next_id, spec)
        self._next_id += 1
        self._rules.append(rule)
        return rule

    def rules(self) -> list[dict[str, Any]]:
        return [rule.as_json() for rule in self._rules]

    def clear(self) -> None:
        self._rules.clear()

    def plan_for(self, method: str, path: str) -> FaultPlan:
        """Consume one use of every matching rule and say what to do with the request."""
        matching = [rule for rule in self._rules if rule.matches(method, path)]
        for rule in matching:
            self._use(rule)
        deciding = next((rule for rule in matching if rule.decides_answer), None)
        return FaultPlan(latency_ms=sum(rule.latency_ms for rule in matching), rule=deciding)

    def _use(self, rule: FaultRule) -> None:
        if rule.count is None:
            return
        rule.count -= 1
        if rule.count <= 0:
            self._rules.remove(rule)
