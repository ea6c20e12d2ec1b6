"""Homeowners saved before the admin checked time zones may hold one that is no place ("Mars/Olympus",
"localtime"): every page of theirs failed. Keep the zone when only its spelling is off, else use the default."""

import zoneinfo

from django.db import migrations

DEFAULT = "Europe/Berlin"  # Homeowner.timezone's default
NOT_PLACES = {"localtime", "Factory", "posixrules"}


def repair(apps, schema_editor):
    Homeowner = apps.get_model("preferences", "Homeowner")
    by_folded = {name.casefold(): name for name in zoneinfo.available_timezones() - NOT_PLACES}
    for homeowner in Homeowner.objects.only("pk", "timezone"):
        folded = homeowner.timezone.strip().replace(" ", "_").casefold()
        zone = by_folded.get(folded, DEFAULT)
        if zone != homeowner.timezone:
            Homeowner.objects.filter(pk=homeowner.pk).update(timezone=zone)


class Migration(migrations.Migration):
    dependencies = [("preferences", "0008_timed_pause_and_reconnect")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
