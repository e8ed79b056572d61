"""The widget on the demo page against the real stack: gateway, Rasa, action server, bot/.

The widget's own behaviour is tested against a fake gateway in test_widget.py; here a person
chats through to a personal overview, reloads, erases, and uses only the keyboard.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.employer_talk import dutch_date
from scripts.stack import StackConfig
from tests.api.documents_support import docx_text, first_page_png, pdf_text
from tests.e2e.test_widget import (
    bot_replies,
    message_input,
    messages,
    open_chat,
    open_demo,
    send,
    stored_sessions,
)
from tests.smtp_server import Inbox

pytestmark = [pytest.mark.browser, pytest.mark.stack]

SITUATION = (
    "Ik zorg voor mijn moeder met dementie, ze woont in Goor. Ik werk 32 uur per week in loondienst "
    "bij een groot ziekenhuis en zorg ongeveer 12 uur per week voor haar. Waar heb ik recht op?"
)


@pytest.fixture
def stack_page(browser: Browser, request: pytest.FixtureRequest) -> Page:
    width = getattr(request, "param", 1280)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    request.addfinalizer(context.close)
    return page


def chat_to_overview(page: Page) -> None:
    """Tell the situation, then answer each follow-up with its first button or 'weet ik niet'."""
    send(page, SITUATION)
    for _ in range(12):
        if messages(page).locator(".recs").count():
            return
        buttons = messages(page).locator(".msg:not(.user) button, .quick-replies button")
        if buttons.count():
            before = bot_replies(page).count()
            buttons.first.click()
            expect(bot_replies(page)).not_to_have_count(before)
        else:
            send(page, "weet ik niet")
    expect(messages(page).locator(".recs").first).to_be_visible()


@pytest.mark.parametrize("stack_page", [360, 1280], indirect=True)
def test_person_chats_to_a_personal_overview_and_resumes_after_reload(
    stack_page: Page, stack: StackConfig, screenshots: Path
) -> None:
    page = stack_page
    open_demo(page, stack.gateway_url)
    open_chat(page)
    chat_to_overview(page)
    overview = messages(page).locator(".recs").first
    expect(overview).to_contain_text("Kortdurend zorgverlof")
    expect(overview).to_contain_text("64 uur")
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(screenshots / f"stack-overview-{width}.png"))

    page.reload()
    open_chat(page)
    expect(messages(page).locator(".recs").first).to_contain_text("64 uur")
    expect(messages(page).locator(".msg.user").first).to_contain_text("Ik zorg voor mijn moeder")


def test_person_erases_the_conversation_and_it_is_gone_from_gateway_and_rasa(
    stack_page: Page, stack: StackConfig
) -> None:
    page = stack_page
    open_demo(page, stack.gateway_url)
    open_chat(page)
    send(page, "Hoi, ik zorg voor mijn buurman")
    [session] = stored_sessions(page)
    page.get_by_role("button", name="Gesprek wissen").click()
    page.get_by_role("button", name="Ja, wis het gesprek").click()
    expect(messages(page).get_by_text("Je gesprek is gewist.")).to_be_visible()
    with sqlite3.connect(stack.tracker_db) as db:
        rows = db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (session["id"],)).fetchone()[0]
    assert rows == 0
    gone = page.request.get(
        f"{stack.gateway_url}/api/v1/conversations/{session['id']}/messages",
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    assert gone.status in (401, 404)


def test_keyboard_only_person_asks_a_question_and_gets_the_answer(
    stack_page: Page, stack: StackConfig
) -> None:
    page = stack_page
    open_demo(page, stack.gateway_url)
    chat_button = page.get_by_role("button", name=re.compile(r"^Chat met"))
    for _ in range(30):  # tab through the page until the chat button has focus
        page.keyboard.press("Tab")
        if chat_button.evaluate("button => button.matches(':focus')"):
            break
    else:
        pytest.fail("the chat button cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(message_input(page)).to_be_focused()
    page.keyboard.type("Wat is het telefoonnummer van de Mantelzorglijn?")
    page.keyboard.press("Enter")
    expect(messages(page)).to_contain_text("030 760 60 55", timeout=30_000)


def test_person_downloads_the_overview_mails_it_and_makes_a_leave_request_for_their_hours(
    stack_page: Page,
    stack: StackConfig,
    stack_mailbox: tuple[Inbox, int],
    screenshots: Path,
    tmp_path: Path,
) -> None:
    page = stack_page
    open_demo(page, stack.gateway_url)
    open_chat(page)
    chat_to_overview(page)
    documents = page.get_by_role("group", name="Je overzicht bewaren")

    with page.expect_download() as downloaded:
        documents.get_by_role("button", name="Download als PDF").click()
    pdf = tmp_path / downloaded.value.suggested_filename
    downloaded.value.save_as(pdf)
    assert pdf.name.startswith("mantelwijzer-overzicht-") and pdf.suffix == ".pdf"
    assert "maximaal 64 uur kortdurend" in pdf_text(pdf.read_bytes())  # 2 x her 32 hours
    first_page_png(pdf.read_bytes(), screenshots / "stack-overview-pdf-page1.png")

    documents.get_by_role("button", name="Mail naar mezelf").click()
    page.get_by_label("Je e-mailadres").fill("sanne@example.nl")
    page.get_by_role("button", name="Mail versturen").click()
    expect(messages(page).get_by_text("Je overzicht is gemaild.")).to_be_visible()
    inbox, _ = stack_mailbox
    assert [envelope.rcpt_tos for envelope in inbox.envelopes] == [["sanne@example.nl"]]

    documents.get_by_role("button", name="Brief voor je werkgever").click()
    page.get_by_label(re.compile("^Langdurend zorgverlof aanvragen")).check()
    start = date.today() + timedelta(days=21)
    page.get_by_label("Je naam").fill("Sanne de Vries")
    page.get_by_label("Vanaf welke datum?").fill(start.isoformat())
    page.get_by_label("Hoeveel weken?").fill("6")
    hours = page.get_by_label("Hoeveel uur verlof per week?")
    hours.fill("200")
    page.get_by_label(re.compile("^Word")).check()
    page.get_by_role("button", name="Brief maken").click()
    expect(page.get_by_role("alert").filter(has_text="het aantal uur per week")).to_be_visible()
    expect(hours).to_be_focused()
    page.screenshot(path=str(screenshots / "stack-letter-form.png"))

    hours.fill("8")
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Brief maken").click()
    letter = tmp_path / downloaded.value.suggested_filename
    downloaded.value.save_as(letter)
    assert letter.name.startswith("mantelwijzer-langdurend-zorgverlof-") and letter.suffix == ".docx"
    text = docx_text(letter.read_bytes())
    assert f"Begindatum: {dutch_date(start)}" in text
    assert "Duur: 6 weken" in text and "Aantal uur verlof per week: 8 uur" in text
    assert "Sanne de Vries" in text

    page.get_by_label(re.compile("^PDF")).check()
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Brief maken").click()
    assert downloaded.value.suggested_filename.endswith(".pdf")
    letter_pdf = tmp_path / downloaded.value.suggested_filename
    downloaded.value.save_as(letter_pdf)
    assert "Aantal uur verlof per week: 8 uur" in pdf_text(letter_pdf.read_bytes())
    first_page_png(letter_pdf.read_bytes(), screenshots / "stack-letter-pdf-page1.png")


def test_asking_for_a_letter_in_the_chat_opens_the_letter_form(stack_page: Page, stack: StackConfig) -> None:
    page = stack_page
    open_demo(page, stack.gateway_url)
    open_chat(page)
    chat_to_overview(page)

    send(page, "Kun je een brief voor mijn werkgever maken?")

    expect(
        messages(page).get_by_text("Dat kan. Hieronder kun je je overzicht als PDF downloaden")
    ).to_be_visible()
    form = page.get_by_role("form", name="Brief voor je werkgever")
    expect(form).to_be_visible()
    expect(form.get_by_role("radio").first).to_be_focused()
