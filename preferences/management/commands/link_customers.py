import sys
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from preferences import podero
from preferences.invitations import bulk
from preferences.podero.client import get_client
from preferences.podero.user_directory import list_users


class Command(BaseCommand):
    help = (
        "Link (or with --invite, invite) every customer of a CSV of e-mail,customer number[,language], or of "
        "Podero's whole user list (--from-podero). Run it again: it changes nothing already done."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("csv", nargs="?", type=Path, help="CSV file: e-mail,customer number[,language]")
        source.add_argument(
            "--from-podero", action="store_true", help="every homeowner in Podero's user list"
        )
        parser.add_argument(
            "--invite", action="store_true", help="also e-mail each new customer a set-password link"
        )
        parser.add_argument("--dry-run", action="store_true", help="say what would be done, change nothing")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the invitations' language (else the CSV's third column, else the portal's default)",
        )
        parser.add_argument(
            "--portal-url", default=settings.PORTAL_URL, help="the address links in mails lead to"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["invite"] and not options["portal_url"]:
            raise CommandError("--invite needs the portal's address: set PORTAL_URL or pass --portal-url.")
        try:
            users = list_users(get_client())
        except podero.PoderoError as exc:
            raise CommandError(f"Podero's user list could not be read: {exc}") from exc
        if users.incomplete:
            self.stderr.write(
                "Podero's user list could not be read to its end: some customers may be reported unknown."
            )
        if options["from_podero"]:
            entries = list(bulk.entries_from_podero(users))
        else:
            with self._open(options["csv"]) as rows:
                entries = list(bulk.entries_from_csv(rows, users))
        bar = tqdm(total=len(entries), unit="customer", file=sys.stderr, disable=not sys.stderr.isatty())

        def tick(line: str) -> None:
            if line:
                # The line above the bar, which is redrawn below it.
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stdout.write(line)
            bar.update()

        summary = bulk.link_all(
            entries,
            invite_them=options["invite"],
            dry_run=options["dry_run"],
            language=options["language"] or "",
            portal_url=options["portal_url"],
            now=timezone.now(),
            tick=tick,
        )
        bar.close()
        self.stdout.write(summary.in_words(dry_run=options["dry_run"]))

    def _open(self, path: Path) -> TextIO:
        try:
            return path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
