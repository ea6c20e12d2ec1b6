"""Inviting a customer, and creating their Podero user first where the partner wants staff to.

Nothing is half-created: the homeowner and the e-mail go together (a mail that fails takes the new homeowner
back out), and when Podero created a user but the invitation failed, the error says exactly what exists.
"""

import logging
import smtplib
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from preferences import podero
from preferences.invitations.links import Link, LinkRefused, link_customer
from preferences.invitations.mail import send_invitation
from preferences.invitations.reads import Found, find_customers
from preferences.podero.client import get_client
from preferences.podero.user_directory import PoderoUser, create_user

logger = logging.getLogger(__name__)


class NotInvited(Exception):
    """The invitation was not sent; `str()` says why and what exists, in the reader's language."""


def invite(customer: PoderoUser, *, language: str, portal_url: str, now: datetime) -> Link:
    """Link `customer` (unless already linked) and e-mail them a set-password link in `language`.

    Raises LinkRefused (nothing created), NotInvited (the mail failed: nothing created, or the existing
    homeowner left as it was).
    """
    try:
        with transaction.atomic():
            link = link_customer(customer, language=language)
            homeowner = link.homeowner
            if homeowner.user.has_usable_password():
                raise LinkRefused(
                    _("%(email)s has already set a password and signs in with it.")
                    % {"email": customer.email}
                )
            homeowner.language, homeowner.invited_at = language, now
            homeowner.save(update_fields=["language", "invited_at"])
            send_invitation(homeowner, portal_url=portal_url)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Invitation mail to a customer failed: %s", type(exc).__name__)
        raise NotInvited(
            _("The e-mail to %(email)s could not be sent (%(error)s). No login was created; try again later.")
            % {"email": customer.email, "error": type(exc).__name__}
        ) from exc
    return link


def create_and_invite(
    *,
    email: str,
    customer_number: str,
    first_name: str,
    last_name: str,
    language: str,
    portal_url: str,
    now: datetime,
) -> Link:
    """POST the customer to Podero with their customer number, then invite them. Raises NotInvited saying what
    exists: nothing (Podero refused or could not be reached), maybe a Podero user (no answer), or a Podero user
    without a portal login (the invitation failed after Podero created it)."""
    try:
        created = create_user(
            get_client(),
            email=email,
            customer_number=customer_number,
            first_name=first_name,
            last_name=last_name,
        )
    except (podero.PoderoConflict, podero.PoderoRefused, podero.PoderoRejected) as exc:
        detail = getattr(exc, "message", "") or _(
            "a user with this e-mail or customer number may already exist"
        )
        raise NotInvited(
            _("Podero refused to create the user: %(detail)s. Nothing was created.") % {"detail": detail}
        ) from exc
    except podero.PoderoUnavailable as exc:
        if exc.outcome_unknown:
            raise NotInvited(
                _(
                    "Podero did not answer in time: the user may have been created. Search for %(number)s "
                    "before trying again."
                )
                % {"number": customer_number}
            ) from exc
        raise NotInvited(
            _("Podero could not be reached. Nothing was created; try again in a minute.")
        ) from exc
    customer = created or _find_created(customer_number)
    try:
        return invite(customer, language=language, portal_url=portal_url, now=now)
    except (LinkRefused, NotInvited) as exc:
        raise NotInvited(
            _(
                "Podero user %(email)s (customer number %(number)s) was created, but not invited: %(error)s "
                "Invite them from the search."
            )
            % {"email": customer.email, "number": customer_number, "error": exc}
        ) from exc


def _find_created(customer_number: str) -> PoderoUser:
    """The user Podero created but did not describe in its answer, found by its customer number."""
    found: Found = find_customers(customer_number)
    match = next((c.podero for c in found.customers if c.podero.customer_number == customer_number), None)
    if match is None:
        raise NotInvited(
            _("Podero accepted customer number %(number)s but does not list it yet: nothing was invited.")
            % {"number": customer_number}
        )
    return match
