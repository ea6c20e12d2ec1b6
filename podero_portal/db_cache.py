"""Django's database cache, with each write one SQL statement instead of five.

Django's `DatabaseCache` counts the whole table before every `set` or `add` (to cull it), then reads the key and
inserts or updates it in a transaction of its own: `SELECT COUNT(*)`, `BEGIN`, `SELECT`, `INSERT`/`UPDATE`,
`COMMIT`. On SQLite every one of those transactions takes the database's one write lock, which the worker
processes, the web processes and the tasks table all share. A toggle made 36 SQL queries that way, and the shared
rate limit of the 07:00 rush (preferences/podero/rate_limit.py) spent most of the workers' time waiting for that lock.

Here `set` and `add` are one upsert each (`INSERT ... ON CONFLICT DO UPDATE`, atomic on SQLite and PostgreSQL):
`add` only replaces a row that has expired, and says whether it wrote (the rate limit and the lock of one write
per intent rely on that). `set_many` is one statement for all its keys. The table is culled at most once per
`CULL_EVERY_S` per process instead of counted on every write: between two culls it may hold a few more rows than
MAX_ENTRIES, which costs nothing but disk. Other databases keep Django's way.
"""

import base64
import pickle
import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router
from django.utils.timezone import now as tz_now

CULL_EVERY_S = 60.0
UPSERT_VENDORS = ("sqlite", "postgresql")


class UpsertDatabaseCache(DatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self._table_name = table
        self._culled_at = 0.0

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        if not self._upserts():
            return super().set(key, value, timeout, version)
        self._upsert({self.make_and_validate_key(key, version=version): value}, timeout, only_expired=False)
        return None

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        if not self._upserts():
            return super().add(key, value, timeout, version)
        return self._upsert(
            {self.make_and_validate_key(key, version=version): value}, timeout, only_expired=True
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        """A new expiry for a key (the heartbeat of a lock): one UPDATE, no count of the table."""
        if not self._upserts():
            return super().touch(key, timeout, version)
        key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        expires = self._expires(self.get_backend_timeout(timeout))
        table = quote(self._table_name)
        sql = f"UPDATE {table} SET {quote('expires')} = %s WHERE {quote('cache_key')} = %s"  # noqa: S608
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, [connection.ops.adapt_datetimefield_value(expires), key])
                return bool(cursor.rowcount > 0)
        except DatabaseError:
            return False

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        if not self._upserts():
            return super().set_many(data, timeout, version)
        if data:
            keyed = {self.make_and_validate_key(key, version=version): value for key, value in data.items()}
            if not self._upsert(keyed, timeout, only_expired=False):
                return list(data)
        return []

    def _upserts(self) -> bool:
        return connections[router.db_for_write(self.cache_model_class)].vendor in UPSERT_VENDORS

    def _upsert(self, data: dict[str, Any], timeout: Any, *, only_expired: bool) -> bool:
        """Write every key of `data` in one statement; with `only_expired`, keep a row that has not expired. Whether
        a row was written (for one key, as `add` answers)."""
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table_name)
        now = tz_now().replace(microsecond=0)
        expires_value = connection.ops.adapt_datetimefield_value(self._expires(timeout))
        rows, params = [], []
        for key, value in data.items():
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            rows.append("(%s, %s, %s)")
            params += [key, pickled, expires_value]
        # Names quoted by Django, every value a parameter.
        columns = f"{quote('cache_key')}, {quote('value')}, {quote('expires')}"
        sql = (
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"VALUES {', '.join(rows)} ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
            f"{quote('value')} = excluded.{quote('value')}, {quote('expires')} = excluded.{quote('expires')}"
        )
        if only_expired:
            sql += f" WHERE {table}.{quote('expires')} < %s"
            params.append(connection.ops.adapt_datetimefield_value(now))
        try:
            with connection.cursor() as cursor:
                self._cull_now_and_then(db, cursor, now)
                cursor.execute(sql, params)
                return bool(cursor.rowcount > 0)
        except DatabaseError:
            # As Django's: to be thread-safe, a write may fail silently.
            return False

    @staticmethod
    def _expires(timeout: float | None) -> datetime:
        """When a key written now with the backend's `timeout` (seconds since the epoch, None: never) expires."""
        tz = UTC if settings.USE_TZ else None
        expires = (
            datetime.max.replace(tzinfo=tz) if timeout is None else datetime.fromtimestamp(timeout, tz=tz)
        )
        return expires.replace(microsecond=0)

    def _cull_now_and_then(self, db: str, cursor: Any, now: datetime) -> None:
        if time.monotonic() - self._culled_at < CULL_EVERY_S:
            return
        self._culled_at = time.monotonic()
        cursor.execute(f"SELECT COUNT(*) FROM {connections[db].ops.quote_name(self._table_name)}")  # noqa: S608
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, now, count)  # type: ignore[attr-defined]
