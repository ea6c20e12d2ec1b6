"""Both support roles may see homeowners' absences (acting support may also end one: act_for_homeowner)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Frozen here on purpose, like 0002.
ADDED = ["view_absence", "view_absencedevice"]
GROUPS = ["Support (read-only)", "Support (act for homeowner)"]


def add_permissions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    create_permissions(global_apps.get_app_config("preferences"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    added = Permission.objects.filter(content_type__app_label="preferences", codename__in=ADDED)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*added)


def remove_permissions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    added = Permission.objects.filter(content_type__app_label="preferences", codename__in=ADDED)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*added)


class Migration(migrations.Migration):
    dependencies = [("preferences", "0004_undo")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
