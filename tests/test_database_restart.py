"""The database drops every connection (a PostgreSQL restart) while a click waits for Podero: the click still
answers with what Podero did, and its change is recorded with that outcome, not left pending.

PostgreSQL only: a restart is what it does to the app servers' connections, and pg_terminate_backend does the
same to them without taking the server away from the rest of the test run. On SQLite there is no server to
restart (make test's PostgreSQL + Redis leg runs this).
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from preferences.models import Change
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.helpers import action_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="a database server to restart"
    ),
]


def drop_every_other_connection() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_a_click_waiting_for_podero_when_the_database_restarts_is_recorded(sandbox, alice_heat_pump):
    sandbox.fault(latency_ms=1500, method="PUT")  # the click is waiting for Podero when the database restarts
    session = session_of(alice_heat_pump.homeowner)
    answers: list = []
    click = threading.Thread(
        target=lambda: answers.extend(at_once(1, action_url(alice_heat_pump, "pause"), session))
    )

    click.start()
    time.sleep(0.7)
    drop_every_other_connection()
    click.join()

    assert answers[0].status_code == 200
    assert 'aria-checked="false"' in answers[0].content.decode()
    [change] = Change.objects.all()
    assert change.outcome == Change.Outcome.SUCCEEDED
