"""The desk's "Inzicht" and "Regelingen" sections in a real browser (Debian chromium). Inzicht: a
supervisor opens it, the charts draw under the desk's Content-Security-Policy (no violation, nothing
from elsewhere), every chart has its table, and small groups read "< 10". Regelingen: an admin
checks and publishes the employer's file."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, expect

from api.container import Overrides
from api.desk.accounts import AccountStore
from api.desk.hours import parse_hours
from api.insights.store import InsightStore, last_finished_month
from api.main import create_app
from api.store.db import make_engine
from api.store.records import utcnow
from tests.api.conftest import make_settings
from tests.api.desk.conftest import PASSWORD, password_hash
from tests.api.fakes import FakeRasa
from tests.api.insights.conftest import add_rows
from tests.e2e.conftest import DESKTOP, SCREENSHOTS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    database_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    settings = make_settings(
        database_url,
        tmp_path / "tracker.db",
        desk_enabled=True,
        rate_limit_enabled=False,
        employers_dir=tmp_path / "employers",
    )
    app = create_app(settings, Overrides(rasa_transport=FakeRasa().transport()))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the gateway did not start"
        time.sleep(0.05)
    engine = make_engine(database_url)
    accounts = AccountStore(engine)
    accounts.create_tenant("gemeente-a", "Gemeente A", "Europe/Amsterdam", parse_hours("altijd"))
    InsightStore(engine).set_municipality("gemeente-a", "GM0153")
    accounts.create_agent("gemeente-a", "lead@a.nl", "Lisa", "supervisor", password_hash())
    accounts.create_agent("gemeente-a", "anna@a.nl", "Anna", "agent", password_hash())
    accounts.create_agent("gemeente-a", "beheer@a.nl", "Bea", "admin", password_hash())
    month = last_finished_month(utcnow())
    add_rows(
        engine, 14, month, "gemeente-a", needs=["leave"], burden="light", kinds=["kortdurend-zorgverlof"]
    )
    add_rows(engine, 11, month, "gemeente-a", needs=["leave", "money"], burden="heavy", asked_for_person=True)
    add_rows(engine, 10, month, "gemeente-a", needs=["respite"], burden="moderate", waited_minutes=4)
    add_rows(engine, 3, month, "gemeente-a", burden="heavy", asked_for_person=True, waited_minutes=30)
    add_rows(engine, 12, month, None, municipality="GM0153", needs=["information"], burden="light")
    engine.dispose()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_supervisor_reads_the_figures_with_charts_and_tables(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    requested: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(site + "/desk")
        page.get_by_label("E-mailadres").fill("lead@a.nl")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("button", name="Inzicht").click()
        own = page.get_by_role("region", name="Gesprekken via Gemeente A")
        expect(own.locator("canvas")).to_have_count(3)  # burden, needs, kinds
        expect(own.locator("table")).to_have_count(4)  # those three and "asked for a person"
        own.get_by_text("Tabel: Getoonde hulp").click()  # the long one is folded
        kinds = own.get_by_role("table", name="Getoonde hulp")
        expect(kinds.get_by_role("row", name="Kortdurend zorgverlof").locator("td")).to_have_text("14")
        expect(kinds.get_by_role("row", name="Wmo-loket").locator("td")).to_have_text("< 10")
        burden = own.get_by_role("table", name="Hoe zwaar de zorg is")
        cells = {"licht": "14", "zwaar": "14", "gemiddeld": "< 10", "niet bekend": "< 10"}
        for name, shown in cells.items():  # 0 unknown: hidden, and the 10 moderate with it
            expect(burden.get_by_role("row", name=name).locator("td")).to_have_text(shown)
        alt = "Staafdiagram Hoe zwaar de zorg is: licht 14, zwaar 14. Dezelfde cijfers staan in de tabel."
        expect(own.locator("canvas").first).to_have_attribute("aria-label", alt)
        public = page.get_by_role("region", name="Openbare website: naasten die in Enschede wonen")
        expect(
            public.get_by_role("table", name="Wil hulp bij").get_by_role("row", name="informatie")
        ).to_contain_text("12")
        page.wait_for_timeout(300)  # the charts draw
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "desk-insights.png"), full_page=True)
        page.get_by_role("button", name="Terug naar de wachtrij").click()
        expect(page.get_by_role("heading", name="Wachtrij")).to_be_visible()
        # the only error: /me before signing in (401); no policy violation, no script error
        assert [p for p in problems if "status of 401" not in p] == []
        assert all(url.startswith(site) or url.startswith("data:") for url in requested), requested
    finally:
        context.close()


def test_an_agent_has_no_insight_button(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(site + "/desk")
        page.get_by_label("E-mailadres").fill("anna@a.nl")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.locator("#connection")).to_have_text("Live verbonden.")
        expect(page.locator("#insights-toggle")).to_be_hidden()
    finally:
        context.close()


def test_an_admin_checks_and_publishes_the_arrangements_in_the_desk(browser: Browser, site: str) -> None:
    """Regelingen: a broken file gives a Dutch error with its line and nothing is published; the
    employer's file (the example, for this tenant) previews its items, is published as version 1;
    the sections take each other's place."""
    example = (ROOT / "data" / "catalogue" / "employers" / "voorbeeld-zorggroep.yml").read_text(
        encoding="utf-8"
    )
    own = example.replace("voorbeeld-zorggroep", "gemeente-a").replace("Voorbeeld Zorggroep", "Gemeente A")
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(site + "/desk")
        page.get_by_label("E-mailadres").fill("beheer@a.nl")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("button", name="Regelingen").click()
        expect(page.locator("#arrangements-title")).to_be_focused()
        expect(page.locator("#desk-view")).to_be_hidden()
        box = page.get_by_label("Of plak de tekst van het bestand")
        box.fill("tenant: gemeente-a\nitems: [\n")
        page.get_by_role("button", name="Controleren").click()
        status = page.locator("#arrangements-status")
        expect(status).to_contain_text("niets gepubliceerd")
        expect(page.locator("#arrangements-result")).to_contain_text("Regel")
        expect(page.get_by_role("button", name="Publiceren")).to_be_disabled()
        box.fill(own)
        page.get_by_role("button", name="Controleren").click()
        expect(status).to_contain_text("Het bestand is goed")
        expect(page.locator("#arrangements-result")).to_contain_text(
            "Extra betaald zorgverlof bij Gemeente A"
        )
        page.get_by_role("button", name="Publiceren").click()
        expect(status).to_contain_text("Versie 1 is gepubliceerd")
        expect(page.locator("#arrangements-versions")).to_contain_text("Versie 1")
        page.screenshot(path=str(SCREENSHOTS / "desk-arrangements.png"), full_page=True)
        page.get_by_role("button", name="Inzicht").click()  # one section at a time
        expect(page.locator("#arrangements")).to_be_hidden()
        expect(page.locator("#insights")).to_be_visible()
        page.get_by_role("button", name="Terug naar de wachtrij").click()
        expect(page.locator("#desk-view")).to_be_visible()
        assert problems == []
    finally:
        context.close()
