"""What the operations team sees: /metrics (operators only), and one click followed by its request id from the web
request to the worker's job and its Podero call, with no token, secret or personal value in any line."""

import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families
from pythonjsonlogger.json import JsonFormatter

from podero_portal import logs
from preferences.models import TimedPause
from tests.helpers import HTMX, action_url
from tests.worker import run_worker

TOKEN = "metrics-token-for-tests"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
CLICK_ID = "click-0123456789abcdef"


def samples(text):
    """{(name, frozenset(labels)): value} of a scrape."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(scrape, name, **labels):
    return scrape.get((name, frozenset(labels.items())), 0.0)


def scrape(client):
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    return samples(response.content.decode())


class Lines(logging.Handler):
    """Every log line as production writes it: JSON, with the request id and the scrubbing."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.addFilter(logs.RequestId())
        self.addFilter(logs.Scrub())
        config = logs.config(level="DEBUG", json=True)["formatters"]["console"]
        self.setFormatter(JsonFormatter(config["fmt"], rename_fields=config["rename_fields"]))
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def lines():
    handler, root = Lines(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def operator_token(settings):
    settings.METRICS_TOKEN = TOKEN


def test_metrics_are_not_found_for_a_homeowner_nor_with_a_wrong_token(client, alice, operator_token):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer guess"}).status_code == 404
    client.force_login(alice.user)
    assert client.get("/metrics").status_code == 404


def test_metrics_without_a_token_configured_are_not_found_for_an_empty_bearer(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_a_superuser_may_read_the_metrics(client, django_user_model, sandbox):
    admin = django_user_model.objects.create_superuser("ops@example.com", "ops@example.com", "pw")
    client.force_login(admin)
    assert client.get("/metrics").status_code == 200


def test_a_scrape_after_a_click_finds_its_podero_call_and_its_request(
    client, sandbox, alice_heat_pump, operator_token
):
    before = scrape(client)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert response.status_code == 200
    after = scrape(client)
    put = {"family": "writes", "method": "PUT", "status": "200"}
    assert value(after, "podero_calls_total", **put) == value(before, "podero_calls_total", **put) + 1
    assert value(after, "podero_call_seconds_count", family="writes") >= 1
    click = {"view": "preferences:pause", "method": "POST", "status": "200"}
    assert (
        value(after, "portal_requests_total", **click) == value(before, "portal_requests_total", **click) + 1
    )
    assert value(after, "portal_one_write_wait_seconds_count", role="led") >= 1
    for family in ("insights", "device_reads", "writes"):
        assert value(after, "podero_breaker_open", family=family) == 0
    assert ("worker_backlog", frozenset()) in after
    assert ("worker_lag_seconds", frozenset()) in after


@pytest.mark.django_db(transaction=True)
def test_the_worker_backlog_and_its_lag_are_read_from_the_tasks_table(
    client, sandbox, alice_heat_pump, operator_token
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause-for-a-while"), {"length": "3h"}, headers=HTMX)
    assert value(scrape(client), "worker_backlog") == 0, "not due for three hours"

    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=90))
    due = scrape(client)

    assert value(due, "worker_backlog") == 1
    assert 89 <= value(due, "worker_lag_seconds") < 120


@pytest.mark.django_db(transaction=True)
def test_one_request_id_follows_a_click_to_the_worker_and_its_podero_call(
    client, sandbox, alice_heat_pump, lines
):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(
        action_url(alice_heat_pump, "pause-for-a-while"),
        {"length": "3h"},
        headers={**HTMX, "X-Request-ID": CLICK_ID},
    )

    assert response["X-Request-ID"] == CLICK_ID
    [job] = DBTaskResult.objects.all()
    assert CLICK_ID in job.args_kwargs["args"]
    TimedPause.objects.update(ends_at=timezone.now() - timedelta(seconds=1))
    job.run_after = timezone.now() - timedelta(seconds=1)
    job.save(update_fields=["run_after"])
    lines.clear()
    run_worker()

    ours = [line for line in lines if line["request_id"] == CLICK_ID]
    assert any(line["logger"] == "preferences.jobs" and "started" in line["message"] for line in ours)
    assert any(line["logger"] == "preferences.podero.transport" and "PUT" in line["message"] for line in ours)
    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is True


@pytest.mark.django_db(transaction=True)
def test_no_line_of_a_click_and_its_job_holds_a_token_a_secret_or_an_email(
    client, sandbox, settings, alice_heat_pump, lines
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause-for-a-while"), {"length": "3h"}, headers=HTMX)
    TimedPause.objects.update(ends_at=timezone.now() - timedelta(seconds=1))
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()

    text = json.dumps(lines)
    token = sandbox.control("GET", "requests")[-1]["headers"].get("authorization", "").removeprefix("Bearer ")
    assert lines, "the click and the job wrote lines"
    assert token
    assert token not in text
    assert settings.PODERO_CLIENT_SECRET not in text
    assert alice_heat_pump.homeowner.user.email not in text


def test_a_line_that_would_carry_a_secret_is_scrubbed():
    assert logs.scrub("Authorization: Bearer abc.def-123") == "Authorization: Bearer [hidden]"
    assert logs.scrub("grant_type=client_credentials&client_secret=s3cr3t") == (
        "grant_type=client_credentials&client_secret=[hidden]"
    )
    assert logs.scrub('{"access_token": "xyz", "expires_in": 3600}') == (
        '{"access_token": "[hidden]", "expires_in": 3600}'
    )
    assert logs.scrub("mail to alice@example.com failed") == "mail to [e-mail] failed"
