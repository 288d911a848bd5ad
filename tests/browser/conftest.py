"""Real-browser tests: Playwright for Python driving Debian's Chromium.

`playwright install` cannot download browsers here, so the tests launch the
Chromium found at $CHROMIUM_PATH or on the PATH (Debian: `apt-get install chromium`).
Where there is none, they skip with a message saying how to enable them; CI sets
KOWES_REQUIRE_BROWSER=1 so that a missing browser fails instead.
"""

import os
import shutil

import pytest

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}


def _chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        message = (
            "No Chromium found: install it (`apt-get install chromium`) or set CHROMIUM_PATH "
            "to run the browser tests."
        )
        if os.environ.get("KOWES_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the live server's
    # database work happens in its own thread, so Django's async guard is not needed here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_site(live_server):
    """The live server (the data the migrations load is put back by tests/conftest.py)."""
    return live_server


@pytest.fixture
def page(browser, live_site):
    live_server = live_site
    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_site):
    live_server = live_site
    context = browser.new_context(
        base_url=live_server.url, locale="pl-PL", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    """Run axe-core's WCAG 2.1 A and AA rules on a page; returns the list of violations."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def run(page):
        results = checker.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        return [
            f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
            for v in results.response["violations"]
        ]

    return run


def tab_until(page, predicate, limit=60):
    """Press Tab until the focused element satisfies ``predicate(element_handle)``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle("document.activeElement")
        if predicate(handle.as_element()):
            return handle.as_element()
    raise AssertionError("The element was not reached with the keyboard.")


@pytest.fixture
def demo_site(live_site):
    """The demo portal as `make run` shows it (on top of what the migrations load)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
