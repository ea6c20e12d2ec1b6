from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from podero_idp.cli import add_arguments, run


class Command(BaseCommand):
    help = "Run the stand-in identity provider (OpenID Connect) for signing in with the energy company's account."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        run(
            host=options["host"],
            port=options["port"],
            fault=options["fault"],
            out=self.stdout,  # type: ignore[arg-type]  # an OutputWrapper writes like a TextIO
        )
