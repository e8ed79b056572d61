"""The website widget in a real headless chromium: the demo page, chatting, resuming, erasing,
keyboard and screen-reader support, safety of untrusted text, and the layout at 360 and 1280 px.

Tests that use `canned` need the fake gateway's scripted replies; all others also run against the
real stack (see `widget_base_url` in conftest.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Dialog, Locator, Page, Request, Route, expect

from tests.e2e.fake_gateway import FakeGateway
from tests.e2e.layout import settled_box

pytestmark = pytest.mark.browser

HTML_ATTACK = "<img src=x onerror=alert(1)><script>alert(2)</script>"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# The element that has focus, looking through shadow roots, described by its label, text or id.
FOCUSED = """() => {
  let node = document.activeElement;
  while (node && node.shadowRoot && node.shadowRoot.activeElement) node = node.shadowRoot.activeElement;
  if (!node || node === document.body) return null;
  return node.getAttribute("aria-label") || node.id || node.textContent.trim().slice(0, 60);
}"""

SESSION = """() => Object.keys(sessionStorage).filter(k => k.startsWith("mantelwijzer:"))
  .map(k => JSON.parse(sessionStorage.getItem(k)))"""

# Text elements of the widget whose contrast with their background is below WCAG 2.1 AA.
LOW_CONTRAST = """(root) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const blend = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1 });
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const up = (n) => n.parentElement || (n.getRootNode() && n.getRootNode().host) || null;
  const background = (n) => {
    const layers = [];
    for (let e = n; e; e = up(e)) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
    return bg;
  };
  const failures = [];
  let checked = 0;
  for (const e of root.querySelectorAll("*")) {
    const ownText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!ownText || !e.getClientRects().length) continue;
    const style = getComputedStyle(e);
    const bg = background(e);
    const fg = blend(parse(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    checked += 1;
    if (ratio < (large ? 3 : 4.5)) failures.push(e.textContent.trim().slice(0, 40) + ": " + ratio.toFixed(2));
  }
  return { checked, failures };
}"""


# ---- helpers ---------------------------------------------------------------------------------------


def open_demo(page: Page, base_url: str, path: str = "/") -> None:
    page.goto(base_url + path)
    expect(launcher(page)).to_be_visible()


def launcher(page: Page) -> Locator:
    return page.get_by_role("button", name=re.compile(r"^Chat met"))


def panel(page: Page) -> Locator:
    return page.get_by_role("dialog")


def message_input(page: Page) -> Locator:
    return page.get_by_label("Typ je bericht")


def messages(page: Page) -> Locator:
    return page.get_by_role("region", name="Berichten")


def bot_replies(page: Page) -> Locator:
    return messages(page).locator(".msg:not(.user), .recs, .crisis, .notice")


def open_chat(page: Page) -> None:
    """Open the panel and wait for the first answer (greeting or transcript)."""
    launcher(page).click()
    expect(bot_replies(page).first).to_be_visible()


def send(page: Page, text: str) -> None:
    """Type and send a message, then wait until its answer has been rendered."""
    before = bot_replies(page).count()
    message_input(page).fill(text)
    message_input(page).press("Enter")
    expect(messages(page).locator(".msg.user").last).to_contain_text(text[:40])
    expect(page.locator(".typing")).to_be_hidden()
    expect(bot_replies(page)).not_to_have_count(before)


def stored_sessions(page: Page) -> list[dict[str, str]]:
    result: list[dict[str, str]] = page.evaluate(SESSION)
    return result


def watch_dialogs(page: Page) -> list[str]:
    """Collects the text of every alert/confirm/prompt the page opens (and dismisses them)."""
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs


def json_body(request: Request) -> dict[str, Any]:
    body = request.post_data_json
    assert isinstance(body, dict), f"expected a JSON object, got {body!r}"
    return body


def is_conversation_post(request: Request) -> bool:
    return request.method == "POST" and urlsplit(request.url).path.endswith("/messages")


def hold_posts(page: Page, handler: Any) -> None:
    """Route POSTs of messages to `handler`; everything else passes untouched."""

    def route(route: Route) -> None:
        if route.request.method == "POST":
            handler(route)
        else:
            route.continue_()

    page.route("**/api/v1/conversations/*/messages", route)


# ---- opening, closing and the panel's semantics ----------------------------------------------------


def test_opening_by_keyboard_moves_focus_into_the_input(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == "Chat met Mantelwijzer":
            break
    expect(launcher(page)).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel(page)).to_be_visible()
    expect(launcher(page)).to_have_attribute("aria-expanded", "true")
    expect(message_input(page)).to_be_focused()


def test_escape_closes_the_panel_and_returns_focus_to_the_button(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")
    expect(launcher(page)).to_be_focused()


def test_close_button_closes_the_panel_and_returns_focus(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Chat sluiten").click()
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_be_focused()


def test_panel_is_a_labelled_dialog_whose_messages_are_not_one_live_region(
    page: Page, widget_base_url: str
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    expect(page.get_by_role("dialog", name="Mantelwijzer")).to_be_visible()
    expect(launcher(page)).to_have_attribute("aria-controls", "mw-panel")
    live = panel(page).locator("[aria-live], [role=log]")
    expect(live).to_have_count(0)  # new messages are told one line at a time in a status region
    expect(messages(page)).to_have_attribute("tabindex", "0")


def test_privacy_notice_says_what_is_stored_how_long_and_how_to_erase(
    page: Page, widget_base_url: str
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    notice = panel(page).locator(".privacy")
    expect(notice).to_contain_text("op onze server tot 30 dagen na je laatste bericht")
    expect(notice).to_contain_text("Gesprek wissen")


def test_demo_page_makes_no_requests_to_other_origins(page: Page, widget_base_url: str) -> None:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Hallo")
    origin = urlsplit(widget_base_url)
    foreign = [
        u for u in urls if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != origin.netloc
    ]
    assert urls, "no requests were recorded"
    assert foreign == []


def test_widget_adds_no_globals_except_mantelwijzer(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    added = page.evaluate(
        """() => {
          const frame = document.createElement("iframe");
          document.body.append(frame);
          const clean = new Set(Object.getOwnPropertyNames(frame.contentWindow));
          frame.remove();
          return Object.getOwnPropertyNames(window).filter((name) => !clean.has(name));
        }"""
    )
    assert added == ["Mantelwijzer"]


# ---- chatting ----------------------------------------------------------------------------------------


def test_typing_indicator_shows_while_waiting_for_the_reply(page: Page, widget_base_url: str) -> None:
    held: list[Route] = []
    open_demo(page, widget_base_url)
    open_chat(page)
    hold_posts(page, held.append)
    message_input(page).fill("Hallo")
    message_input(page).press("Enter")
    expect(page.locator(".typing")).to_be_visible()
    held[0].continue_()
    expect(page.locator(".typing")).to_be_hidden()


def test_each_message_gets_its_own_client_message_id(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    ids = []
    for text in ("Hallo", "Nog een vraag"):
        with page.expect_request(is_conversation_post) as request:
            send(page, text)
        ids.append(json_body(request.value)["client_message_id"])
    assert all(UUID.match(i) for i in ids)
    assert ids[0] != ids[1]


def test_quick_reply_sends_its_payload_with_the_title_as_text(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    with page.expect_request(is_conversation_post) as request:
        page.get_by_role("button", name="Ik zorg voor iemand").click()
    body = json_body(request.value)
    assert (body["payload"], body["text"]) == ("/tell_situation", "Ik zorg voor iemand")
    expect(messages(page).locator(".msg.user")).to_have_text("Jij: Ik zorg voor iemand")
    expect(message_input(page)).to_be_focused()


def test_used_quick_replies_disappear(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik zorg voor iemand").click()
    expect(page.get_by_role("heading", name="Kortdurend zorgverlof")).to_be_visible()
    expect(page.get_by_role("button", name="Ik zorg voor iemand")).to_have_count(0)


def test_recommendations_are_grouped_under_a_heading_per_group(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    headings = messages(page).locator(".group h3:visible")
    expect(headings).to_have_text(["Werk en verlof", "Hulp van je gemeente"])
    expect(page.get_by_role("region", name="Werk en verlof").locator(".card")).to_have_count(2)


def test_the_overview_shows_the_three_most_fitting_items_and_the_rest_on_request(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    expect(page.locator(".card:visible")).to_have_count(3)
    expect(page.get_by_role("heading", name="Mantelzorglijn")).to_be_hidden()

    page.get_by_role("button", name="Toon meer (nog 1)").click()

    expect(page.locator(".card:visible")).to_have_count(4)
    expect(page.get_by_role("region", name="Steun en informatie")).to_be_visible()
    expect(page.locator(".card", has=page.get_by_role("heading", name="Mantelzorglijn"))).to_be_focused()
    expect(page.get_by_role("button", name=re.compile("Toon meer"))).to_have_count(0)


def test_phone_numbers_and_addresses_can_be_tapped_in_cards_and_crisis_texts(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    page.get_by_role("button", name=re.compile("Toon meer")).click()
    card = page.locator(".card", has=page.get_by_role("heading", name="Mantelzorglijn"))
    expect(card.get_by_role("link", name="030 760 60 55", exact=True)).to_have_attribute(
        "href", "tel:0307606055"
    )
    expect(card.get_by_role("link", name=re.compile("^mantelzorg.nl"))).to_have_attribute(
        "href", "https://mantelzorg.nl/"
    )
    number = card.get_by_role("link", name="030 760 60 55", exact=True)
    assert number.evaluate("a => getComputedStyle(a).whiteSpace") == "nowrap"

    send(page, "Ik wil niet meer leven")
    crisis = page.get_by_role("alert").filter(has_text="113")
    expect(crisis.get_by_role("link", name="113", exact=True)).to_have_attribute("href", "tel:113")
    expect(crisis.get_by_role("link", name="0800-0113")).to_have_attribute("href", "tel:08000113")
    expect(crisis.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")


def test_recommendation_card_shows_why_amount_first_step_and_link(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    card = page.locator(".card", has=page.get_by_role("heading", name="Kortdurend zorgverlof"))
    expect(card.get_by_role("listitem")).to_have_count(0)  # the reasons are folded
    card.get_by_text("Waarom dit bij je past").click()
    expect(card.get_by_role("listitem")).to_have_text(["Je werkt in loondienst.", "Je zorgt voor je moeder."])
    expect(card).to_contain_text("Bedrag: Tot 64 uur per 12 maanden (2 × 32 uur).")
    expect(card).to_contain_text("Eerste stap: Vertel je werkgever vooraf dat je zorgverlof wilt opnemen.")
    link = card.get_by_role("link", name="Meer informatie (opent in een nieuw venster)")
    expect(link).to_have_attribute("href", "https://example.org/zorgverlof")
    expect(link).to_have_attribute("rel", "noopener noreferrer")


def test_recommendation_card_shows_the_check_note(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    card = page.locator(".card", has=page.get_by_role("heading", name="Mantelzorgsteunpunt"))
    expect(card.locator(".check")).to_have_text(
        "Let op: Controleer dit bij je gemeente: de openingstijden kunnen anders zijn."
    )


def test_recommendation_link_that_is_not_http_is_left_out(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    card = page.locator(".card", has=page.get_by_role("heading", name="Flexibel werken"))
    expect(card).to_be_visible()
    expect(card.get_by_role("link")).to_have_count(0)


def test_crisis_message_is_shown_as_an_alert(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik wil niet meer leven")
    expect(page.get_by_role("alert").filter(has_text="113")).to_be_visible()


# ---- handoff and live agent messages -------------------------------------------------------------------


def test_handoff_shows_that_the_person_waits_for_an_agent(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(messages(page).locator(".notice")).to_have_text(
        ["Je wacht op een medewerker. Je kunt je vraag alvast typen."]
    )
    expect(panel(page).locator(".state")).to_have_text(
        "Je wacht op een medewerker. Je kunt je vraag alvast typen."
    )


def test_agent_messages_and_states_arrive_over_the_events_stream(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(panel(page).locator(".state")).to_be_visible()
    conversation_id = stored_sessions(page)[0]["id"]
    canned.push(conversation_id, "state", {"state": "assigned"})
    expect(panel(page).locator(".state")).to_have_text("Een medewerker praat nu met je.")
    canned.push(
        conversation_id, "message", {"type": "text", "text": "Hoi, ik ben Sanne. Waar kan ik je mee helpen?"}
    )
    agent = messages(page).locator(".msg.agent")
    expect(agent).to_have_text("MedewerkerHoi, ik ben Sanne. Waar kan ik je mee helpen?")


def test_closed_handoff_offers_a_new_conversation(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(panel(page).locator(".state")).to_be_visible()
    canned.push(stored_sessions(page)[0]["id"], "state", {"state": "closed"})
    expect(messages(page).get_by_text("De medewerker heeft het gesprek afgesloten.")).to_be_visible()
    expect(page.get_by_role("button", name="Nieuw gesprek beginnen")).to_be_visible()


def test_no_agent_available_is_told_plainly(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Is er niemand die kan helpen?")
    expect(messages(page).locator(".notice")).to_contain_text("Niemand beschikbaar op dit moment.")
    expect(panel(page).locator(".state")).to_be_hidden()


def test_agent_message_while_closed_marks_the_button(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(panel(page).locator(".state")).to_be_visible()
    page.keyboard.press("Escape")
    canned.push(stored_sessions(page)[0]["id"], "message", {"type": "text", "text": "Ben je er nog?"})
    expect(launcher(page)).to_have_accessible_name("Chat met Mantelwijzer, 1 nieuw bericht")


# ---- untrusted text ------------------------------------------------------------------------------------


def test_html_typed_by_the_person_is_shown_as_text_and_never_runs(page: Page, widget_base_url: str) -> None:
    dialogs = watch_dialogs(page)
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, HTML_ATTACK)
    expect(messages(page).locator(".msg.user .body")).to_have_text(HTML_ATTACK)
    assert panel(page).locator("img, script").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_html_in_bot_text_is_shown_as_text(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    dialogs = watch_dialogs(page)
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, HTML_ATTACK)
    expect(messages(page).locator(".msg.bot .body").last).to_have_text(
        f"Dat begrijp ik nog niet. Je schreef: {HTML_ATTACK}"
    )
    assert panel(page).locator("img, script").count() == 0
    assert dialogs == []


def test_html_in_agent_text_is_shown_as_text(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    dialogs = watch_dialogs(page)
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(panel(page).locator(".state")).to_be_visible()
    canned.push(stored_sessions(page)[0]["id"], "message", {"type": "text", "text": HTML_ATTACK})
    expect(messages(page).locator(".msg.agent .body")).to_have_text(HTML_ATTACK)
    assert panel(page).locator("img, script").count() == 0
    assert dialogs == []


# ---- reload, erase, errors -----------------------------------------------------------------------------


def test_reload_resumes_the_conversation_from_the_transcript(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Dit is mijn eerste bericht")
    before = stored_sessions(page)
    created: list[str] = []
    page.on(
        "request",
        lambda r: created.append(r.url) if r.method == "POST" and r.url.endswith("/conversations") else None,
    )
    page.reload()
    open_chat(page)
    expect(messages(page).locator(".msg.user")).to_have_text(["Jij: Dit is mijn eerste bericht"])
    assert stored_sessions(page) == before
    assert created == []


def test_reload_during_a_handoff_keeps_the_waiting_state(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(panel(page).locator(".state")).to_be_visible()
    page.reload()
    open_chat(page)
    expect(panel(page).locator(".state")).to_have_text(
        "Je wacht op een medewerker. Je kunt je vraag alvast typen."
    )


def test_erasing_deletes_the_conversation_and_forgets_it_in_the_tab(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Wis dit straks")
    [session] = stored_sessions(page)
    page.get_by_role("button", name="Gesprek wissen").click()
    expect(page.get_by_role("group", name=re.compile("Wil je dit gesprek wissen"))).to_be_visible()
    with page.expect_request(lambda r: r.method == "DELETE") as deleted:
        page.get_by_role("button", name="Ja, wis het gesprek").click()
    assert urlsplit(deleted.value.url).path == f"/api/v1/conversations/{session['id']}"
    expect(messages(page).get_by_text("Je gesprek is gewist.")).to_be_focused()
    expect(messages(page).locator(".msg")).to_have_count(0)
    assert stored_sessions(page) == []
    gone = page.request.get(
        f"{widget_base_url}/api/v1/conversations/{session['id']}/messages",
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    assert gone.status in (401, 404, 410)


def test_erasing_by_typing_it_clears_the_tab(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    message_input(page).fill("Wis mijn gegevens")
    message_input(page).press("Enter")
    expect(messages(page).locator(".notice")).to_have_text(
        ["Je gesprek is gewist. Er is niets meer van bewaard."]
    )
    expect(messages(page).locator(".msg")).to_have_count(0)
    assert stored_sessions(page) == []


def test_erasure_elsewhere_clears_the_tab(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    with page.expect_request(lambda r: r.url.endswith("/events")) as listening:
        open_chat(page)
    send(page, "Hallo")
    [session] = stored_sessions(page)
    assert listening.value.headers["authorization"] == f"Bearer {session['token']}"
    erased = page.request.delete(
        f"{widget_base_url}/api/v1/conversations/{session['id']}",
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    assert erased.status == 204
    expect(messages(page).locator(".notice")).to_have_text(
        ["Je gesprek is gewist. Er is niets meer van bewaard."]
    )
    assert stored_sessions(page) == []


def test_cancelling_erase_keeps_the_conversation(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Bewaar dit")
    page.get_by_role("button", name="Gesprek wissen").click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("group", name=re.compile("Wil je dit gesprek wissen"))).to_be_hidden()
    expect(page.get_by_role("button", name="Gesprek wissen")).to_be_focused()
    expect(panel(page)).to_be_visible()
    assert len(stored_sessions(page)) == 1


def test_after_erasing_a_new_conversation_can_start(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    [old] = stored_sessions(page)
    page.get_by_role("button", name="Gesprek wissen").click()
    page.get_by_role("button", name="Ja, wis het gesprek").click()
    page.get_by_role("button", name="Nieuw gesprek beginnen").click()
    expect(bot_replies(page).first).to_be_visible()
    [new] = stored_sessions(page)
    assert new["id"] != old["id"]


def test_saved_conversation_that_no_longer_exists_is_replaced_by_a_new_one(
    page: Page, widget_base_url: str
) -> None:
    open_demo(page, widget_base_url)
    page.evaluate(
        f"""() => sessionStorage.setItem("mantelwijzer:{widget_base_url}:",
        JSON.stringify({{id: "bestaat-niet", token: "onjuist"}}))"""
    )
    page.reload()
    launcher(page).click()
    expect(messages(page).locator(".notice")).to_have_text(
        ["Je vorige gesprek bestaat niet meer. Je begint hier een nieuw gesprek."]
    )
    expect(messages(page).locator(".msg").first).to_be_visible()
    [session] = stored_sessions(page)
    assert session["id"] != "bestaat-niet"


def test_conversation_gone_while_sending_offers_a_new_one(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    [old] = stored_sessions(page)
    hold_posts(page, lambda route: route.fulfill(status=404, body="", content_type="application/json"))
    message_input(page).fill("Ben je er nog?")
    message_input(page).press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Dit gesprek bestaat niet meer.")
    assert stored_sessions(page) == []
    page.unroute("**/api/v1/conversations/*/messages")
    page.get_by_role("button", name="Nieuw gesprek beginnen").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    [new] = stored_sessions(page)
    assert new["id"] != old["id"]


def test_network_failure_shows_a_dutch_error_and_retry_reuses_the_id(
    page: Page, widget_base_url: str
) -> None:
    bodies: list[dict[str, Any]] = []

    def fail_first(route: Route) -> None:
        bodies.append(json_body(route.request))
        if len(bodies) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    open_demo(page, widget_base_url)
    open_chat(page)
    hold_posts(page, fail_first)
    message_input(page).fill("Komt dit aan?")
    message_input(page).press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Er is geen verbinding met Mantelwijzer.")
    expect(messages(page).locator(".msg.user.failed")).to_contain_text("Niet verstuurd.")
    page.get_by_role("button", name="Opnieuw proberen").click()
    expect(messages(page).locator(".msg.user.failed")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    assert len(bodies) == 2
    assert bodies[0]["client_message_id"] == bodies[1]["client_message_id"]


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("", "Je stuurt veel berichten tegelijk. Wacht even en probeer het dan opnieuw."),
        (
            json.dumps(
                {"error": {"code": "rate_limited", "message": "Wacht 20 seconden en probeer het opnieuw."}}
            ),
            "Wacht 20 seconden en probeer het opnieuw.",
        ),
    ],
)
def test_too_many_requests_shows_a_dutch_error_line(
    page: Page, widget_base_url: str, body: str, shown: str
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    hold_posts(page, lambda route: route.fulfill(status=429, body=body, content_type="application/json"))
    message_input(page).fill("Nog een bericht")
    message_input(page).press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(shown)


def test_input_stops_at_2000_characters_with_a_counter_near_the_limit(
    page: Page, widget_base_url: str
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    box = message_input(page)
    counter = panel(page).locator(".counter")
    box.fill("a" * 1799)
    expect(counter).to_be_hidden()
    box.fill("a" * 2500)
    expect(box).to_have_js_property("value", "a" * 2000)
    expect(counter).to_have_text("2000 van 2000 tekens. Je bericht is zo lang als mag.")


# ---- keyboard, focus, contrast, motion -------------------------------------------------------------------


def test_keyboard_only_tab_order_runs_header_messages_input_send(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    launcher(page).focus()
    page.keyboard.press("Enter")
    expect(bot_replies(page).first).to_be_visible()
    launcher(page).focus()
    order = []
    for _ in range(25):
        page.keyboard.press("Tab")
        order.append(page.evaluate(FOCUSED))
        if order[-1] == "Versturen":
            break
    assert order[:2] == ["Gesprek wissen", "Chat sluiten"]
    assert order[-2:] == ["mw-input", "Versturen"]


def test_keyboard_only_person_can_send_and_use_a_quick_reply(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    launcher(page).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Ik wil een medewerker")).to_be_visible()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "Ik wil een medewerker"
    page.keyboard.press("Space")
    expect(panel(page).locator(".state")).to_be_visible()
    expect(message_input(page)).to_be_focused()
    page.keyboard.type("Ik heb een vraag over verlof")
    page.keyboard.press("Enter")
    expect(messages(page).locator(".msg.user").last).to_have_text("Jij: Ik heb een vraag over verlof")


def test_focus_ring_is_visible_on_the_chat_button(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == "Chat met Mantelwijzer":
            break
    outline = launcher(page).evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    assert outline[0] == "solid"
    assert float(outline[1].removesuffix("px")) >= 2


def contrast_failures(page: Page) -> list[str]:
    result = page.locator("#mantelwijzer-widget").evaluate(f"host => ({LOW_CONTRAST})(host.shadowRoot)")
    assert result["checked"] > 5, "too few text elements were checked"
    failures: list[str] = result["failures"]
    return failures


def test_widget_text_has_a_contrast_of_at_least_4_5_to_1(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Hallo")
    hold_posts(page, lambda route: route.fulfill(status=429, body="", content_type="application/json"))
    message_input(page).fill("Nog een")
    message_input(page).press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_role("button", name="Gesprek wissen").click()
    assert contrast_failures(page) == []


def test_cards_states_and_agent_text_have_enough_contrast(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    send(page, "Ik wil niet meer leven")
    canned.push(stored_sessions(page)[0]["id"], "message", {"type": "text", "text": "Hoi, ik ben Sanne."})
    expect(messages(page).locator(".msg.agent")).to_be_visible()
    assert contrast_failures(page) == []


def test_reduced_motion_turns_off_the_panel_animation(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    launcher(page).click()
    assert panel(page).evaluate("e => getComputedStyle(e).animationName") == "mw-in"
    page.keyboard.press("Escape")
    page.emulate_media(reduced_motion="reduce")
    launcher(page).click()
    assert panel(page).evaluate("e => getComputedStyle(e).animationName") == "none"


# ---- layout and screenshots -------------------------------------------------------------------------------


def test_panel_fills_the_screen_at_360_px_without_sideways_scrolling(
    page: Page, widget_base_url: str, screenshots: Path
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_demo(page, widget_base_url)
    page.screenshot(path=str(screenshots / "widget-360-closed.png"))
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder en werk 32 uur")
    box = settled_box(panel(page))
    assert box == pytest.approx({"x": 0, "y": 0, "width": 360, "height": 740}, abs=1)
    overflowing = panel(page).evaluate(
        """e => [...e.querySelectorAll("*:not(.sr)")]
          .filter(c => c.scrollWidth > c.clientWidth + 1 && getComputedStyle(c).overflowX !== "visible")
          .map(c => c.className)"""
    )
    assert overflowing == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "widget-360.png"))


def test_panel_sits_bottom_right_at_1280_px(page: Page, widget_base_url: str, screenshots: Path) -> None:
    open_demo(page, widget_base_url)
    page.screenshot(path=str(screenshots / "widget-1280-closed.png"))
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder en werk 32 uur")
    box = settled_box(panel(page))
    assert box["width"] == pytest.approx(400, abs=1)
    assert box["x"] + box["width"] == pytest.approx(1280 - 20, abs=1)
    page.screenshot(path=str(screenshots / "widget-1280.png"))
