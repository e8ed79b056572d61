"""Fixtures for the browser tests: Debian chromium driven by Playwright, and where the widget lives.

`widget_base_url` is the origin that serves the demo page, `widget.js` and the public API. By default
it is a fake gateway with canned replies (tests/e2e/fake_gateway.py). To run the same tests against
the real stack, set MW_E2E_BASE_URL or override the fixture (e.g. to return `stack.gateway_url`);
tests that need the fake's canned replies (`canned`) are then skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tests.e2e.fake_gateway import FakeGateway, FakeGatewayServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium for the session (Playwright's own browser downloads do not work here)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-packages`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def fake_gateway() -> Iterator[FakeGatewayServer]:
    server = FakeGatewayServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def widget_base_url(request: pytest.FixtureRequest) -> str:
    """Origin of the demo page and the API: MW_E2E_BASE_URL, or else the fake gateway."""
    configured = os.environ.get("MW_E2E_BASE_URL")
    if configured:
        return configured.rstrip("/")
    server: FakeGatewayServer = request.getfixturevalue("fake_gateway")
    return server.url


@pytest.fixture
def canned(widget_base_url: str, fake_gateway: FakeGatewayServer) -> FakeGateway:
    """The fake gateway, for tests that rely on its canned replies or play the agent through it."""
    if widget_base_url != fake_gateway.url:
        pytest.skip("needs the fake gateway's canned replies")
    return fake_gateway.gateway


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own sessionStorage) at desktop size, Dutch locale."""
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
