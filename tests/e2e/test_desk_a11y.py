"""The desk against WCAG 2.1 A/AA with axe-core (tests/e2e/axe.py): no serious or critical violation
in its states (login, queue, a conversation with the catalogue and a card preview, canned replies,
the confirmation dialog, a left question), at 1280 px and at 200 % zoom (a 640 x 400 viewport at
device scale factor 2), and every new control reachable with the keyboard alone."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.desk_cli import PASSWORD
from tests.e2e.axe import assert_accessible
from tests.e2e.test_desk import CLOSED_TENANT, Site, local_site, new_agent, queue_item
from tests.e2e.test_desk_tools import leave_question, new_supervisor, waiting_person

pytestmark = pytest.mark.browser
__all__ = ["local_site"]  # the fixture, shared with tests/e2e/test_desk.py

SIZES: dict[str, tuple[ViewportSize, float]] = {
    "1280px": ({"width": 1280, "height": 800}, 1),
    "zoom200": ({"width": 640, "height": 400}, 2),  # 1280 x 800 at 200 %
}


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def desk_page(browser: Browser, size: str) -> Iterator[Page]:
    viewport, scale = SIZES[size]
    context: BrowserContext = browser.new_context(
        viewport=viewport, device_scale_factor=scale, locale="nl-NL"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def sign_in(page: Page, site: Site, email: str) -> None:
    page.goto(site.url + "/desk")
    assert_accessible(page, "login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#connection")).to_have_text("Live verbonden.")


def test_the_desk_states_have_no_serious_violation(desk_page: Page, local_site: Site, size: str) -> None:
    page = desk_page
    sign_in(page, local_site, new_supervisor(local_site, "Lieke"))
    page.get_by_role("button", name="Standaardantwoorden").click()
    page.get_by_label("Titel (maximaal 80 tekens)").fill(f"Welkom {size}")
    page.get_by_label("Tekst (maximaal 2000 tekens)").fill("Hoi, ik ben er. Waar kan ik je mee helpen?")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#canned-list")).to_contain_text(f"Welkom {size}")
    assert_accessible(page, f"canned replies ({size})")
    page.get_by_role("button", name="Terug naar de wachtrij").click()

    words = f"Toegankelijk {size} {time.time_ns() % 100_000}"
    waiting_person(local_site, words)
    expect(queue_item(page, words[:20])).to_be_visible()
    assert_accessible(page, f"queue ({size})")
    queue_item(page, words[:20]).click()
    page.get_by_role("button", name="Oppakken").click()
    expect(page.get_by_label("Antwoord aan de persoon")).to_be_focused()
    page.get_by_label("Standaardantwoord", exact=True).select_option(label=f"Welkom {size}")
    assert_accessible(page, f"conversation ({size})")
    page.get_by_label("Zoek een regeling of hulp").fill("mantelzorglijn")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name="Bekijk kaart: Mantelzorglijn").click()
    expect(page.locator("#card-preview")).to_be_visible()
    assert_accessible(page, f"catalogue and card preview ({size})")
    page.get_by_role("button", name="Teruggeven aan Mantelwijzer").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_accessible(page, f"confirmation ({size})")
    page.keyboard.press("Escape")


def test_a_left_question_has_no_serious_violation(desk_page: Page, local_site: Site, size: str) -> None:
    leave_question(local_site, "Bel me", "0612345678")
    sign_in(desk_page, local_site, new_agent(local_site, "Vera", CLOSED_TENANT))
    desk_page.locator("#questions-list button").last.click()
    expect(desk_page.locator("#question-text")).to_have_text("Bel me")
    assert_accessible(desk_page, f"left question ({size})")


def tab_to(page: Page, element_id: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} cannot be reached with Tab")


def test_the_new_controls_are_reached_with_the_keyboard_alone(browser: Browser, local_site: Site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, local_site, new_supervisor(local_site, "Kim"))
        tab_to(page, "canned-toggle")
        page.keyboard.press("Enter")
        expect(page.locator("#canned-title")).to_be_focused()
        tab_to(page, "canned-form-name")
        page.keyboard.type("Tot ziens")
        page.keyboard.press("Tab")
        page.keyboard.type("Fijn dat je het vroeg. Succes!")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("#canned-list")).to_contain_text("Tot ziens")
        tab_to(page, "canned-toggle", 200)  # back: "Terug naar de wachtrij"
        page.keyboard.press("Enter")
        expect(page.locator("#queue-title")).to_be_focused()

        words = f"Toetsenbord {time.time_ns() % 100_000}"
        waiting_person(local_site, words)
        expect(queue_item(page, words[:20])).to_be_visible()
        for _ in range(80):
            page.keyboard.press("Tab")
            if words[:20] in (page.evaluate("document.activeElement.textContent") or ""):
                break
        page.keyboard.press("Enter")
        tab_to(page, "claim")
        page.keyboard.press("Enter")
        expect(page.get_by_label("Antwoord aan de persoon")).to_be_focused()
        tab_to(page, "transcript-box")  # the scrolling transcript takes focus (scrollable-region-focusable)
        tab_to(page, "transfer-to")
        tab_to(page, "canned-choice")
        page.keyboard.press("ArrowDown")  # the first reply ("Tot ziens")
        tab_to(page, "canned-use")
        page.keyboard.press("Enter")
        expect(page.get_by_label("Antwoord aan de persoon")).to_have_value(
            re.compile("^Fijn dat je het vroeg")
        )
        expect(page.get_by_label("Antwoord aan de persoon")).to_be_focused()
        page.keyboard.press("Alt+3")
        page.keyboard.type("mantelzorglijn")
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Bekijk kaart: Mantelzorglijn")).to_be_visible()
        label = "document.activeElement.getAttribute('aria-label') || ''"
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate(label).startswith("Bekijk kaart: Mantelzorglijn"):
                break
        page.keyboard.press("Enter")
        expect(page.locator("#card-preview-title")).to_be_focused()
        tab_to(page, "card-send", 20)
        page.keyboard.press("Enter")
        expect(page.locator("#transcript")).to_contain_text("Kaart: Mantelzorglijn")
    finally:
        context.close()
