"""The homeowner behind a customer number: found by it once stored, else linked on the first sign-in to the
Podero user that Podero knows by that number (podero/user_lookup.py). Nothing is created unless Podero knows
the customer; two first sign-ins at once create one homeowner (the customer number and the Podero user are
unique, and the loser of the race reads the winner's row)."""

import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from preferences import podero
from preferences.models import Homeowner
from preferences.podero.user_lookup import PoderoUser, user_by_customer_number

from .problems import SignInProblem

# Letters, digits and . _ - (up to 64): what a customer number may be; anything else is an odd claim.
CUSTOMER_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def customer_number_of(value: object) -> str:
    """The claim's value as a customer number: text or a whole number. SignInProblem if absent or odd."""
    if value is None or value == "":
        raise SignInProblem("missing_claim", "the customer-number claim is absent or empty")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if not isinstance(value, str) or not CUSTOMER_NUMBER.match(value.strip()):
        raise SignInProblem(
            "odd_claim", f"the customer-number claim is a {type(value).__name__} of another form"
        )
    return value.strip()


def homeowner_for(customer_number: str, *, email: str | None = None) -> Homeowner:
    """The homeowner with `customer_number`, linked now if this is the first sign-in.

    `email` (the provider's claim) is used only when Podero's user record has none."""
    found = _stored(customer_number)
    if found is not None:
        return found
    try:
        podero_user = user_by_customer_number(customer_number)
    except podero.PoderoError as exc:
        raise SignInProblem("podero_down", f"Podero's user lookup failed: {type(exc).__name__}") from None
    if podero_user is None:
        raise SignInProblem(
            "unknown_customer", "Podero knows no such customer", customer_number=customer_number
        )
    try:
        return _link(customer_number, podero_user, email)
    except IntegrityError:
        # Another sign-in of the same customer linked it a moment ago: that row is the homeowner.
        found = _stored(customer_number)
        if found is None:
            raise SignInProblem("account_taken", "the login or Podero user is linked otherwise") from None
        return found


def _stored(customer_number: str) -> Homeowner | None:
    return Homeowner.objects.select_related("user").filter(customer_number=customer_number).first()


@transaction.atomic
def _link(customer_number: str, podero_user: PoderoUser, email: str | None) -> Homeowner:
    linked = Homeowner.objects.select_for_update().filter(podero_user_id=podero_user.id).first()
    if linked is not None:
        # A homeowner staff or an invitation linked to this Podero user already: the same person.
        if linked.customer_number not in (None, "", customer_number):
            raise SignInProblem("account_taken", "the Podero user is linked to another customer number")
        linked.customer_number = customer_number
        linked.save(update_fields=["customer_number"])
        return linked
    address = (podero_user.email or email or "").strip().lower()
    username = address or f"customer-{customer_number.lower()}"
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise SignInProblem("account_taken", "a login with this email exists and is not this customer's")
    user = user_model(
        username=username,
        email=address,
        first_name=podero_user.first_name or "",
        last_name=podero_user.last_name or "",
    )
    user.set_unusable_password()  # signs in at the energy company; "Forgot your password?" can add one
    user.save()
    return Homeowner.objects.create(user=user, podero_user_id=podero_user.id, customer_number=customer_number)
