"""Every way a sign-in with the energy company's account is refused: a plain page in the person's language, a log
line naming the cause, and nothing created. The faults are the stand-in provider's own (podero_idp/faults.py)."""

import html
import logging
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from preferences.models import Homeowner

from .flow import at_provider, pick, portal_client, sign_in

pytestmark = pytest.mark.django_db


def assert_refused(answer: Any, caplog: Any, *, status: int, cause: str, says: str) -> None:
    assert answer.status_code == status
    assert says in answer.content.decode()
    assert f"Sign-in refused ({cause})" in caplog.text
    assert Homeowner.objects.count() == 0
    assert get_user_model().objects.count() == 0
    assert "_auth_user_id" not in answer.wsgi_request.session


@pytest.mark.parametrize(
    ("fault", "cause", "says"),
    [
        ("bad_signature", "signature", "Sign-in could not be verified"),
        ("wrong_audience", "audience", "Sign-in could not be verified"),
        ("wrong_nonce", "nonce", "Sign-in could not be verified"),
        ("expired", "expired", "had already expired"),
        ("missing_claim", "missing_claim", "did not tell us your customer number"),
        ("odd_claim", "odd_claim", "a customer number we cannot read"),
    ],
)
def test_a_faulty_answer_from_the_provider_is_refused(
    idp: Any, caplog: Any, fault: str, cause: str, says: str
) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    answer = sign_in(portal_client(), "idp-alice", fault=fault)
    assert_refused(answer, caplog, status=400, cause=cause, says=says)


def test_a_fault_chosen_for_every_sign_in_through_the_control_api(idp: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    idp.fault("bad_signature")
    answer = sign_in(portal_client(), "idp-alice")
    assert_refused(answer, caplog, status=400, cause="signature", says="Sign-in could not be verified")


def test_a_callback_whose_state_this_browser_never_sent_is_refused(idp: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    victim = portal_client()
    callback = pick(at_provider(victim), "idp-alice")
    attacker = portal_client()
    at_provider(attacker)  # the attacker's own sign-in, with another state

    answer = attacker.get(callback)

    assert_refused(answer, caplog, status=400, cause="state", says="This sign-in has expired")


def test_a_callback_in_a_browser_that_started_no_sign_in_is_refused(idp: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    callback = pick(at_provider(portal_client()), "idp-alice")

    answer = portal_client().get(callback)

    assert_refused(answer, caplog, status=400, cause="state", says="This sign-in has expired")


def test_a_callback_used_twice_is_refused_the_second_time(idp: Any, caplog: Any) -> None:
    client = portal_client()
    callback = pick(at_provider(client), "idp-alice")
    assert client.get(callback).status_code == 302
    client.logout()

    again = client.get(callback)

    assert again.status_code == 400
    assert "Sign-in refused (state)" in caplog.text


def test_cancelling_at_the_provider_says_so(idp: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    client = portal_client()
    authorize = at_provider(client)
    cancelled = requests.post(authorize, data={"cancel": "1"}, allow_redirects=False, timeout=5)
    back = urlsplit(cancelled.headers["Location"])
    assert "error=access_denied" in back.query

    answer = client.get(f"{back.path}?{back.query}")

    assert_refused(answer, caplog, status=400, cause="cancelled", says="Sign-in was cancelled")


def test_a_customer_podero_does_not_know_gets_the_explaining_page(
    idp: Any, sandbox: Any, caplog: Any
) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    answer = sign_in(portal_client(), "idp-erin")

    assert_refused(answer, caplog, status=404, cause="unknown_customer", says="customer number C99999")
    assert "contact your energy company's customer service" in html.unescape(answer.content.decode())
    assert [r["path"].rsplit("/", 1)[-1] for r in sandbox.requests() if "by-ext-id" in r["path"]] == [
        "C99999"
    ]


def test_the_explaining_page_in_german_names_whom_to_contact(idp: Any, settings: Any) -> None:
    settings.CUSTOMER_SERVICE_CONTACT = "den Kundenservice, 0800 123 456"
    client = portal_client()
    callback = pick(at_provider(client), "idp-erin")

    page = client.get(callback, HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "Diese Kundennummer kennen wir noch nicht" in page
    assert "Kundennummer C99999" in page
    assert "Bitte wenden Sie sich an den Kundenservice, 0800 123 456." in page


@pytest.mark.parametrize("fault", [{"status": 503}, {"status": 500}, {"drop_connection": True}])
def test_podero_failing_during_the_first_sign_in_says_so_and_creates_nothing(
    idp: Any, sandbox: Any, caplog: Any, fault: dict[str, Any]
) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    sandbox.fault(path_contains="by-ext-id", **fault)

    answer = sign_in(portal_client(), "idp-alice")

    assert_refused(answer, caplog, status=503, cause="podero_down", says="did not answer")


def test_the_provider_down_at_the_start_says_so(idp: Any, settings: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens there

    answer = portal_client().get("/accounts/signin/start/")

    assert answer.status_code == 503
    assert "The sign-in service cannot be reached" in answer.content.decode()
    assert "Sign-in refused (provider_down)" in caplog.text


def test_a_homeowner_switched_off_by_staff_is_not_signed_in(idp: Any, caplog: Any) -> None:
    caplog.set_level(logging.WARNING, logger="preferences.signin")
    sign_in(portal_client(), "idp-alice")
    homeowner = Homeowner.objects.get()
    homeowner.user.is_active = False
    homeowner.user.save()

    answer = sign_in(portal_client(), "idp-alice")

    assert answer.status_code == 403
    assert "This account is switched off" in answer.content.decode()
    assert "Sign-in refused (switched_off)" in caplog.text
    assert "_auth_user_id" not in answer.wsgi_request.session
