"""Invitations: the language a customer's invitation went out in, and when (preferences/invitations/)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('preferences', '0015_customer_number'),
    ]

    operations = [
        migrations.AddField(
            model_name='homeowner',
            name='invited_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='invited'),
        ),
        migrations.AddField(
            model_name='homeowner',
            name='language',
            field=models.CharField(blank=True, choices=[('en', 'English'), ('de', 'Deutsch')], max_length=8, verbose_name='language'),
        ),
    ]
