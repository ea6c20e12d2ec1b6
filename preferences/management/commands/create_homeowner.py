from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from preferences.accounts import podero_user_problem, save_homeowner


class Command(BaseCommand):
    help = "Create or update a homeowner login linked to a Podero user id. Never prompts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--podero-user-id", required=True, type=UUID)
        parser.add_argument(
            "--password", help="Without it, a new login can only be used after a password reset."
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        problem = podero_user_problem(options["podero_user_id"])
        if problem:
            raise CommandError(f"Podero user {options['podero_user_id']}: {problem}")
        try:
            homeowner, created = save_homeowner(
                email=options["email"],
                podero_user_id=options["podero_user_id"],
                password=options["password"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except IntegrityError as exc:
            raise CommandError(
                f"Podero user {options['podero_user_id']} is already linked to another login."
            ) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} homeowner {homeowner} (Podero user {homeowner.podero_user_id}).")
