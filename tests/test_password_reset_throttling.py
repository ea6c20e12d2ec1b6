"""Password-reset mails are throttled per address and per client, without telling whether an address exists."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains

TOO_MANY_FOR_ADDRESS = "Several links for this address were asked for in the last hour"
TOO_MANY_FROM_HERE = "Too many password resets were asked for from here"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def alert(response) -> str:
    [text] = re.findall(r'role="alert">(.*?)</div>', response.content.decode(), re.S)
    return text


def ask(client, email, address="192.0.2.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_at_most_three_mails_go_to_one_address_in_an_hour(client, alice):
    answers = [ask(client, "alice@example.com") for _ in range(4)]

    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assertContains(answers[3], TOO_MANY_FOR_ADDRESS, status_code=429)
    assertContains(answers[3], 'value="alice@example.com"', status_code=429)


def test_the_address_is_counted_in_any_case_and_from_any_client(client, alice):
    for n, email in enumerate(["alice@example.com", "Alice@Example.com ", "ALICE@example.com"]):
        ask(client, email, address=f"192.0.2.{n + 10}")

    answer = ask(client, "alice@example.com", address="198.51.100.7")

    assert len(mail.outbox) == 3
    assertContains(answer, TOO_MANY_FOR_ADDRESS, status_code=429)


def test_the_refusal_reads_the_same_whether_or_not_an_account_uses_the_address(client, alice):
    for _ in range(3):
        ask(client, "alice@example.com", address="192.0.2.1")
        ask(client, "nobody@example.com", address="192.0.2.2")

    known = ask(client, "alice@example.com", address="192.0.2.1")
    unknown = ask(client, "nobody@example.com", address="192.0.2.2")

    assert known.status_code == unknown.status_code == 429
    assert alert(known) == alert(unknown)
    assert TOO_MANY_FOR_ADDRESS in alert(known)


def test_one_client_may_ask_for_ten_addresses_in_an_hour_and_no_more(client, alice):
    answers = [ask(client, f"person{n}@example.com") for n in range(10)]
    alices = ask(client, "alice@example.com")
    elsewhere = ask(client, "alice@example.com", address="203.0.113.9")

    assert {a.status_code for a in answers} == {302}
    assertContains(alices, TOO_MANY_FROM_HERE, status_code=429)
    assert elsewhere.status_code == 302
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_the_limits_are_settings(client, alice, settings):
    settings.PASSWORD_RESET_MAILS_PER_ADDRESS = 1

    first, second = ask(client, "alice@example.com"), ask(client, "alice@example.com")

    assert (first.status_code, second.status_code) == (302, 429)
    assert len(mail.outbox) == 1
