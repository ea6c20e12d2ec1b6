"""Two first sign-ins of one customer at the same moment (two tabs, two devices): one homeowner, both signed in."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from preferences.models import Homeowner

from .flow import at_provider, pick, portal_client

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_first_sign_ins_at_once_create_one_homeowner(idp: Any, sandbox: Any) -> None:
    clients = [portal_client(), portal_client()]
    callbacks = [pick(at_provider(client), "idp-alice") for client in clients]
    # Podero answers slowly, so both sign-ins have asked it before either has linked the homeowner.
    sandbox.fault(latency_ms=400, path_contains="by-ext-id")

    def come_back(index: int) -> Any:
        try:
            return clients[index].get(callbacks[index])
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(come_back, [0, 1]))

    assert [answer.status_code for answer in answers] == [302, 302]
    assert Homeowner.objects.count() == 1
    assert get_user_model().objects.count() == 1
    assert len([r for r in sandbox.requests() if "by-ext-id" in r["path"]]) == 2
    for client in clients:
        assert client.get("/").status_code == 200
