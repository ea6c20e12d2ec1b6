"""`manage.py link_customers`: every customer of a CSV (e-mail, customer number) or of Podero's user list, linked
or invited; idempotent, a dry run, a summary, bad rows reported while the rest goes on."""

from io import StringIO
from uuid import uuid4

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from preferences.invitations.bulk import entries_from_podero
from preferences.models import Homeowner
from preferences.podero.user_directory import PoderoUser

CUSTOMERS = 1000


def add_customers(sandbox, count):
    """`count` Podero users C10003, C10004, ... (the sandbox numbers its demo users C10000 + place)."""
    for number in range(count):
        sandbox.control("POST", "users", {"email": f"customer{number}@example.com"})


def csv_file(tmp_path, lines):
    path = tmp_path / "customers.csv"
    path.write_text("email,customer_number\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def customer_rows(count):
    return [f"customer{number}@example.com,C{10003 + number}" for number in range(count)]


def link(*args):
    out, err = StringIO(), StringIO()
    call_command("link_customers", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("reading", "list_calls"), [("array", 1), ("paginated", 11)])
def test_a_thousand_customers_from_a_csv_are_linked_with_one_call_per_page_of_podero_s_list(
    db, sandbox, tmp_path, reading, list_calls
):
    add_customers(sandbox, CUSTOMERS)
    sandbox.reading(user_pages=reading)
    path = csv_file(tmp_path, customer_rows(CUSTOMERS))
    sandbox.clear_requests()

    out, err = link(path)

    assert Homeowner.objects.count() == CUSTOMERS
    calls = sandbox.requests()
    assert len(calls) == list_calls
    assert {(call["method"], call["path"].rsplit("/", 1)[-1]) for call in calls} == {("GET", "users")}
    assert out.splitlines()[-1] == "linked: 1000"
    assert err == ""  # no progress bar when not on a terminal


def test_a_second_run_changes_nothing(db, sandbox, tmp_path):
    add_customers(sandbox, 20)
    path = csv_file(tmp_path, customer_rows(20))
    link(path, "--invite", "--portal-url", "https://portal.example.com")
    before = list(Homeowner.objects.values_list("pk", "invited_at"))

    out, _err = link(path, "--invite", "--portal-url", "https://portal.example.com")

    assert out.strip() == "already linked: 20"
    assert list(Homeowner.objects.values_list("pk", "invited_at")) == before
    assert len(mail.outbox) == 20
    assert sandbox.writes() == []


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(db, sandbox, tmp_path):
    add_customers(sandbox, 3)

    out, _err = link(csv_file(tmp_path, customer_rows(3)), "--dry-run")

    assert "line 2: would be linked: customer0@example.com" in out
    assert out.splitlines()[-1] == "Dry run, nothing changed. linked: 3"
    assert not Homeowner.objects.exists()


def test_malformed_rows_and_unknown_customers_are_reported_and_the_rest_goes_on(db, sandbox, tmp_path):
    add_customers(sandbox, 2)
    rows = [
        "customer0@example.com,C10003",
        "not-an-address,C10004",
        "only-one-field@example.com",
        "stranger@example.com,C99999",
        "someone.else@example.com,C10004",
        "customer1@example.com,C10004,fr",
    ]

    out, _err = link(csv_file(tmp_path, rows))

    assert "line 3: malformed row: the first field is not an e-mail address" in out
    assert "line 4: malformed row: expected e-mail,customer number[,language], got 1 fields" in out
    assert "line 5: unknown customer: Podero lists no customer number C99999" in out
    assert (
        "line 6: e-mail differs from Podero's: someone.else@example.com in the list, customer1@example.com"
        in out
    )
    assert "line 7: malformed row: unknown language 'fr'" in out
    assert list(Homeowner.objects.values_list("user__email", flat=True)) == ["customer0@example.com"]
    assert out.splitlines()[-1] == (
        "linked: 1, unknown customer: 1, e-mail differs from Podero's: 1, malformed row: 3"
    )


def test_a_customer_linked_to_another_login_is_refused_and_reported(db, sandbox, tmp_path, alice):
    alice.user.username = alice.user.email = "customer0@example.com"
    alice.user.save()
    add_customers(sandbox, 1)

    out, _err = link(csv_file(tmp_path, customer_rows(1)))

    assert "line 2: refused: The login customer0@example.com is already linked to another Podero user." in out


def test_inviting_mails_each_customer_in_the_csv_s_language(db, sandbox, tmp_path):
    add_customers(sandbox, 2)
    rows = ["customer0@example.com,C10003,de", "customer1@example.com,C10004"]

    link(csv_file(tmp_path, rows), "--invite", "--portal-url", "https://portal.example.com")

    languages = dict(Homeowner.objects.values_list("user__email", "language"))
    assert languages == {"customer0@example.com": "de", "customer1@example.com": "en"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "customer0@example.com",
        "customer1@example.com",
    ]
    assert all("https://portal.example.com/accounts/invitation/" in message.body for message in mail.outbox)


def test_every_homeowner_of_podero_s_list_is_linked_from_podero(db, sandbox):
    add_customers(sandbox, 3)

    out, _err = link("--from-podero")

    assert Homeowner.objects.count() == 5
    assert out.splitlines()[-1] == "linked: 5"


def test_inviting_without_the_portal_s_address_stops_before_anything(db, sandbox, tmp_path, settings):
    settings.PORTAL_URL = ""

    with pytest.raises(CommandError, match="PORTAL_URL"):
        link(csv_file(tmp_path, []), "--invite")

    assert sandbox.requests() == []


def test_podero_down_stops_with_the_reason_and_links_nobody(db, sandbox, tmp_path):
    sandbox.fault(path_contains="/users", status=503, count=10)

    with pytest.raises(CommandError, match="user list could not be read"):
        link(csv_file(tmp_path, customer_rows(1)))

    assert not Homeowner.objects.exists()


def test_staff_and_admins_in_podero_s_list_are_not_made_homeowners():
    users = [
        PoderoUser(id=uuid4(), email="ops@energy.example", role="staff"),
        PoderoUser(id=uuid4(), email="boss@energy.example", role="admin"),
        PoderoUser(id=uuid4(), email="home@example.com", role="user"),
        PoderoUser(id=uuid4(), email="unsaid@example.com"),
    ]

    assert [entry.customer.email for entry in entries_from_podero(users)] == [
        "home@example.com",
        "unsaid@example.com",
    ]
