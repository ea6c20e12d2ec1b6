"""Raise an alert once per event, deliver its e-mail once, dismiss it.

Raising is idempotent: the event's key is unique, so the worker noticing it twice (a job run again, two workers,
the sweeper) finds the same row. Delivery is claim, send, settle: a conditional update claims the e-mail, so of two
workers at once only one sends; a claim whose worker died before settling is taken again once stale
(CLAIM_STALE_SECONDS), the sweeper's way (at-least-once: a worker killed between sending and settling may send it
a second time, never two workers together)."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from preferences import jobs
from preferences.alerts import mail
from preferences.alerts.models import Alert, AlertPreferences
from preferences.models import Device, Homeowner

logger = logging.getLogger(__name__)


def preferences_of(homeowner: Homeowner) -> AlertPreferences:
    prefs, _created = AlertPreferences.objects.get_or_create(homeowner=homeowner)
    return prefs


def raise_alert(
    *,
    homeowner: Homeowner,
    kind: str,
    key: str,
    now: datetime,
    device: Device | None = None,
    facts: dict[str, Any] | None = None,
) -> Alert | None:
    """The alert for the event `key`, raised now unless it was already; None when the homeowner turned `kind`
    off. Queues its e-mail (the sweeper delivers it too, should the job be lost)."""
    if kind in preferences_of(homeowner).muted:
        return None
    existing = Alert.objects.filter(key=key).first()
    if existing is not None:
        return existing
    facts = {"device": device.name if device is not None and device.name else "", **(facts or {})}
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                key=key, homeowner=homeowner, device=device, kind=kind, facts=facts, raised_at=now
            )
    except IntegrityError:  # raised at the same moment by another worker
        return Alert.objects.get(key=key)
    # Queued in the database beside the alert; should the process die in between, the sweeper delivers it.
    jobs.deliver_alert.enqueue(alert.pk)
    return alert


def deliver(*, alert_id: int, now: datetime) -> bool:
    """Send the alert's e-mail unless it is sent, or being sent by a worker still alive. True when this call sent
    it. A failing mail server leaves it unsent for the sweeper's next round."""
    stale = now - timedelta(seconds=settings.CLAIM_STALE_SECONDS)
    free = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lte=stale)
    claimed = Alert.objects.filter(free, pk=alert_id, emailed_at__isnull=True).update(email_claimed_at=now)
    if not claimed:
        return False
    alert = Alert.objects.select_related("homeowner__user", "device").get(pk=alert_id)
    if alert.dismissed_at is not None or alert.resolved_at is not None:
        # Seen and dealt with before the e-mail went: nothing left to tell.
        Alert.objects.filter(pk=alert_id, email_claimed_at=now).update(email_claimed_at=None, emailed_at=now)
        return False
    language = preferences_of(alert.homeowner).language
    try:
        address = mail.send(alert, language=language)
    except Exception:
        logger.exception("Alert %s: the e-mail could not be sent; the sweeper tries again", alert_id)
        Alert.objects.filter(pk=alert_id, email_claimed_at=now).update(email_claimed_at=None)
        return False
    Alert.objects.filter(pk=alert_id, email_claimed_at=now).update(
        emailed_at=timezone.now(), email_to=address, email_language=language
    )
    return True


def undelivered() -> list[int]:
    """Alerts whose e-mail is neither sent nor being sent by a live worker: the sweeper delivers them."""
    stale = timezone.now() - timedelta(seconds=settings.CLAIM_STALE_SECONDS)
    rows = Alert.objects.filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lte=stale), emailed_at__isnull=True
    )
    return list(rows.values_list("pk", flat=True)[:100])


def dismiss(*, alert: Alert, now: datetime) -> None:
    Alert.objects.filter(pk=alert.pk, dismissed_at__isnull=True).update(dismissed_at=now)


def needing_the_homeowner(homeowner: Homeowner) -> list[Alert]:
    """The "Needs you" list: alerts neither dismissed nor resolved, newest first."""
    rows = Alert.objects.filter(homeowner=homeowner, dismissed_at__isnull=True, resolved_at__isnull=True)
    return list(rows.select_related("device")[:20])


def save_preferences(*, homeowner: Homeowner, heard: list[str], language: str) -> None:
    """Hear of the kinds in `heard` only, by e-mail in `language`."""
    muted = [kind for kind in Alert.Kind.values if kind not in heard]
    AlertPreferences.objects.update_or_create(
        homeowner=homeowner, defaults={"muted": muted, "language": language}
    )


def remember_language(homeowner: Homeowner, language: str) -> None:
    """The language the homeowner reads the portal in, for the e-mails (English unless they use German)."""
    code = language.split("-")[0]
    if code in dict(settings.LANGUAGES):
        AlertPreferences.objects.update_or_create(homeowner=homeowner, defaults={"language": code})
