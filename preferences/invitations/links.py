"""Linking a Podero user to a homeowner login: the one place that decides whether a customer may be linked.

A customer is linked once: the same Podero user again is "already linked" (nothing changes); a Podero user
linked to another login, or an e-mail whose login is someone else's, is refused with the reason, and nothing
is created.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from preferences.models import Homeowner
from preferences.podero.user_directory import PoderoUser


class LinkRefused(Exception):
    """The customer cannot be linked; `str()` says why, in the reader's language."""


@dataclass(frozen=True)
class Link:
    homeowner: Homeowner
    created: bool


def existing_link(customer: PoderoUser) -> Homeowner | None:
    """The homeowner already linked to `customer`'s Podero user, if any."""
    return Homeowner.objects.select_related("user").filter(podero_user_id=customer.id).first()


@dataclass(frozen=True)
class Known:
    """The homeowners and logins of many customers, read in two queries (bulk.py) instead of two per customer."""

    homeowners: dict[UUID, Homeowner]
    logins: dict[str, Any]

    @classmethod
    def of(cls, customers: Iterable[PoderoUser]) -> "Known":
        customers = list(customers)
        known = cls({}, {})
        # In chunks: SQLite takes a limited number of parameters in one query.
        for start in range(0, len(customers), CHUNK):
            chunk = customers[start : start + CHUNK]
            homeowners = Homeowner.objects.select_related("user")
            for homeowner in homeowners.filter(podero_user_id__in=[c.id for c in chunk]):
                known.homeowners[homeowner.podero_user_id] = homeowner
            logins = get_user_model().objects.select_related("homeowner")
            for login in logins.filter(username__in=[c.email for c in chunk]):
                known.logins[login.username] = login
        return known


CHUNK = 2000


def check_linkable(customer: PoderoUser, known: Known | None = None) -> Homeowner | None:
    """The homeowner already linked to `customer`, None if one may be created; LinkRefused if neither.
    `known` answers from a snapshot instead of the database."""
    linked = known.homeowners.get(customer.id) if known else existing_link(customer)
    if linked is not None:
        if linked.user.email.lower() != customer.email:
            raise LinkRefused(
                _("Podero user %(email)s is already linked to the login %(login)s.")
                % {"email": customer.email, "login": linked.user.email}
            )
        return linked
    if known:
        login = known.logins.get(customer.email)
    else:
        login = get_user_model().objects.filter(username=customer.email).select_related("homeowner").first()
    if login is not None:
        if hasattr(login, "homeowner"):
            raise LinkRefused(
                _("The login %(email)s is already linked to another Podero user.") % {"email": customer.email}
            )
        raise LinkRefused(
            _("A login %(email)s exists that is not a homeowner (a staff login?).")
            % {"email": customer.email}
        )
    return None


@transaction.atomic
def link_customer(customer: PoderoUser, *, language: str = "") -> Link:
    """Create the homeowner login for `customer` (no password: an invitation or a reset sets one), or return
    the one already linked. Raises LinkRefused."""
    linked = check_linkable(customer)
    if linked is not None:
        return Link(linked, created=False)
    user = get_user_model().objects.create_user(
        username=customer.email,
        email=customer.email,
        first_name=customer.first_name[:150],
        last_name=customer.last_name[:150],
    )  # no password given: an unusable one
    homeowner = Homeowner.objects.create(user=user, podero_user_id=customer.id, language=language)
    return Link(homeowner, created=True)
