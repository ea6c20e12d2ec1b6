from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.management.base import BaseCommand

from preferences.accounts import save_homeowner, save_support_user
from preferences.admin.roles import SUPPORT_ACT, SUPPORT_READ_ONLY, support_group

DEMO_PASSWORD = "podero-demo"  # noqa: S105 - a public demo login for the local sandbox only

# The sandbox's seeded Podero users (podero_sandbox).
DEMO_HOMEOWNERS = [
    ("alice@example.com", "0a11ce00-0000-4000-8000-000000000001", "Alice", "Example"),
    ("bob@example.com", "0b0b0000-0000-4000-8000-000000000002", "Bob", "Example"),
]
# Customer service, at /admin/: one who can act for homeowners, one who can only look.
DEMO_SUPPORT = [
    ("support@example.com", "Maria", SUPPORT_ACT),
    ("support-readonly@example.com", "Sam", SUPPORT_READ_ONLY),
]


class Command(BaseCommand):
    help = "Create the demo logins that match the Podero sandbox's seeded users, and print them."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PODERO_BASE_URL != settings.PODERO_SANDBOX_URL:
            self.stdout.write("PODERO_BASE_URL is not the sandbox: no demo logins created.")
            return
        for email, podero_user_id, first_name, last_name in DEMO_HOMEOWNERS:
            save_homeowner(
                email=email,
                podero_user_id=UUID(podero_user_id),
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
            )
        for email, first_name, group in DEMO_SUPPORT:
            save_support_user(
                email=email, first_name=first_name, group=support_group(group), password=DEMO_PASSWORD
            )
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        for email, *_ in DEMO_HOMEOWNERS:
            self.stdout.write(f"  homeowner  {email}")
        for email, _first_name, group in DEMO_SUPPORT:
            self.stdout.write(f"  staff      {email}  at /admin/, {group}")
