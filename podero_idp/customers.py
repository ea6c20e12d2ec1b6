"""The demo customers on the login page: one per Podero sandbox user, with that user's customer number
(podero_sandbox/user_lookup.py), and one whose number Podero does not know."""

from dataclasses import dataclass

from podero_sandbox.seed import seed_users
from podero_sandbox.users import give_customer_numbers


@dataclass(frozen=True)
class Customer:
    sub: str  # the provider's own, stable id of the person
    name: str
    email: str
    customer_number: str


def _sandbox_customers() -> list[Customer]:
    users = seed_users()
    give_customer_numbers(users)
    return [
        Customer(f"idp-{user.first_name.lower()}", f"{user.first_name} {user.last_name}", user.email, number)
        for user in users.values()
        if (number := user.external_id)
    ]


UNKNOWN_CUSTOMER = Customer("idp-erin", "Erin Unknown", "erin@example.com", "C99999")
CUSTOMERS = [*_sandbox_customers(), UNKNOWN_CUSTOMER]


def customer(sub: str) -> Customer | None:
    return next((known for known in CUSTOMERS if known.sub == sub), None)
