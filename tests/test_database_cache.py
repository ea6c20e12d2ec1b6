"""The database cache (podero_portal/db_cache.py) without Redis: each write is one SQL statement, `add` still only
writes a key that is free or expired (the rate limit and the lock of one write per intent rely on that)."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import HTMX, action_url

DATABASE_CACHE = {"BACKEND": "podero_portal.db_cache.UpsertDatabaseCache", "LOCATION": "portal_cache"}


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": DATABASE_CACHE, "locks": DATABASE_CACHE}
    call_command("createcachetable", verbosity=0)
    store = caches["default"]
    store.clear()
    store.get("warm-up")  # the first write of a process also counts the table, to cull it
    store.set("warm-up", 1)
    return store


@pytest.mark.django_db(transaction=True)
def test_add_writes_only_a_free_or_expired_key_in_one_statement(database_cache):
    with CaptureQueriesContext(connection) as queries:
        assert database_cache.add("lock", "first", timeout=30) is True
        assert database_cache.add("lock", "second", timeout=30) is False
    assert len(queries) == 2
    assert database_cache.get("lock") == "first"

    database_cache.set("lock", "old", timeout=-1)  # expired at once
    assert database_cache.add("lock", "third", timeout=30) is True
    assert database_cache.get("lock") == "third"


@pytest.mark.django_db(transaction=True)
def test_set_and_set_many_are_one_statement_each(database_cache):
    with CaptureQueriesContext(connection) as queries:
        database_cache.set("a", {"x": 1})
        database_cache.set("a", {"x": 2})
        assert database_cache.set_many({"b": [1], "c": timedelta(seconds=3)}) == []
    assert len(queries) == 3
    assert database_cache.get_many(["a", "b", "c"]) == {"a": {"x": 2}, "b": [1], "c": timedelta(seconds=3)}


@pytest.mark.django_db(transaction=True)
def test_touch_renews_a_key_in_one_statement(database_cache):
    database_cache.set("lock", "mine", timeout=1)
    with CaptureQueriesContext(connection) as queries:
        assert database_cache.touch("lock", timeout=60) is True
        assert database_cache.touch("nobody's", timeout=60) is False
    assert len(queries) == 2
    assert database_cache.get("lock") == "mine"


@pytest.mark.django_db(transaction=True)
def test_the_switch_on_the_database_cache_makes_14_queries(client, sandbox, alice_heat_pump, database_cache):
    """The login, the device and the change (4), and 10 cache calls: the session, the device's turn and the intent's
    lock (taken, looked at, the device's latest run), Podero's breaker and token, the device's cached state dropped,
    the outcome kept, the lock and the turn given back. Django's own database cache made 36."""
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert 'aria-checked="false"' in response.content.decode()
    assert len(queries) == 14, "\n".join(query["sql"][:120] for query in queries)
    assert client.get(reverse("preferences:dashboard")).status_code == 200
