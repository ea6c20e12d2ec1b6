"""Homeowner and customer-service logins: logging in by email, creating and updating them."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from preferences import podero
from preferences.alerts.models import Alert
from preferences.devices.reads import active_exists
from preferences.models import Absence, Homeowner
from preferences.podero import user_directory
from preferences.podero.client import get_client


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by email: homeowner accounts use their lower-cased email address as the username."""

    username = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    # Django's own sentence says "username" and "case-sensitive"; the person typed an email, in any case.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct email and password."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


@transaction.atomic
def save_homeowner(
    *,
    email: str,
    podero_user_id: UUID,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> tuple[Homeowner, bool]:
    """Create or update the login for `email` and link it to `podero_user_id`. Returns (homeowner, created)."""
    email = email.strip().lower()
    user_model = get_user_model()
    user, user_created = user_model.objects.get_or_create(username=email, defaults={"email": email})
    user.email = email
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    if password:
        user.set_password(password)
    elif user_created:
        user.set_unusable_password()
    user.save()
    homeowner, created = Homeowner.objects.update_or_create(
        user=user, defaults={"podero_user_id": podero_user_id}
    )
    return homeowner, created


@transaction.atomic
def save_support_user(*, email: str, first_name: str, group: Group, password: str | None = None) -> Any:
    """Create or update a customer-service login: staff, in exactly `group`, logging in at /admin/ by email.

    Homeowners read the first name next to what this person changed for them.
    """
    email = email.strip().lower()
    user, created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    user.email, user.first_name, user.is_staff = email, first_name, True
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    user.groups.set([group])
    return user


class LoginWithHomeowner(ModelBackend):
    """Django's own login check, which loads a login's homeowner with the login itself, in one query: every
    homeowner page needs both (devices/reads.homeowner_of). The same query says whether the homeowner is away
    (`Homeowner.absence_active`), so My devices asks for the absence only when there is one, and whether an alert
    waits under "Needs you" (`Homeowner.alerts_open`)."""

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = (
                user_model._default_manager.select_related("homeowner")
                .annotate(absence_active=ABSENCE_ACTIVE, alerts_open=ALERTS_OPEN)
                .get(pk=user_id)
            )
        except user_model.DoesNotExist:
            return None
        homeowner = getattr(user, "homeowner", None)
        if homeowner is not None:
            homeowner.absence_active = user.absence_active
            homeowner.alerts_open = user.alerts_open
        return user if self.user_can_authenticate(user) else None


# Without a homeowner (staff) the joined row is NULL and the answer is false.
ABSENCE_ACTIVE = active_exists(Absence, "homeowner", Homeowner)


def podero_user_problem(user_id: UUID) -> str:
    """Why `user_id` cannot be linked to a login, in staff's words; "" when Podero knows the user
    (podero/user_directory.py)."""
    try:
        found = user_directory.standing(get_client(), user_id)
    except podero.PoderoError:
        return str(
            _(
                "Podero could not be asked right now whether this user exists. Nothing was saved: try again later."
            )
        )
    if found is user_directory.Standing.DELETED:
        return str(_("Podero has deleted this user. Check the id in Podero; nothing was saved."))
    if found is user_directory.Standing.UNKNOWN:
        return str(
            _(
                "Podero has no user with this id in your organisation. Check the id in Podero; nothing was saved."
            )
        )
    return ""


# Whether "Needs you" on My devices has anything to list (alerts/actions.needing_the_homeowner): else no query.
ALERTS_OPEN = RawSQL(  # noqa: S611 - table names only; no value goes into the text
    f"EXISTS (SELECT 1 FROM {Alert._meta.db_table} WHERE homeowner_id = {Homeowner._meta.db_table}.id"  # noqa: S608
    " AND dismissed_at IS NULL AND resolved_at IS NULL)",
    (),
    output_field=BooleanField(),
)
