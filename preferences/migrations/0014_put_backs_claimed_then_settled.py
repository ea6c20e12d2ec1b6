"""Claim, call, settle: what the worker puts back says since when it is being put back, and when its next try is
due after Podero failed one."""

from django.db import migrations, models


def moment(name: str) -> models.DateTimeField:
    return models.DateTimeField(blank=True, null=True, verbose_name=name)


class Migration(migrations.Migration):
    dependencies = [("preferences", "0013_changes_settled_afterwards")]

    operations = [
        *(
            migrations.AddField(model, "claimed_at", moment("being put back since"))
            for model in ("absencedevice", "timedpause", "triptarget")
        ),
        *(migrations.AddField(model, "retry_at", moment("next try")) for model in ("absence", "timedpause", "triptarget")),
    ]
