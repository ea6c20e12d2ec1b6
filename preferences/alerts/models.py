"""The alert rows: one per event that needs the homeowner, and each homeowner's choice of which kinds to hear of.

Loaded by preferences/models.py, so they belong to the preferences app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Alert(models.Model):
    """One event that needs the homeowner. `key` names the event (e.g. "trip:12"): noticing it again finds this
    row. The e-mail is claimed, sent, then marked sent (`email_claimed_at`, `emailed_at`)."""

    class Kind(models.TextChoices):
        CONNECTION_LAPSED = "connection_lapsed", _("Manufacturer connection lapsed")
        ACTION_FAILED = "action_failed", _("Automatic switch-back failed")
        AWAY_ENDED = "away_ended", _("Away period ended")
        TRIP_NOT_PUT_BACK = "trip_not_put_back", _("Charging plan not put back after a trip")

    key = models.CharField(max_length=120, unique=True)
    homeowner = models.ForeignKey("preferences.Homeowner", on_delete=models.CASCADE, related_name="alerts")
    device = models.ForeignKey(
        "preferences.Device", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # What the sentences need, kept as facts so they are worded in the reader's language when shown.
    facts = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(_("raised"), db_index=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_to = models.CharField(_("e-mailed to"), max_length=254, blank=True)
    email_language = models.CharField(_("language"), max_length=8, blank=True)
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"


class AlertPreferences(models.Model):
    """Which kinds of alert the homeowner hears of (all, until turned off), in which language, and when the
    worker last checked their devices' connections."""

    homeowner = models.OneToOneField(
        "preferences.Homeowner", on_delete=models.CASCADE, related_name="alert_preferences"
    )
    muted = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    connections_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def __str__(self) -> str:
        return f"{self.homeowner}: alert settings"
