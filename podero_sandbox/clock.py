"""Wall-clock timestamps in the format Podero's API sends them (ISO 8601, UTC, "Z")."""

from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    return datetime.now(UTC)


def isoformat(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def now_iso() -> str:
    return isoformat(utc_now())


def iso_ago(**delta: float) -> str:
    return isoformat(utc_now().replace(microsecond=0) - timedelta(**delta))
