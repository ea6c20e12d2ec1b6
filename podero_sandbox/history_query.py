"""The query of a history request (/data, /savings, /statistics, /sessions) and the buckets it asks for. Query
reads a moment, a day, a bounded integer, one of some choices or a comma-separated list from the query string and
answers a bad one with a 422 in django-ninja's shape, as the rest of the sandbox does (`invalid`). `buckets`
cuts a range into periods that start at the requested `from` and step by the resolution (15 minutes to a year;
a month is a calendar month), at most MAX_BUCKETS of them."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs

from .errors import ApiError
from .wire import Request

MAX_BUCKETS = 5000


def invalid(location: str, name: str, message: str, kind: str = "value_error") -> ApiError:
    return ApiError(422, {"detail": [{"type": kind, "loc": [location, name], "msg": message}]})


class Query:
    def __init__(self, request: Request) -> None:
        self.values = {key: values[-1] for key, values in parse_qs(request.query).items()}

    def moment(self, name: str, *, default: datetime | None = None) -> datetime:
        raw = self.values.get(name)
        if raw is None:
            if default is None:
                raise invalid("query", name, "Field required", "missing")
            return default
        try:
            parsed = datetime.fromisoformat(raw.replace(" ", "+"))
        except ValueError:
            raise invalid(
                "query", name, "Input should be a valid datetime", "datetime_from_date_parsing"
            ) from None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)

    def day(self, name: str) -> date:
        raw = self.values.get(name)
        if raw is None:
            raise invalid("query", name, "Field required", "missing")
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise invalid(
                "query", name, "Input should be a valid date", "date_from_datetime_parsing"
            ) from None

    def integer(self, name: str, *, default: int, low: int, high: int | None = None) -> int:
        raw = self.values.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise invalid("query", name, "Input should be a valid integer", "int_parsing") from None
        if value < low:
            raise invalid(
                "query", name, f"Input should be greater than or equal to {low}", "greater_than_equal"
            )
        if high is not None and value > high:
            raise invalid("query", name, f"Input should be less than or equal to {high}", "less_than_equal")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = self.values.get(name, default)
        if value not in options:
            quoted = ", ".join(f"'{option}'" for option in options)
            raise invalid("query", name, f"Input should be {quoted}", "enum")
        return value

    def keywords(self, name: str) -> list[str] | None:
        raw = self.values.get(name)
        return [word for word in raw.split(",") if word] if raw else None


def step(resolution: str) -> Callable[[datetime], datetime]:
    fixed = {
        "15MIN": timedelta(minutes=15),
        "1HOUR": timedelta(hours=1),
        "1DAY": timedelta(days=1),
        "1WEEK": timedelta(weeks=1),
    }
    if resolution in fixed:
        return lambda moment: moment + fixed[resolution]
    months = {"1MONTH": 1, "1QUARTER": 3, "1YEAR": 12}[resolution]
    return lambda moment: _add_months(moment, months)


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(
        moment.day, [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    )
    return moment.replace(year=year, month=month, day=day)


def buckets(start: datetime, end: datetime, resolution: str) -> list[tuple[datetime, datetime]]:
    following = step(resolution)
    found = []
    while start < end:
        found.append((start, min(following(start), end)))
        start = following(start)
        if len(found) > MAX_BUCKETS:
            raise invalid(
                "query", "resolution", "Too many data points for this range; use a coarser resolution"
            )
    return found
