"""Finding customers in Podero's user list, with the homeowner each is linked to in the portal, if any."""

from dataclasses import dataclass
from uuid import UUID

from preferences.models import Homeowner
from preferences.podero.client import get_client
from preferences.podero.user_directory import PoderoUser, list_users

# More matches than a support desk reads: the rest is counted, and a longer search narrows it.
MAX_SHOWN = 50


@dataclass(frozen=True)
class Customer:
    podero: PoderoUser
    homeowner: Homeowner | None

    @property
    def invited_only(self) -> bool:
        """Invited, and no password set yet."""
        return self.homeowner is not None and not self.homeowner.user.has_usable_password()


@dataclass(frozen=True)
class Found:
    customers: list[Customer]
    more: int
    # Podero's list could not be read to its end: a customer not found may still exist.
    incomplete: bool


def find_customers(query: str) -> Found:
    """Podero's users whose e-mail contains `query` or whose customer number is `query` (any case).
    Raises PoderoError when the list cannot be read."""
    wanted = query.strip().lower()
    users = list_users(get_client())
    matches = [
        user for user in users if wanted and (wanted in user.email or wanted == user.customer_number.lower())
    ]
    shown = matches[:MAX_SHOWN]
    homeowners = {
        homeowner.podero_user_id: homeowner
        for homeowner in Homeowner.objects.select_related("user").filter(
            podero_user_id__in=[user.id for user in shown]
        )
    }
    return Found(
        [Customer(user, homeowners.get(user.id)) for user in shown],
        more=len(matches) - len(shown),
        incomplete=users.incomplete,
    )


def podero_user(user_id: UUID) -> PoderoUser | None:
    """The organisation's user `user_id` as Podero lists it now, None if it does not list it."""
    return next((user for user in list_users(get_client()) if user.id == user_id), None)
