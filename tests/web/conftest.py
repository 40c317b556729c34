"""Browser fixtures for the end-to-end tests of the web page.

The service itself comes from the session fixture ``live_server_url`` defined in
tests/conftest.py (a str such as "http://127.0.0.1:PORT").

Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM_PATH); Playwright's own
browser download is never used, so ``playwright install`` is not needed.
"""
import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "eval" / "results" / "screenshots"


@pytest.fixture(scope="session")
def browser_page():
    """One headless Chromium for the whole session (yields the Browser).

    Pages are made per test by the ``web`` (1366x768) and ``phone``
    (390x844) fixtures.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium "
                    "(or set CHROMIUM_PATH)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, viewport):
    """A fresh context (empty localStorage) and page at the given size."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    # JavaScript errors are bugs even when the page still looks fine.
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    return page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Remember each phase's outcome so fixtures can react to a failed test.
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def _close(page, request):
    """Closes a test's page; on failure keeps a screenshot of what was shown."""
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        try:
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{name}.png"))
        except Exception:  # the page may already be gone: the test failure is what matters
            pass
    page.context.close()


@pytest.fixture
def web(browser_page, request):
    """A fresh 1366x768 page per test (own context, so empty localStorage)."""
    page = new_page(browser_page, DESKTOP)
    yield page
    _close(page, request)


@pytest.fixture
def phone(browser_page, request):
    """A fresh 390x844 page per test, for the narrow layout."""
    page = new_page(browser_page, PHONE)
    yield page
    _close(page, request)


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
