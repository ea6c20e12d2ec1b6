"""The worker's jobs moved to preferences/jobs.py: jobs already queued under their old paths run from there."""

from django.db import migrations

MOVED = {
    "preferences.absences.resume_after_absence": "preferences.jobs.resume_after_absence",
    "preferences.timed_pause.resume_after_timed_pause": "preferences.jobs.resume_after_timed_pause",
    "preferences.trips.restore_after_trip": "preferences.jobs.restore_after_trip",
}


def forward(apps, schema_editor):
    queued = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        queued.objects.filter(task_path=old).update(task_path=new)


def backward(apps, schema_editor):
    queued = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        queued.objects.filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):
    dependencies = [
        ("preferences", "0010_timed_pause_taken_over"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, backward)]
