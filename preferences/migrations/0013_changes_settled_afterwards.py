"""An audit row left pending (its answer never came) is settled afterwards by reading the device back: applied,
not applied, or unchecked after `checks` reads that failed."""

from django.db import migrations, models

OUTCOMES = [
    ("pending", "Sent, no answer yet"),
    ("succeeded", "Done"),
    ("refused", "Refused by Podero (nothing to do)"),
    ("rejected", "Rejected as invalid"),
    ("failed", "Failed, nothing changed"),
    ("unknown", "No answer, may still take effect"),
    ("applied", "No answer; Podero showed it done"),
    ("not_applied", "No answer; Podero showed it not done"),
    ("unchecked", "No answer; Podero could not be checked"),
]


class Migration(migrations.Migration):
    dependencies = [("preferences", "0012_intents_named_in_one_table")]

    operations = [
        migrations.AddField("change", "checks", models.PositiveSmallIntegerField(default=0)),
        migrations.AlterField(
            "change", "outcome", models.CharField(choices=OUTCOMES, default="pending", max_length=16)
        ),
    ]
