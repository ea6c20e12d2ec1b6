"""Creating and updating homeowner logins."""

from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import transaction

from preferences.models import Homeowner


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
