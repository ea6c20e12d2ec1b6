"""The alert's e-mail: its title as the subject, its sentence, and a link to the page that deals with it, in the
homeowner's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from preferences.alerts.models import Alert
from preferences.alerts.words import words_for


def send(alert: Alert, *, language: str) -> str:
    """Send `alert` to its homeowner's address; the address it went to."""
    address: str = alert.homeowner.user.email
    with translation.override(language):
        said = words_for(alert)
        portal = settings.PORTAL_URL_FOR_THE_WORKER.rstrip("/")
        body = "\n\n".join(
            [
                said.sentence,
                f"{said.action}: {portal}{said.url}",
                _(
                    "You can choose which of these e-mails you get on the portal's alert settings page: %(url)s"
                )
                % {"url": portal + reverse("preferences:alerts")},
            ]
        )
        send_mail(said.title, body, None, [address])
    return address
