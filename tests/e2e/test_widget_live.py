"""Live help in the widget (issue 17): noticed with the panel closed (count, preview, tab title), the
agent's name, typing both ways (the shared contract), a closed conversation without a red error,
handover notices in the gateway's order and the buttons of a handback. The agent is played through
the fake gateway (`canned.push`).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.fake_gateway import FakeGateway
from tests.e2e.layout import settled_box
from tests.e2e.test_widget import (
    is_conversation_post,
    json_body,
    launcher,
    message_input,
    messages,
    open_chat,
    open_demo,
    panel,
    stored_sessions,
)

pytestmark = pytest.mark.browser

LONG = (
    "Ik heb even gekeken naar je vraag over verlof. Je kunt kortdurend zorgverlof opnemen, "
    "en daarnaast kun je met je werkgever praten over andere werktijden."
)


def handed_over(page: Page, widget_base_url: str) -> str:
    """Open the chat, ask for a person; returns the conversation id."""
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(panel(page).locator(".state")).to_be_visible()
    return stored_sessions(page)[0]["id"]


def agent_says(canned: FakeGateway, conversation_id: str, text: str, agent: str | None = "Anna") -> None:
    message = {"type": "text", "text": text, **({"agent": agent} if agent else {})}
    canned.push(conversation_id, "message", message)


# ---- noticed while the panel is closed --------------------------------------------------------------


def test_agent_reply_while_closed_shows_count_preview_and_tab_title(
    page: Page, widget_base_url: str, canned: FakeGateway, screenshots: Path
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    title = page.title()
    page.get_by_role("button", name="Chat sluiten").click()
    agent_says(canned, conversation_id, LONG)

    expect(launcher(page)).to_have_accessible_name("Chat met Mantelwijzer, 1 nieuw bericht")
    expect(launcher(page).locator(".badge")).to_have_attribute("data-count", "1")
    assert launcher(page).locator(".badge").evaluate("b => getComputedStyle(b, '::after').content") == '"1"'
    preview = page.locator(".preview")
    expect(preview).to_be_visible()
    shown = preview.locator(".preview-open").inner_text()
    assert shown.startswith("Anna van de servicedesk: Ik heb even gekeken")
    words = shown.removeprefix("Anna van de servicedesk: ")
    assert words.endswith("…") and len(words) <= 81
    expect(page).to_have_title("(1) Nieuw bericht")
    settled_box(preview)
    page.screenshot(path=str(screenshots / "widget-unread-preview.png"))

    agent_says(canned, conversation_id, "Ben je er nog?")
    expect(page).to_have_title("(2) Nieuwe berichten")
    expect(launcher(page)).to_have_accessible_name("Chat met Mantelwijzer, 2 nieuwe berichten")
    expect(preview).to_contain_text("Ben je er nog?")

    preview.locator(".preview-open").click()
    expect(panel(page)).to_be_visible()
    expect(page).to_have_title(title)
    expect(preview).to_be_hidden()
    expect(launcher(page).locator(".badge")).to_be_hidden()
    expect(messages(page).locator(".msg.agent")).to_have_count(2)


def test_the_preview_can_be_dismissed_and_the_count_stays(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    page.keyboard.press("Escape")
    agent_says(canned, conversation_id, "Hoi, ik ben Anna.")
    page.get_by_role("button", name="Melding sluiten").click()
    expect(page.locator(".preview")).to_be_hidden()
    expect(launcher(page)).to_have_accessible_name("Chat met Mantelwijzer, 1 nieuw bericht")
    expect(launcher(page)).to_be_focused()


def test_replies_with_the_panel_open_are_not_counted(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    title = page.title()
    agent_says(canned, conversation_id, "Hoi, ik ben Anna.")
    expect(messages(page).locator(".msg.agent")).to_be_visible()
    expect(page.locator(".preview")).to_be_hidden()
    assert page.title() == title


# ---- the agent's name and typing ---------------------------------------------------------------------


def test_agent_bubbles_and_cards_carry_the_agents_name(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    agent_says(canned, conversation_id, "Hoi, ik ben Anna.")
    agent_says(canned, conversation_id, "Ik ben een collega.", agent=None)
    card = {
        "type": "recommendations",
        "agent": "Anna",
        "items": [{"title": "Mantelzorglijn", "group": "steun"}],
    }
    canned.push(conversation_id, "message", card)
    expect(messages(page).locator(".msg.agent .who")).to_have_text(["Anna van de servicedesk", "Medewerker"])
    expect(messages(page).locator(".recs .who")).to_have_text("Anna van de servicedesk")


def test_the_agent_typing_is_shown_and_hidden(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    conversation_id = handed_over(page, widget_base_url)
    canned.push(conversation_id, "state", {"state": "assigned"})
    indicator = page.locator(".agent-typing")
    canned.push(conversation_id, "typing", {"sender": "agent", "name": "Anna", "active": True})
    expect(indicator).to_have_text("Anna typt een bericht…")
    canned.push(conversation_id, "typing", {"sender": "agent", "name": "Anna", "active": False})
    expect(indicator).to_be_hidden()

    canned.push(conversation_id, "typing", {"sender": "agent", "name": "Anna", "active": True})
    expect(indicator).to_be_visible()
    agent_says(canned, conversation_id, "Daar ben ik.")  # her message ends it
    expect(indicator).to_be_hidden()

    canned.push(conversation_id, "typing", {"sender": "agent", "name": "Anna", "active": True})
    expect(indicator).to_be_visible()
    page.wait_for_timeout(4_000)
    expect(indicator).to_be_visible()
    expect(indicator).to_be_hidden(timeout=4_000)  # 6 s without a new "true"


def test_the_person_typing_is_signalled_at_most_every_3_seconds(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    canned.push(conversation_id, "state", {"state": "assigned"})
    expect(panel(page).locator(".state")).to_have_text("Een medewerker praat nu met je.")
    canned.typing.clear()
    box = message_input(page)
    with page.expect_request(lambda r: r.url.endswith("/typing")) as signal:
        box.press_sequentially("Ik heb een vraag", delay=40)
    assert signal.value.headers["authorization"].startswith("Bearer ")
    assert json_body(signal.value) == {"active": True}
    page.wait_for_timeout(300)  # the fake gateway has taken it
    mine = [active for cid, active in canned.typing if cid == conversation_id]
    assert mine == [True]
    with page.expect_request(lambda r: r.url.endswith("/typing")) as stopped:
        box.press("Enter")
    assert json_body(stopped.value) == {"active": False}


def test_the_person_typing_stops_after_a_pause(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    conversation_id = handed_over(page, widget_base_url)
    canned.push(conversation_id, "state", {"state": "assigned"})
    expect(panel(page).locator(".state")).to_have_text("Een medewerker praat nu met je.")
    started = time.monotonic()
    message_input(page).press_sequentially("Hallo", delay=20)
    with page.expect_request(lambda r: r.url.endswith("/typing") and r.post_data == '{"active":false}'):
        pass
    assert time.monotonic() - started >= 2.5


def test_no_typing_signal_while_talking_to_the_bot(page: Page, widget_base_url: str) -> None:
    signals: list[str] = []
    page.on("request", lambda r: signals.append(r.url) if r.url.endswith("/typing") else None)
    open_demo(page, widget_base_url)
    open_chat(page)
    message_input(page).press_sequentially("Hallo daar", delay=20)
    page.wait_for_timeout(300)
    assert signals == []


# ---- the end of a handoff -----------------------------------------------------------------------------


def test_after_the_agent_closes_the_input_is_closed_and_a_new_chat_offered(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    closed = {
        "type": "handoff",
        "status": "closed",
        "text": "Anna heeft het gesprek afgesloten. Bedankt voor je vragen.",
        "agent": "Anna",
    }
    canned.push(conversation_id, "state", {"state": "closed", "message": closed})
    expect(messages(page).locator(".notice").last).to_have_text(closed["text"])
    expect(message_input(page)).to_be_disabled()
    expect(page.get_by_role("button", name="Versturen")).to_be_disabled()
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_role("button", name="Nieuw gesprek beginnen").click()
    expect(message_input(page)).to_be_enabled()
    expect(message_input(page)).to_be_focused()
    [session] = stored_sessions(page)
    assert session["id"] != conversation_id


def test_a_message_to_a_conversation_closed_meanwhile_gives_no_red_error(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    canned.conversations[conversation_id].state = "closed"  # closed without the event reaching the tab
    message_input(page).fill("Ben je er nog?")
    message_input(page).press("Enter")
    expect(page.get_by_role("button", name="Nieuw gesprek beginnen")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(message_input(page)).to_be_disabled()


def test_handover_notice_comes_after_the_bot_line_that_led_to_it(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    page.get_by_role("button", name="Ik wil een medewerker").click()
    expect(messages(page).locator(".notice")).to_be_visible()
    order = messages(page).locator(".log > *").evaluate_all("nodes => nodes.map(n => n.textContent)")
    tail = order[-3:]
    assert tail[0].endswith("Ik wil een medewerker")
    assert tail[1].endswith("Ik zet je gesprek door naar een medewerker.")
    assert tail[2] == "Je wacht op een medewerker. Je kunt je vraag alvast typen."


def test_in_a_crisis_the_notice_comes_after_the_113_block(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    message_input(page).fill("Ik wil niet meer leven")
    message_input(page).press("Enter")
    expect(messages(page).locator(".notice")).to_be_visible()
    classes = messages(page).locator(".log > *").evaluate_all("nodes => nodes.map(n => n.className)")
    assert classes[-3:] == ["msg user", "crisis", "notice"]
    expect(messages(page).locator(".notice")).to_have_count(1)


def test_after_a_handback_the_buttons_of_the_notice_are_offered(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    back = {
        "type": "text",
        "text": "Bedankt voor het gesprek met Anna. Je praat nu weer met Mantelwijzer.",
        "buttons": [{"title": "Ik zorg voor iemand", "payload": "/tell_situation"}],
    }
    canned.push(conversation_id, "state", {"state": "bot", "message": back})
    expect(panel(page).locator(".state")).to_be_hidden()
    button = page.get_by_role("group", name="Kies een antwoord").get_by_role(
        "button", name="Ik zorg voor iemand"
    )
    with page.expect_request(is_conversation_post) as request:
        button.click()
    assert json_body(request.value)["payload"] == "/tell_situation"
    expect(page.get_by_role("heading", name=re.compile("Kortdurend zorgverlof"))).to_be_visible()


# ---- transfers, erasure elsewhere, hidden tabs and resyncs ---------------------------------------------

TRANSFER = "Je gesprek gaat nu verder met Bram van Zorgbedrijf. Bram leest mee wat je al schreef."

# Pretend the tab is hidden or shown again (headless chromium has no real tab switching).
VISIBILITY = """(state) => {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def status(page: Page) -> Locator:
    return page.locator("#mantelwijzer-widget [role=status]")


def test_a_transfer_to_a_colleague_is_told_once(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    assigned = {"type": "handoff", "status": "assigned", "text": "Anna praat nu met je.", "agent": "Anna"}
    canned.push(conversation_id, "state", {"state": "assigned", "message": assigned})
    expect(messages(page).locator(".notice").last).to_have_text("Anna praat nu met je.")
    transfer = {"type": "handoff", "status": "assigned", "text": TRANSFER, "agent": "Bram"}
    canned.push(conversation_id, "state", {"state": "assigned", "message": transfer})
    expect(messages(page).locator(".notice").last).to_have_text(TRANSFER)
    expect(status(page)).to_have_text(TRANSFER)
    expect(panel(page).locator(".state")).to_have_text("Een medewerker praat nu met je.")

    page.reload()  # the transcript keeps it, once
    open_chat(page)
    notices = messages(page).locator(".notice")
    expect(notices.last).to_have_text(TRANSFER)
    expect(notices.filter(has_text="gaat nu verder met Bram")).to_have_count(1)
    expect(notices.filter(has_text="Anna praat nu met je.")).to_have_count(1)


def test_erasure_from_another_tab_clears_the_count_preview_and_title(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    [session] = stored_sessions(page)
    title = page.title()
    page.get_by_role("button", name="Chat sluiten").click()
    agent_says(canned, conversation_id, "Hoi, ik ben Anna.")
    expect(page).to_have_title("(1) Nieuw bericht")
    expect(page.locator(".preview")).to_be_visible()
    erased = page.request.delete(
        f"{widget_base_url}/api/v1/conversations/{conversation_id}",
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    assert erased.status == 204
    expect(page).to_have_title(title)
    expect(page.locator(".preview")).to_be_hidden()
    expect(launcher(page).locator(".badge")).to_be_hidden()
    expect(launcher(page)).to_have_accessible_name("Chat met Mantelwijzer")


def test_with_the_panel_open_in_a_hidden_tab_the_title_counts(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    title = page.title()
    page.evaluate(VISIBILITY, "hidden")
    agent_says(canned, conversation_id, "Hoi, ik ben Anna.")
    expect(messages(page).locator(".msg.agent")).to_be_visible()
    expect(page).to_have_title("(1) Nieuw bericht")
    agent_says(canned, conversation_id, "Ben je er nog?")
    expect(page).to_have_title("(2) Nieuwe berichten")
    expect(launcher(page).locator(".badge")).to_be_hidden()  # the panel is open: only the tab tells
    page.evaluate(VISIBILITY, "visible")
    expect(page).to_have_title(title)


def test_agent_replies_found_on_a_resync_count_as_unread(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    conversation_id = handed_over(page, widget_base_url)
    page.get_by_role("button", name="Chat sluiten").click()
    missed = {"type": "text", "text": "Ben je er nog? Ik zag je vraag.", "agent": "Anna"}
    with page.expect_response(lambda r: r.request.method == "GET" and r.url.endswith("/messages")):
        canned.drop_streams(conversation_id, [missed])
    expect(page).to_have_title("(1) Nieuw bericht")
    expect(launcher(page)).to_have_accessible_name("Chat met Mantelwijzer, 1 nieuw bericht")
    expect(page.locator(".preview")).to_contain_text("Anna van de servicedesk: Ben je er nog?")
    expect(status(page)).to_have_text("1 nieuw bericht.")
    # the reconnected stream still works
    agent_says(canned, conversation_id, "Ik wacht wel even.")
    expect(page).to_have_title("(2) Nieuwe berichten")
