"""The e-mails' language follows the portal's: each login remembers the language the homeowner reads it in;
the alert settings page changes it."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from preferences.alerts import actions
from preferences.models import Homeowner


@receiver(user_logged_in)
def remember_language(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    language = getattr(request, "LANGUAGE_CODE", None)
    homeowner = Homeowner.objects.filter(user=user).first()
    if language and homeowner is not None:
        actions.remember_language(homeowner, language)
