"""Homeowners stored with a time zone that is no place get a real one, so their pages work again."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("preferences", "0008_timed_pause_and_reconnect")]


def migrate(targets=None):
    """Migrate to `targets`, or to the latest migrations, which later tests expect."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stored_time_zones_that_are_no_place_are_repaired():
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Homeowner = apps.get_model("preferences", "Homeowner")
    stored = ["Europe/Vienna", "europe/vienna", "America/New York", "Mars/Olympus", "localtime", ""]
    for n, zone in enumerate(stored):
        user = User.objects.create(username=f"h{n}@example.com")
        Homeowner.objects.create(user=user, podero_user_id=uuid.uuid4(), timezone=zone)

    apps = migrate()

    Homeowner = apps.get_model("preferences", "Homeowner")
    repaired = list(Homeowner.objects.order_by("user__username").values_list("timezone", flat=True))
    assert repaired == [
        "Europe/Vienna",
        "Europe/Vienna",
        "America/New_York",
        "Europe/Berlin",
        "Europe/Berlin",
        "Europe/Berlin",
    ]
