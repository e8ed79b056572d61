"""The widget for people who use a keyboard, a screen reader, zoom or a phone (issue 17).

axe-core (WCAG 2.1 A/AA, no serious or critical violation) in every state of the widget at 320, 360 and
1280 px and at 200 % zoom; the full-screen panel as a modal with a focus trap (also at low heights);
one short announcement per new message; and on phones: no keyboard over the greeting, the panel
following visualViewport, a round launcher, a title that does not break mid-word, long answers shown
from their start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.fake_gateway import FakeGateway
from tests.e2e.layout import settled_box
from tests.e2e.test_widget import (
    FOCUSED,
    launcher,
    message_input,
    messages,
    open_chat,
    open_demo,
    panel,
    send,
    stored_sessions,
)

pytestmark = pytest.mark.browser

# name -> (width, height, device scale factor); "zoom-200" is a 1280×800 laptop at 200 % zoom
VIEWPORTS: dict[str, tuple[int, int, float]] = {
    "320": (320, 640, 1),
    "360": (360, 740, 1),
    "1280": (1280, 800, 1),
    "zoom-200": (640, 400, 2),
}

# Lets a test play the on-screen keyboard: window.__vvHeight overrides visualViewport.height.
FAKE_KEYBOARD = """(() => {
  const view = window.visualViewport;
  const own = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(view), "height").get;
  Object.defineProperty(view, "height", { get() { return window.__vvHeight || own.call(this); } });
})();"""


def new_page(browser: Browser, viewport: str, **options: Any) -> Iterator[Page]:
    width, height, scale = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="nl-NL", **options
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture(params=list(VIEWPORTS))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from new_page(browser, request.param)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """360 px with a touch screen (pointer: coarse), as a phone."""
    yield from new_page(browser, "360", has_touch=True, is_mobile=True)


def status_text(page: Page) -> str:
    text: str = page.locator("#mantelwijzer-widget [role=status]").inner_text()
    return text


# ---- axe-core in every state -------------------------------------------------------------------------


def test_no_serious_axe_violation_in_any_state(
    sized: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    page = sized
    open_demo(page, widget_base_url)
    assert_accessible(page, "closed")
    open_chat(page)
    settled_box(panel(page))  # faded in: axe-core measures contrast as it is now
    assert_accessible(page, "open")
    expect(page.get_by_role("group", name="Kies een antwoord")).to_be_visible()
    assert_accessible(page, "mid-conversation (quick replies)")
    send(page, "Ik zorg voor mijn moeder")
    expect(page.locator(".card:visible").first).to_be_visible()
    assert_accessible(page, "overview (cards)")
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(panel(page).locator(".state")).to_have_text(re.compile("Je wacht op een medewerker"))
    assert_accessible(page, "handoff: waiting")
    conversation_id = stored_sessions(page)[0]["id"]
    canned.push(conversation_id, "state", {"state": "assigned"})
    canned.push(conversation_id, "typing", {"sender": "agent", "name": "Anna", "active": True})
    canned.push(conversation_id, "message", {"type": "text", "text": "Hoi, ik ben Anna.", "agent": "Anna"})
    expect(messages(page).locator(".msg.agent")).to_be_visible()
    assert_accessible(page, "handoff: agent talking")
    page.get_by_role("button", name="Chat sluiten").click()
    canned.push(conversation_id, "message", {"type": "text", "text": "Ben je er nog?", "agent": "Anna"})
    settled_box(page.locator(".preview"))  # faded in
    assert_accessible(page, "closed with an unread agent message")


def test_no_serious_axe_violation_in_a_crisis(sized: Page, widget_base_url: str, canned: FakeGateway) -> None:
    page = sized
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik wil niet meer leven")
    expect(page.get_by_role("alert").filter(has_text="113")).to_be_visible()
    assert_accessible(page, "crisis")


def test_the_message_area_can_be_scrolled_by_keyboard(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    area = messages(page)
    area.focus()
    expect(area).to_be_focused()
    assert area.evaluate("e => getComputedStyle(e).overflowY") == "auto"


# ---- the full-screen panel is a modal --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(360, 740, 1), (1280, 400, 1), (640, 400, 2)],
    ids=["360", "1280x400", "zoom"],
)
def test_full_screen_panel_is_a_modal_that_keeps_tab_inside(
    browser: Browser, widget_base_url: str, width: int, height: int, scale: float
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="nl-NL"
    )
    page = context.new_page()
    try:
        open_demo(page, widget_base_url)
        open_chat(page)
        box = settled_box(panel(page))
        assert box == pytest.approx({"x": 0, "y": 0, "width": width, "height": height}, abs=1)
        expect(panel(page)).to_have_attribute("aria-modal", "true")
        page.get_by_role("button", name="Versturen").focus()
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED) == "Gesprek wissen"
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(FOCUSED) == "Versturen"
        for _ in range(20):  # a whole round stays inside the panel
            page.keyboard.press("Tab")
            inside = page.evaluate(
                "() => { const r = document.getElementById('mantelwijzer-widget').shadowRoot;"
                " const a = r.activeElement; return a !== null && r.getElementById('mw-panel').contains(a); }"
            )
            assert inside, f"focus left the panel: {page.evaluate(FOCUSED)}"
        if height <= 400:  # at 200 % zoom the messages keep most of the height (was 163 px)
            area = settled_box(messages(page))
            assert area["height"] >= 180
    finally:
        context.close()


def test_panel_beside_the_page_is_no_modal_and_tab_may_leave_it(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    expect(panel(page)).not_to_have_attribute("aria-modal", "true")
    page.get_by_role("button", name="Versturen").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) != "Gesprek wissen"


# ---- announcements ---------------------------------------------------------------------------------------


def test_each_new_message_is_told_in_one_short_line(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    expect(page.locator("#mantelwijzer-widget [role=status]")).to_have_text(
        "Mantelwijzer: 4 mogelijkheden voor je gevonden. Mantelwijzer: Wil je nog iets anders weten?"
    )
    send(page, "lang antwoord")
    told = status_text(page)
    assert told.startswith("Mantelwijzer: Zo werkt langdurend zorgverlof.")
    assert len(told) < 200


def test_quick_reply_groups_have_a_label(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    group = page.get_by_role("group", name="Kies een antwoord")
    expect(group.get_by_role("button")).to_have_text(["Ik zorg voor iemand", "Ik wil een medewerker"])


# ---- phones ------------------------------------------------------------------------------------------------


def test_on_a_touch_screen_opening_does_not_focus_the_input(
    phone: Page, widget_base_url: str, screenshots: Path
) -> None:
    page = phone
    open_demo(page, widget_base_url)
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    launcher(page).tap()
    greeting = messages(page).locator(".msg").first
    expect(greeting).to_be_in_viewport()
    expect(message_input(page)).not_to_be_focused()
    expect(panel(page)).to_be_focused()  # the dialog itself: announced, no keyboard over the greeting
    page.get_by_role("button", name="Ik zorg voor iemand").tap()
    expect(page.get_by_role("heading", name="Kortdurend zorgverlof")).to_be_visible()
    expect(message_input(page)).not_to_be_focused()
    page.screenshot(path=str(screenshots / "widget-mobile-overview.png"))


def test_panel_follows_the_visible_viewport_when_the_keyboard_opens(
    browser: Browser, widget_base_url: str
) -> None:
    for page in new_page(browser, "360", has_touch=True, is_mobile=True):
        page.add_init_script(FAKE_KEYBOARD)
        open_demo(page, widget_base_url)
        open_chat(page)
        message_input(page).tap()
        page.evaluate("() => { window.__vvHeight = 380; visualViewport.dispatchEvent(new Event('resize')); }")
        box = settled_box(panel(page))
        assert box["height"] == pytest.approx(380, abs=1)
        close = page.get_by_role("button", name="Chat sluiten").bounding_box()
        assert close is not None and close["y"] >= 0 and close["y"] + close["height"] <= 380
        send_box = page.get_by_role("button", name="Versturen").bounding_box()
        assert send_box is not None and send_box["y"] + send_box["height"] <= 381
        assert "dvh" in panel(page).evaluate(
            "p => [...p.getRootNode().styleSheets].flatMap(s => [...s.cssRules]).map(r => r.cssText).join()"
        )


@pytest.mark.parametrize("viewport", ["320", "360"])
def test_small_screens_get_a_round_icon_launcher(
    browser: Browser, widget_base_url: str, viewport: str
) -> None:
    for page in new_page(browser, viewport):
        open_demo(page, widget_base_url)
        button = launcher(page)
        expect(button).to_have_accessible_name("Chat met Mantelwijzer")
        box = settled_box(button)
        assert box["width"] == pytest.approx(56, abs=1)
        assert box["height"] == pytest.approx(56, abs=1)
        assert box["x"] >= 0 and box["x"] + box["width"] <= int(viewport)
        assert button.evaluate("b => getComputedStyle(b).borderRadius") == "50%"
        assert page.evaluate("document.documentElement.scrollWidth") <= int(viewport)


def test_wide_screens_keep_the_pill_with_its_words(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    expect(launcher(page).locator(".label")).to_be_visible()
    assert settled_box(launcher(page))["width"] > 150


def test_the_title_does_not_break_within_a_word_at_320_px(browser: Browser, widget_base_url: str) -> None:
    for page in new_page(browser, "320"):
        open_demo(page, widget_base_url)
        open_chat(page)
        broken = (
            panel(page)
            .locator("h2")
            .evaluate(
                """h => {
              const text = h.firstChild, words = [], range = document.createRange();
              let at = 0;
              for (const word of text.textContent.split(" ")) {
                range.setStart(text, at); range.setEnd(text, at + word.length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) words.push(word);
                at += word.length + 1;
              }
              return words.concat(h.scrollWidth > h.clientWidth + 1 ? ["(overflows)"] : []);
            }"""
            )
        )
        assert broken == []


def test_a_long_answer_is_shown_from_its_start(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "lang antwoord")
    answer = messages(page).locator(".msg.bot").last
    expect(answer).to_contain_text("Stap 40")
    page.wait_for_timeout(600)  # the smooth scroll has ended
    area = settled_box(messages(page))
    top = settled_box(answer)["y"]
    assert area["y"] - 1 <= top <= area["y"] + 40, (area, top)


# ---- a transcript is not news: no announcements, ends at the newest --------------------------------------

# Records every text the status region shows from now on (in window.told).
OBSERVE_STATUS = """() => {
  const status = document.querySelector("#mantelwijzer-widget").shadowRoot.querySelector("[role=status]");
  window.told = [];
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) window.told.push(n.textContent);
  })
    .observe(status, { childList: true, characterData: true, subtree: true });
}"""
AT_THE_END = """() => {
  const s = document.querySelector("#mantelwijzer-widget").shadowRoot.querySelector(".scroll");
  return s.scrollHeight > s.clientHeight * 2 && s.scrollHeight - s.scrollTop - s.clientHeight < 4;
}"""


def test_a_reloaded_transcript_is_not_read_out(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    held: list[Any] = []
    page.route(
        "**/api/v1/conversations/*/messages",
        lambda route: held.append(route) if route.request.method == "GET" else route.continue_(),
    )
    page.reload()
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the transcript was not asked for"
    page.evaluate(OBSERVE_STATUS)
    held[0].continue_()
    open_chat(page)
    expect(page.get_by_role("heading", name="Kortdurend zorgverlof")).to_be_visible()
    page.wait_for_timeout(300)
    quiet = ("", "Mantelwijzer typt een antwoord…")
    told = [text for text in page.evaluate("window.told") if text not in quiet]
    assert told == []


def test_a_resync_ends_at_the_newest_and_tells_only_what_is_new(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    page.emulate_media(reduced_motion="reduce")
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    send(page, "lang antwoord")  # shown from its start: the log is not at its end now
    assert not page.evaluate(AT_THE_END)
    [session] = stored_sessions(page)
    missed = {"type": "text", "text": "Hoi, ik ben Anna.", "agent": "Anna"}
    with page.expect_response(lambda r: r.request.method == "GET" and r.url.endswith("/messages")):
        canned.drop_streams(session["id"], [missed])
    expect(messages(page).locator(".msg.agent")).to_contain_text("Hoi, ik ben Anna.")
    page.wait_for_function(AT_THE_END, timeout=5_000)
    expect(page.locator("#mantelwijzer-widget [role=status]")).to_have_text("1 nieuw bericht.")
    expect(page).not_to_have_title(re.compile(r"^\(1\)"))  # the panel is open: nothing unread
