"""Linking (or inviting) many customers at once: from a CSV of e-mail and customer number, or Podero's whole
user list. Podero's list is read once (a call per page); each customer is then linked without another call.

Idempotent: a customer already linked (and, when inviting, already invited or with a password) is left as it
is. A malformed row, a customer Podero does not list, or one that cannot be linked is reported and the rest
goes on.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from preferences.invitations.actions import NotInvited, invite
from preferences.invitations.links import Known, LinkRefused, check_linkable, link_customer
from preferences.podero.user_directory import PoderoUser

HEADER_NAMES = {"email", "e-mail", "mail"}


class Outcome(StrEnum):
    LINKED = "linked"
    INVITED = "invited"
    ALREADY = "already linked"
    UNKNOWN = "unknown customer"
    MISMATCH = "e-mail differs from Podero's"
    REFUSED = "refused"
    MALFORMED = "malformed row"
    NOT_SENT = "invitation not sent"


# What a problem line says for each outcome that is one.
PROBLEMS = {Outcome.UNKNOWN, Outcome.MISMATCH, Outcome.REFUSED, Outcome.MALFORMED, Outcome.NOT_SENT}


@dataclass(frozen=True)
class Entry:
    """One customer to link: where it came from (a CSV line, or Podero's list), and the Podero user, if found."""

    where: str
    customer: PoderoUser | None = None
    problem: Outcome | None = None
    detail: str = ""
    language: str = ""


@dataclass
class Summary:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    lines: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome, line: str = "") -> None:
        self.counts[outcome] += 1
        if line:
            self.lines.append(line)

    def in_words(self, *, dry_run: bool) -> str:
        said = ", ".join(f"{outcome.value}: {count}" for outcome, count in self.counts.items() if count)
        return ("Dry run, nothing changed. " if dry_run else "") + (said or "nothing to do")


def entries_from_csv(rows: TextIO, users: Iterable[PoderoUser]) -> Iterator[Entry]:
    """Each CSV row (`email,customer_number[,language]`, an optional header) as an entry, found in `users` by
    its customer number."""
    by_number = {user.customer_number.lower(): user for user in users if user.customer_number}
    for line, row in enumerate(csv.reader(rows), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (line == 1 and cells[0].lower() in HEADER_NAMES):
            continue
        where = f"line {line}"
        problem = _malformed(cells)
        if problem:
            yield Entry(where, problem=Outcome.MALFORMED, detail=problem)
            continue
        email, number = cells[0].lower(), cells[1]
        language = cells[2].lower() if len(cells) > 2 else ""
        customer = by_number.get(number.lower())
        if customer is None:
            yield Entry(where, problem=Outcome.UNKNOWN, detail=f"Podero lists no customer number {number}")
        elif customer.email != email:
            yield Entry(where, customer, Outcome.MISMATCH, f"{email} in the list, {customer.email} at Podero")
        else:
            yield Entry(where, customer, language=language)


def entries_from_podero(users: Iterable[PoderoUser]) -> Iterator[Entry]:
    """Every homeowner of Podero's list (role `user`, or none given); staff and admins are not homeowners."""
    for user in users:
        if user.role in ("", "user"):
            yield Entry(f"Podero user {user.customer_number or user.id}", user)


def _malformed(cells: list[str]) -> str:
    if len(cells) not in (2, 3):
        return f"expected e-mail,customer number[,language], got {len(cells)} fields"
    try:
        validate_email(cells[0])
    except ValidationError:
        return "the first field is not an e-mail address"
    if not cells[1]:
        return "no customer number"
    if len(cells) == 3 and cells[2].lower() not in dict(settings.LANGUAGES):
        return f"unknown language {cells[2]!r}"
    return ""


def link_all(
    entries: Iterable[Entry],
    *,
    invite_them: bool,
    dry_run: bool,
    language: str,
    portal_url: str,
    now: datetime,
    tick: Callable[[str], None] = lambda line: None,
) -> Summary:
    """Link (and with `invite_them`, invite) each entry; `tick(problem line or "")` after each one."""
    entries = list(entries)
    known = Known.of(entry.customer for entry in entries if entry.customer is not None)
    summary, planned = Summary(), set[object]()
    for entry in entries:
        outcome, line = _one(
            entry, invite_them, dry_run, language or entry.language, portal_url, now, planned, known
        )
        summary.add(outcome, line)
        tick(line)
    return summary


def _one(
    entry: Entry,
    invite_them: bool,
    dry_run: bool,
    language: str,
    portal_url: str,
    now: datetime,
    planned: set[object],
    known: Known,
) -> tuple[Outcome, str]:
    customer = entry.customer
    if entry.problem is not None or customer is None:
        outcome = entry.problem or Outcome.UNKNOWN
        return outcome, f"{entry.where}: {outcome.value}: {entry.detail}"
    language = language or settings.LANGUAGE_CODE
    try:
        linked = check_linkable(customer, known)
    except LinkRefused as exc:
        return Outcome.REFUSED, f"{entry.where}: {Outcome.REFUSED.value}: {exc}"
    pending = linked is None or (
        invite_them and linked.invited_at is None and not linked.user.has_usable_password()
    )
    if not pending or customer.id in planned:
        return Outcome.ALREADY, ""
    planned.add(customer.id)
    verb = Outcome.INVITED if invite_them else Outcome.LINKED
    if dry_run:
        return verb, f"{entry.where}: would be {verb.value}: {customer.email}"
    try:
        if invite_them:
            invite(customer, language=language, portal_url=portal_url, now=now)
        else:
            link_customer(customer, language=language)
    except LinkRefused as exc:
        return Outcome.REFUSED, f"{entry.where}: {Outcome.REFUSED.value}: {exc}"
    except NotInvited as exc:
        return Outcome.NOT_SENT, f"{entry.where}: {Outcome.NOT_SENT.value}: {exc}"
    return verb, ""
