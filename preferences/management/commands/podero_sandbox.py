from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from podero_sandbox.cli import add_arguments, chosen_readings, run


class Command(BaseCommand):
    help = "Run the local Podero sandbox (a stand-in for the Partner API v2.0) until Ctrl-C."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_arguments(parser)
        self._parser = parser

    def handle(self, *args: Any, **options: Any) -> None:
        run(
            host=options["host"],
            port=options["port"],
            latency_ms=options["latency_ms"],
            boost_start_delay=options["boost_start_delay"],
            readings=chosen_readings(self._parser, options["reading"]),
            out=self.stdout,  # type: ignore[arg-type]  # an OutputWrapper writes like a TextIO
        )
