"""Staff find a customer in Podero's user list, see what Podero knows of them and invite them; where the partner
wants it, staff create the Podero user with the customer number first. Nothing is half-created."""

import pytest
from django.core import mail
from django.urls import reverse

import podero_sandbox as seed
from preferences.models import Homeowner

SEARCH = reverse("admin:preferences_homeowner_invite")
CAROL = "ca001000-0000-4000-8000-000000000003"


@pytest.fixture
def carol(sandbox):
    """A customer Podero knows, with a heat pump, not yet in the portal."""
    sandbox.control(
        "POST",
        "users",
        {
            "id": CAROL,
            "email": "carol@example.com",
            "first_name": "Carol",
            "heat_pumps": 1,
            "is_onboarded": True,
        },
    )


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


def send_url(user_id):
    return reverse("admin:preferences_homeowner_invite_send", args=[user_id])


@pytest.mark.parametrize("query", ["carol@", "C10003", "c10003"])
def test_staff_find_a_customer_by_email_or_customer_number_with_what_podero_knows(staff, carol, query):
    response = staff.get(SEARCH, {"q": query})

    page = response.content.decode()
    assert response.status_code == 200
    assert "carol@example.com" in page
    assert "C10003" in page
    assert "heat pumps: 1, cars: 0, inverters: 0, wallboxes: 0" in page
    assert "never" in page
    assert "alice@example.com" not in page


def test_a_customer_already_in_the_portal_is_shown_with_their_login(staff, alice, sandbox):
    page = staff.get(SEARCH, {"q": "portal-alice"}).content.decode()

    assert reverse("admin:preferences_homeowner_devices", args=[alice.pk]) in page
    assert "Invite" not in page.split("<tbody>")[1]


def test_inviting_creates_the_homeowner_and_mails_the_link_in_the_chosen_language(staff, carol):
    response = staff.post(send_url(CAROL), {"language": "de", "q": "carol"})

    homeowner = Homeowner.objects.get(podero_user_id=CAROL)
    assert response.status_code == 302
    assert homeowner.user.email == "carol@example.com"
    assert homeowner.language == "de"
    assert not homeowner.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["carol@example.com"]
    assert "/accounts/invitation/" in message.body


def test_inviting_twice_sends_again_and_creates_no_second_login(staff, carol):
    staff.post(send_url(CAROL), {"language": "en", "q": "carol"})

    staff.post(send_url(CAROL), {"language": "en", "q": "carol"})

    assert Homeowner.objects.filter(podero_user_id=CAROL).count() == 1
    assert len(mail.outbox) == 2


def test_a_mail_that_fails_leaves_no_homeowner_behind(staff, carol, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.invitations.failing_mail.RefusingBackend"}}

    response = staff.post(send_url(CAROL), {"language": "en", "q": "carol"})

    assert response.status_code == 422
    assert "could not be sent" in response.content.decode()
    assert "No login was created" in response.content.decode()
    assert not Homeowner.objects.filter(podero_user_id=CAROL).exists()


def test_a_podero_outage_during_the_search_is_said_plainly(staff, sandbox):
    sandbox.fault(path_contains="/users", status=503, count=10)

    response = staff.get(SEARCH, {"q": "carol"})

    assert response.status_code == 503
    assert "could not be read" in response.content.decode()


def test_staff_without_the_podero_link_permission_cannot_invite(client, maria, carol):
    client.force_login(maria)

    assert client.get(SEARCH).status_code == 403
    assert client.post(send_url(CAROL), {"language": "en"}).status_code == 403
    assert not Homeowner.objects.filter(podero_user_id=CAROL).exists()


CREATE = reverse("admin:preferences_homeowner_invite_create")
NEW = {
    "email": "Nia@Example.com",
    "customer_number": "C20001",
    "first_name": "Nia",
    "last_name": "",
    "language": "en",
}


def test_creating_the_podero_user_is_offered_only_where_the_partner_wants_it(staff, sandbox, settings):
    settings.STAFF_CREATE_PODERO_USERS = False

    assert "Create in Podero" not in staff.get(SEARCH).content.decode()
    assert staff.post(CREATE, NEW).status_code == 403
    assert sandbox.writes() == []


def test_staff_create_the_podero_user_with_the_customer_number_and_invite_them(staff, sandbox, settings):
    settings.STAFF_CREATE_PODERO_USERS = True

    response = staff.post(CREATE, NEW)

    assert response.status_code == 302
    [created] = sandbox.writes()
    assert created["json"] == {
        "role": "user",
        "email": "nia@example.com",
        "external_user_id": "C20001",
        "first_name": "Nia",
    }
    homeowner = Homeowner.objects.get(user__email="nia@example.com")
    assert str(homeowner.podero_user_id) == created_id(sandbox, "C20001")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("reading", ["conflict", "bad_request", "unprocessable"])
def test_a_customer_number_podero_already_has_is_refused_and_nothing_is_created(
    staff, sandbox, settings, reading
):
    settings.STAFF_CREATE_PODERO_USERS = True
    sandbox.reading(duplicate_user=reading)

    response = staff.post(CREATE, NEW | {"customer_number": "portal-bob"})

    assert response.status_code == 422
    assert "Podero refused to create the user" in response.content.decode()
    assert 'value="portal-bob"' in response.content.decode()
    assert not Homeowner.objects.exists()
    assert mail.outbox == []


def test_a_created_podero_user_whose_mail_failed_is_said_exactly(staff, sandbox, settings):
    settings.STAFF_CREATE_PODERO_USERS = True
    settings.MAILERS = {"default": {"BACKEND": "tests.invitations.failing_mail.RefusingBackend"}}

    response = staff.post(CREATE, NEW)

    page = response.content.decode()
    assert response.status_code == 422
    assert "nia@example.com (customer number C20001) was created, but not invited" in page
    assert not Homeowner.objects.exists()


def test_a_creation_podero_did_not_answer_may_have_happened(staff, sandbox, settings):
    settings.STAFF_CREATE_PODERO_USERS = True
    sandbox.fault(method="POST", path_contains="/users", status=504)

    response = staff.post(CREATE, NEW)

    assert response.status_code == 422
    assert "the user may have been created" in response.content.decode()
    assert not Homeowner.objects.exists()


def created_id(sandbox, number):
    return next(user["id"] for user in sandbox.control("GET", "users") if user["external_id"] == number)


def test_the_homeowner_list_offers_invitations(staff, sandbox):
    assert SEARCH in staff.get(reverse("admin:preferences_homeowner_changelist")).content.decode()


def test_a_homeowner_whose_podero_user_was_deleted_is_shown_as_such_not_as_an_outage(staff, bob, sandbox):
    sandbox.control("POST", f"users/{seed.BOB_USER_ID}/delete")

    page = staff.get(reverse("admin:preferences_homeowner_devices", args=[bob.pk])).content.decode()

    assert "has been deleted in Podero" in page
    assert "Podero did not answer" not in page


def test_a_podero_outage_on_the_devices_page_stays_an_outage(staff, bob, sandbox):
    sandbox.fault(status=503, count=50)

    page = staff.get(reverse("admin:preferences_homeowner_devices", args=[bob.pk])).content.decode()

    assert "Podero did not answer" in page
    assert "deleted in Podero" not in page
