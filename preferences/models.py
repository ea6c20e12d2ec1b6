"""What the portal itself stores. Devices and their preferences live in Podero; we keep who may touch which
device, and the audit trail of every change."""

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from preferences import intents


def device_kind_choices() -> list[tuple[str, str]]:
    """The registered kinds (devices/kinds.py), asked when the choices are needed: rows know no kind."""
    from preferences.devices import kinds

    return kinds.choices()


class Homeowner(models.Model):
    """A portal login linked to one Podero user of the partner's organisation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="homeowner")
    podero_user_id = models.UUIDField(_("Podero user id"), unique=True)
    # The energy company's customer number, Podero's external_user_id: how a sign-in with the company's account
    # finds this homeowner again (preferences/signin/). Unique, so two sign-ins at once create one homeowner.
    customer_number = models.CharField(
        _("customer number"), max_length=64, unique=True, null=True, blank=True
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    created_at = models.DateTimeField(auto_now_add=True)
    # The language of the customer's invitation (preferences/invitations/); "" until one is chosen.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("homeowner")
        permissions = [
            ("change_podero_link", _("Can change the Podero user a homeowner is linked to")),
            ("act_for_homeowner", _("Can change a homeowner's device preferences for them")),
        ]

    def __str__(self) -> str:
        return self.user.email or self.user.get_username()


class Device(models.Model):
    """A Podero device known to belong to a homeowner: the portal's authority for who may touch it.

    Rows are refreshed from Podero's device lists; a device URL that matches no row is a 404 without
    any call to Podero.
    """

    homeowner = models.ForeignKey(Homeowner, on_delete=models.CASCADE, related_name="devices")
    kind = models.CharField(max_length=32, choices=device_kind_choices)
    podero_id = models.UUIDField(_("Podero device id"))
    name = models.CharField(max_length=200, blank=True)
    synced_at = models.DateTimeField()

    class Meta:
        # "Stored", as opposed to a homeowner's "Devices and actions" in the admin, which are live from Podero.
        verbose_name = _("stored device")
        verbose_name_plural = _("stored devices")
        constraints = [
            models.UniqueConstraint(fields=["homeowner", "podero_id"], name="unique_device_per_homeowner")
        ]
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.podero_id}"

    def get_absolute_url(self) -> str:
        return reverse("preferences:device", args=[self.kind, self.podero_id])


class ChangeQuerySet(models.QuerySet["Change"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        # Bulk deletes (the admin's "delete selected", a shell) skip Change.delete(): refuse them here too.
        raise ValueError("Changes are part of the audit trail and cannot be deleted.")


class Change(models.Model):
    """One preference change asked of Podero, recorded before the call and completed with its outcome.

    Append-only: once an outcome is recorded the row never changes again. A row left pending (the process died
    before the answer came) is settled by the sweeper (audit/reconcile.py), which reads the device back: what
    Podero shows says whether it was applied.
    """

    # What was asked, as stored: intents.py names each and says it in words.
    Intent = intents.Recorded

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Sent, no answer yet")
        SUCCEEDED = "succeeded", _("Done")
        REFUSED = "refused", _("Refused by Podero (nothing to do)")
        REJECTED = "rejected", _("Rejected as invalid")
        FAILED = "failed", _("Failed, nothing changed")
        UNKNOWN = "unknown", _("No answer, may still take effect")
        # Settled afterwards by reading the device back (audit/reconcile.py).
        APPLIED = "applied", _("No answer; Podero showed it done")
        NOT_APPLIED = "not_applied", _("No answer; Podero showed it not done")
        UNCHECKED = "unchecked", _("No answer; Podero could not be checked")

    created_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reason = models.CharField(_("reason given by staff"), max_length=500, blank=True)
    homeowner = models.ForeignKey(Homeowner, on_delete=models.PROTECT, related_name="changes")
    device = models.ForeignKey(Device, on_delete=models.SET_NULL, related_name="changes", null=True)
    device_kind = models.CharField(max_length=32, choices=device_kind_choices)
    device_podero_id = models.UUIDField()
    intent = models.CharField(max_length=40, choices=intents.recorded_choices)
    request_method = models.CharField(max_length=8)
    request_path = models.CharField(max_length=300)
    request_body = models.JSONField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=40, blank=True)
    conflict_reason = models.CharField(max_length=40, blank=True)
    detail = models.TextField(blank=True)
    # How often the sweeper asked Podero about a pending row and got no answer.
    checks = models.PositiveSmallIntegerField(default=0)
    # What the request replaced, so it can be undone: the changed fields' earlier values, or the earlier schedule.
    previous_values = models.JSONField(null=True, blank=True)
    undoes = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="undone_by", null=True, blank=True
    )

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit trail entry")
        verbose_name_plural = _("audit trail entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["device", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_intent_display()} ({self.get_outcome_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = Change.objects.filter(pk=self.pk).values_list("outcome", flat=True).first()
            if stored is not None and stored != self.Outcome.PENDING:
                raise ValueError("A change with an outcome is part of the audit trail and cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Changes are part of the audit trail and cannot be deleted.")


class Scheduled(models.Model):
    """Something the background worker ends at a set time (away/actions.py, devices/timed_pause.py,
    charging/trips.py; their jobs are in jobs.py): who set it up and when. At most one of each is active at a time (`one_active`).

    The worker claims what it puts back (`claimed_at`), calls Podero, then settles it; a claim that outlives
    CLAIM_STALE_SECONDS unsettled was cut off, and the sweeper (sweeper.py) takes it over. `retry_at`: when the
    next try is due after Podero failed one."""

    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    retry_at = models.DateTimeField(_("next try"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


def claimed_at() -> "models.DateTimeField[datetime | None, datetime | None]":
    """When the worker began putting it back; None while nobody is at it, and once settled."""
    return models.DateTimeField(_("being put back since"), null=True, blank=True)


def one_active(field: str, name: str) -> models.UniqueConstraint:
    """At most one active row per `field` (a homeowner, a device)."""
    return models.UniqueConstraint(fields=[field], condition=models.Q(status="active"), name=name)


class Absence(Scheduled):
    """The homeowner is away until `returns_at`; what the portal paused for it is resumed then, by the worker."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Away")
        ENDED = "ended", _("Back")

    homeowner = models.ForeignKey(Homeowner, on_delete=models.CASCADE, related_name="absences")
    returns_at = models.DateTimeField(_("back on"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta(Scheduled.Meta):
        constraints = [one_active("homeowner", "one_active_absence_per_homeowner")]

    def __str__(self) -> str:
        return f"{self.homeowner} away until {self.returns_at:%Y-%m-%d %H:%M}"


class AbsenceDevice(models.Model):
    """One device an absence paused, and how its resumption went."""

    class Setting(models.TextChoices):
        OPTIMIZATION = "optimization", _("Smart optimization")
        CHARGE_DEADLINE = "charge_deadline", _("Charging plan")

    class State(models.TextChoices):
        PAUSED = "paused", _("Paused until you are back")
        RESUMED = "resumed", _("Resumed automatically")
        RETRYING = "retrying", _("Could not resume yet: we will keep trying")
        NOT_PAUSED = "not_paused", _("Could not be paused")

    absence = models.ForeignKey(Absence, on_delete=models.CASCADE, related_name="devices")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="+")
    setting = models.CharField(max_length=20, choices=Setting.choices)
    state = models.CharField(max_length=16, choices=State.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField()
    claimed_at = claimed_at()

    class Meta:
        ordering = ["device__kind", "device__name"]

    def __str__(self) -> str:
        return f"{self.device}: {self.get_state_display()}"


class TripTarget(Scheduled):
    """ "Just for the next trip": one day's target in the EV's weekly charge policy, changed for one date and
    put back by the worker once its deadline has passed, unless someone changed that day meanwhile."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESTORED = "restored", _("Usual target put back")
        KEPT = "kept", _("Left as it was changed meanwhile")
        CANCELLED = "cancelled", _("Cancelled")

    ev = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="trip_targets")
    date = models.DateField(_("date"))
    weekday = models.CharField(max_length=3)
    timezone = models.CharField(max_length=64)
    percentage = models.PositiveSmallIntegerField()
    deadline = models.CharField(max_length=5)
    # What that weekday had before, to put back.
    usual_percentage = models.PositiveSmallIntegerField()
    usual_deadline = models.CharField(max_length=5)
    restore_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    attempts = models.PositiveSmallIntegerField(default=0)
    ended_at = models.DateTimeField(null=True, blank=True)
    claimed_at = claimed_at()

    class Meta(Scheduled.Meta):
        constraints = [one_active("ev", "one_active_trip_target_per_ev")]

    def __str__(self) -> str:
        return f"{self.ev}: {self.percentage} % by {self.deadline} on {self.date:%Y-%m-%d}"


class TimedPause(Scheduled):
    """Smart optimization of a heat pump or inverter paused for a while; the worker resumes it at `ends_at`.

    `ends_at` is None for "until I resume": then only the homeowner (or staff) resumes it.
    """

    class Length(models.TextChoices):
        THREE_HOURS = "3h", _("For 3 hours")
        MORNING = "morning", _("Until tomorrow morning")
        UNTIL_RESUMED = "open", _("Until I resume")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Paused")
        RESUMED = "resumed", _("Resumed")
        # An absence that began before it ended took it over: the absence switches the device back on.
        TAKEN_OVER = "absence", _("Ended by an absence")

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="timed_pauses")
    length = models.CharField(max_length=16, choices=Length.choices)
    ends_at = models.DateTimeField(_("paused until"), null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    attempts = models.PositiveSmallIntegerField(default=0)
    resumed_at = models.DateTimeField(null=True, blank=True)
    claimed_at = claimed_at()

    class Meta(Scheduled.Meta):
        constraints = [one_active("device", "one_active_timed_pause_per_device")]

    def __str__(self) -> str:
        return f"{self.device}: {self.get_length_display()} ({self.get_status_display()})"


class Onboarding(models.Model):
    """A session in Podero's Connect UI that adds a device (podero-api.md §9.3), asked by the homeowner or by staff
    for them: what was asked, where it leads, until when, and what became of it once the homeowner came back."""

    class Outcome(models.TextChoices):
        STARTING = "starting", _("Asked of Podero, no answer yet")
        FAILED = "failed", _("Podero did not start it")
        # The process died before Podero answered (settled by the sweeper): a session may exist, unused.
        NO_ANSWER = "no_answer", _("No answer from Podero")
        OPEN = "open", _("Not finished yet")
        ADDED = "added", _("Device added")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    # In the addresses Podero sends the homeowner back to (Podero's own id is known only once it answered).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    homeowner = models.ForeignKey(Homeowner, on_delete=models.CASCADE, related_name="onboardings")
    podero_session_id = models.UUIDField(_("Podero onboarding session"), unique=True, null=True, blank=True)
    device_type = models.CharField(_("device type"), max_length=2)
    authentication_url = models.URLField(max_length=8000, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    reason = models.CharField(_("reason given by staff"), max_length=500, blank=True)
    # The homeowner's devices when it began: a device Podero lists afterwards that is not among them is new.
    devices_before = models.JSONField(default=list)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.STARTING)
    finished_at = models.DateTimeField(null=True, blank=True)
    device_podero_id = models.UUIDField(_("device added"), null=True, blank=True)

    class Meta:
        verbose_name = _("device onboarding")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.homeowner}: {self.device_type} ({self.get_outcome_display()})"


# Alerts live with their concept; importing them here makes them the preferences app's models.
from preferences.alerts.models import Alert, AlertPreferences  # noqa: E402, F401
