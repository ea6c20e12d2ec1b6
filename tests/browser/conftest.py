"""Browser tests: Debian's headless Chromium, driven by Playwright, against the live portal and the sandbox.

The portal runs in pytest-django's `live_server` thread and talks to the in-thread Podero sandbox (the
`sandbox` fixture), so a test clicks in the browser and then reads exactly what Podero received.
Every page a test opens is watched: a Content Security Policy violation or a script error fails the test.
"""

import os

# Playwright's sync API keeps an event loop in the main thread; Django refuses ORM calls from a thread with a
# running loop unless told this is fine. The tests' own fixtures (alice, her session) run in that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from podero_sandbox import seed
from preferences.models import Homeowner
from tests.browser.helpers import PHONE
from tests.browser.layout import layout_problems

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How Chromium words a blocked inline script, style, eval or resource in the console.
CSP_VIOLATION = re.compile(r"Content Security Policy|Refused to (apply|execute|load|connect|evaluate)", re.I)

expect.set_options(timeout=5_000)


def _served_by_whitenoise(application: Any) -> Any:
    """No test-only static handler: static files come through WhiteNoise from STATIC_ROOT, as in production."""
    return application


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """pytest-django's live server without its static handler, which finds only unhashed file names and
    answers 404 for the hashed ones the pages link to (CompressedManifestStaticFilesStorage)."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = _served_by_whitenoise
    server.start()
    yield server
    server.stop()


# Package scope: Playwright's sync API holds an event loop in this thread while it runs, so it must be gone
# before tests elsewhere start their own.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
            "Playwright's own browser download is not used.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Console:
    """What the pages of a test reported: console messages and uncaught script errors."""

    messages: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    policy_events: list[str] = field(default_factory=list)

    def watch_context(self, context: BrowserContext) -> None:
        """Also catch the browser's own `securitypolicyviolation` events, on every page of `context`."""
        context.expose_binding("__reportCspViolation", lambda _source, text: self.policy_events.append(text))
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));"
        )

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_console(self, message: ConsoleMessage) -> None:
        self.messages.append(f"{message.type}: {message.text}")

    def csp_violations(self) -> list[str]:
        return [text for text in self.messages if CSP_VIOLATION.search(text)] + self.policy_events


@dataclass
class Portal:
    """The live portal, wired to the sandbox, and a way to open (logged-in) browser pages on it."""

    url: str
    sandbox: Any
    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    console: Console = field(default_factory=Console)

    def new_page(
        self, *, javascript: bool = True, viewport: dict[str, int] | None = None, locale: str = "en-GB"
    ) -> Page:
        # A European homeowner's browser, in the schedule's own time zone.
        context = self.browser.new_context(
            base_url=self.url,
            java_script_enabled=javascript,
            viewport=viewport or PHONE,
            locale=locale,
            timezone_id=seed.DEFAULT_TIMEZONE,
        )
        context.set_default_timeout(5_000)
        self.console.watch_context(context)
        self.contexts.append(context)
        page = context.new_page()
        self.console.watch(page)
        return page

    def logged_in_page(
        self,
        homeowner: Homeowner,
        *,
        javascript: bool = True,
        viewport: dict[str, int] | None = None,
        locale: str = "en-GB",
    ) -> Page:
        """A page whose browser carries a session for `homeowner` (the login form has its own tests)."""
        page = self.new_page(javascript=javascript, viewport=viewport, locale=locale)
        client = Client()
        client.force_login(homeowner.user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.url}])
        return page


@pytest.fixture
def portal(
    live_server: LiveServer, transactional_db: None, sandbox: Any, browser: Browser
) -> Iterator[Portal]:
    """The live portal and the sandbox. Afterwards, no page may have reported a CSP violation or script error."""
    portal = Portal(url=live_server.url, sandbox=sandbox, browser=browser)
    yield portal
    for context in portal.contexts:
        context.close()
    assert portal.console.csp_violations() == [], "the browser reported Content Security Policy violations"
    assert portal.console.page_errors == [], "a page raised a script error"


@pytest.fixture
def page(portal: Portal, alice: Homeowner) -> Page:
    """A phone-sized page, logged in as alice, with JavaScript (and so htmx)."""
    return portal.logged_in_page(alice)


@pytest.fixture
def no_js_page(portal: Portal, alice: Homeowner) -> Page:
    """A phone-sized page, logged in as alice, in a browser with JavaScript turned off."""
    return portal.logged_in_page(alice, javascript=False)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe) -> Callable[[Page], None]:
    """Run axe-core on the page as it is now; fail with axe's own report when it finds any violation."""

    def check(page: Page) -> None:
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def check_layout(axe: Axe) -> Callable[..., None]:
    """Fail with every problem `layout.layout_problems` finds on the page as it is now, at phone and desk width."""

    def check(page: Page, **options: Any) -> None:
        problems = layout_problems(page, axe, **options)
        assert problems == [], "the page does not hold up:\n" + "\n".join(problems)

    return check
