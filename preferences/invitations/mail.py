"""The invitation e-mail, in the customer's language, with a set-password link."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from preferences.invitations.tokens import invitation_tokens
from preferences.models import Homeowner


def set_password_path(homeowner: Homeowner) -> str:
    user = homeowner.user
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitation", args=[uidb64, invitation_tokens.make_token(user)])


def send_invitation(homeowner: Homeowner, *, portal_url: str) -> None:
    """E-mail the set-password link to `homeowner` in their language. Raises what the mail backend raises."""
    language = homeowner.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "homeowner": homeowner,
            "link": portal_url.rstrip("/") + set_password_path(homeowner),
            "days": settings.INVITATION_DAYS,
            "contact": settings.CUSTOMER_SERVICE_CONTACT,
        }
        subject = render_to_string("invitations/email_subject.txt", context).strip()
        body = render_to_string("invitations/email_body.txt", context)
    send_mail(subject, body, None, [homeowner.user.email], fail_silently=False)
