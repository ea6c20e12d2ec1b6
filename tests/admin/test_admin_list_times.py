"""Every admin list writes its times one way, the audit trail's ("24 November 2026, 07:05"), in English and German:
no column falls back to Django's long format with the weekday ("Tuesday 24 November 2026, 07:05")."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from preferences.alerts.models import Alert
from preferences.away import actions
from preferences.models import Absence, Change, Device, Homeowner
from tests.helpers import GERMAN

pytestmark = pytest.mark.usefixtures("sandbox")

MOMENT = datetime(2026, 11, 24, 6, 5, tzinfo=UTC)  # 07:05 in Berlin, a Tuesday
LISTS = ("homeowner", "device", "absence", "change", "alert")
SHORT = {"en": "24 November 2026, 07:05", "de": "24. November 2026, 07:05"}
LONG = {"en": "Tuesday", "de": "Dienstag"}
ANY_TIME = re.compile(r"\d{1,2}:\d{2}")


@pytest.fixture
def one_of_each(alice_heat_pump, alice_inverter):
    home = alice_heat_pump.homeowner
    actions.start_absence(
        homeowner=home,
        devices=[alice_heat_pump],
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(days=7),
        actor=home.user,
        now=timezone.now(),
    )
    Alert.objects.create(key="one", homeowner=home, kind=Alert.Kind.AWAY_ENDED, raised_at=MOMENT)
    Homeowner.objects.update(created_at=MOMENT)
    Device.objects.update(synced_at=MOMENT)
    Absence.objects.update(created_at=MOMENT, returns_at=MOMENT)
    Change.objects.update(created_at=MOMENT, finished_at=MOMENT)
    Alert.objects.update(emailed_at=MOMENT, dismissed_at=MOMENT)


def result_cells(html: str) -> list[str]:
    table = html.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("model", LISTS)
def test_every_time_in_an_admin_list_is_in_the_one_format(client, one_of_each, sam, model, language):
    client.force_login(sam)

    response = client.get(
        reverse(f"admin:preferences_{model}_changelist"), headers=GERMAN if language == "de" else {}
    )

    assert response.status_code == 200
    times = [cell for cell in result_cells(response.content.decode()) if ANY_TIME.search(cell)]
    assert times, f"no time in the {model} list"
    assert set(times) == {SHORT[language]}, times
    assert LONG[language] not in response.content.decode()
