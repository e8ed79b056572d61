"""The desk's tools for agents in real Chromium (issue 17): canned replies (managed by a supervisor,
picked in the composer, editable, not sent at once), a card preview before "Versturen", transfer to
a colleague (live on both desks, the person reads the new name), warnings before handing back or
closing with the person's last message unanswered and before deleting a left question (its phone
number a `tel:` link), the "intranet" channel label, the live opening hours, and typing both ways.

The real gateway runs in this process with a fake Rasa (`local_site` of tests/e2e/test_desk.py).
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

from tests.desk_cli import PASSWORD, desk_cli
from tests.e2e.test_desk import (
    CLOSED_TENANT,
    TENANT,
    Site,
    local_site,
    new_agent,
    new_page,
    queue_item,
    sign_in,
    signed,
)

pytestmark = pytest.mark.browser
__all__ = ["local_site"]  # the fixture, shared with tests/e2e/test_desk.py

_people = iter(range(1, 10_000))


def new_supervisor(site: Site, name: str, tenant: str = TENANT) -> str:
    email = f"{name.lower()}{next(_people)}-lead@desk.test"
    account = ("--tenant", tenant, "--email", email, "--name", name, "--role", "supervisor")
    desk_cli(site.database_url, "create-agent", *account, "--password-stdin", password=PASSWORD)
    return email


def waiting_person(site: Site, words: str, tenant: str = TENANT) -> tuple[str, dict[str, str]]:
    """A person of the intranet (signed tenant_token) who asked for someone and wrote `words`."""
    started = httpx.post(
        f"{site.url}/api/v1/conversations", json={"tenant_token": signed(site.database_url, tenant)}
    ).json()
    auth = {"Authorization": f"Bearer {started['token']}"}
    url = f"{site.url}/api/v1/conversations/{started['conversation_id']}"
    for n, text in enumerate(("ik wil een mens spreken", words)):
        httpx.post(f"{url}/messages", json={"text": text, "client_message_id": f"m{n}"}, headers=auth)
    return url, auth


def leave_question(site: Site, question: str, phone: str) -> None:
    """A person of Gemeente Dicht (closed now) leaves a question with their phone number."""
    started = httpx.post(
        f"{site.url}/api/v1/conversations", json={"tenant_token": signed(site.database_url, CLOSED_TENANT)}
    ).json()
    auth = {"Authorization": f"Bearer {started['token']}"}
    url = f"{site.url}/api/v1/conversations/{started['conversation_id']}"
    asked = {"text": "ik wil een mens spreken", "client_message_id": "q0"}
    httpx.post(f"{url}/messages", json=asked, headers=auth)
    body = {"question": question, "contact_method": "phone", "contact_value": phone, "consent": True}
    left = httpx.post(f"{url}/questions", json=body, headers=auth)
    assert left.status_code == 201, left.text


def open_and_claim(desk: Page, words: str) -> None:
    queue_item(desk, words[:20]).click()
    desk.get_by_role("button", name="Oppakken").click()
    expect(desk.get_by_label("Antwoord aan de persoon")).to_be_focused()


def test_a_supervisor_keeps_canned_replies_that_an_agent_picks_edits_and_sends(
    browser: Browser, local_site: Site, screenshots: Path
) -> None:
    (lead_context, lead), (agent_context, desk) = new_page(browser), new_page(browser)
    try:
        sign_in(lead, local_site.url, new_supervisor(local_site, "Lisa"))
        lead.get_by_role("button", name="Standaardantwoorden").click()
        expect(lead.locator("#canned-title")).to_be_focused()
        title = f"Begroeting {time.time_ns() % 100_000}"
        lead.get_by_label("Titel (maximaal 80 tekens)").fill(title)
        lead.get_by_role("button", name="Opslaan").click()
        expect(lead.get_by_role("alert")).to_contain_text("tekst van het standaardantwoord")
        lead.get_by_label("Tekst (maximaal 2000 tekens)").fill("Hoi, ik ben er. Waar kan ik je mee helpen?")
        lead.get_by_role("button", name="Opslaan").click()
        expect(lead.locator("#canned-list")).to_contain_text(title)
        lead.get_by_role("button", name=f"Wijzigen: {title}").click()
        lead.get_by_label("Tekst (maximaal 2000 tekens)").fill("Hoi, ik ben er. Waar gaat je vraag over?")
        lead.get_by_role("button", name="Opslaan").click()
        expect(lead.locator("#canned-list")).to_contain_text("Waar gaat je vraag over?")

        sign_in(desk, local_site.url, new_agent(local_site, "Anna"))
        expect(desk.get_by_role("button", name="Standaardantwoorden")).to_be_hidden()  # agents only pick
        words = f"Vraag over verlof {time.time_ns() % 100_000}"
        waiting_person(local_site, words)
        open_and_claim(desk, words)
        desk.get_by_label("Standaardantwoord", exact=True).select_option(label=title)
        desk.get_by_role("button", name="Invullen").click()
        box = desk.get_by_label("Antwoord aan de persoon")
        expect(box).to_have_value("Hoi, ik ben er. Waar gaat je vraag over?")
        expect(box).to_be_focused()
        expect(desk.locator("#transcript .line-agent")).to_have_count(0)  # filled in, not sent
        box.press("End")
        box.type(" Groet, Anna")
        box.press("Enter")
        expect(desk.locator("#transcript .line-agent").last).to_have_text(
            re.compile("Waar gaat je vraag over\\? Groet, Anna")
        )
        desk.screenshot(path=str(screenshots / "desk-canned-replies.png"), full_page=True)
        lead.screenshot(path=str(screenshots / "desk-canned-manage.png"), full_page=True)

        lead.get_by_role("button", name=f"Verwijderen: {title}").click()
        lead.get_by_role("dialog").get_by_role("button", name="Ja, verwijderen").click()
        expect(lead.locator("#canned-list")).not_to_contain_text(title)
    finally:
        lead_context.close()
        agent_context.close()


def person_messages(url: str, auth: dict[str, str]) -> list[dict[str, Any]]:
    """What the person's widget shows: the public transcript's messages."""
    return [m["message"] for m in httpx.get(f"{url}/messages", headers=auth).json()["messages"]]


def test_a_card_is_previewed_as_the_person_sees_it_before_it_is_sent(
    browser: Browser, local_site: Site, screenshots: Path
) -> None:
    context, desk = new_page(browser)
    try:
        sign_in(desk, local_site.url, new_agent(local_site, "Sam"))
        words = f"Ik wil een mens, kaart {time.time_ns() % 100_000}"
        url, auth = waiting_person(local_site, words)
        open_and_claim(desk, words)
        desk.get_by_label("Zoek een regeling of hulp").fill("mantelzorglijn")
        desk.get_by_role("button", name="Zoeken").click()
        desk.get_by_role("button", name="Bekijk kaart: Mantelzorglijn").click()
        preview = desk.get_by_role("region", name="Zo ziet de persoon de kaart")
        expect(desk.locator("#card-preview-title")).to_be_focused()
        expect(preview).to_contain_text("Mantelzorglijn")
        expect(preview).to_contain_text("Bel 030 760 60 55")
        expect(preview).to_contain_text("Kaart van Sam")
        assert not [m for m in person_messages(url, auth) if m["type"] == "recommendations"]  # nothing sent
        desk.screenshot(path=str(screenshots / "desk-card-preview.png"), full_page=True)
        preview.get_by_role("button", name="Versturen").click()
        expect(preview).to_be_hidden()
        expect(desk.locator("#transcript")).to_contain_text("Kaart: Mantelzorglijn")
        [card] = [m for m in person_messages(url, auth) if m["type"] == "recommendations"]
        assert card["items"][0]["contact"]["phone"] == "030 760 60 55"
        assert card["agent"] == "Sam"
    finally:
        context.close()


def test_a_conversation_goes_to_a_colleague_and_the_person_reads_the_new_name(
    browser: Browser, local_site: Site
) -> None:
    (first_context, anna), (second_context, bram) = new_page(browser), new_page(browser)
    try:
        sign_in(anna, local_site.url, new_agent(local_site, "Anna"))
        bram_name = f"Bram{time.time_ns() % 1000}"
        sign_in(bram, local_site.url, new_agent(local_site, bram_name))
        words = f"Ik wil een mens, over {time.time_ns() % 100_000}"
        url, auth = waiting_person(local_site, words)
        open_and_claim(anna, words)
        anna.get_by_label("Overdragen aan een collega").select_option(label=bram_name)
        anna.get_by_role("button", name="Overdragen").click()
        expect(anna.locator("#announce")).to_have_text(f"Het gesprek is overgedragen aan {bram_name}.")
        expect(anna.get_by_label("Antwoord aan de persoon")).to_be_hidden()
        expect(anna.locator("#others-list")).to_contain_text(f"Medewerker: {bram_name}")
        expect(bram.locator("#mine-list")).to_contain_text(words[:20])  # live on the colleague's desk
        expect(bram.locator("#announce")).to_contain_text("overgedragen")
        notice = person_messages(url, auth)[-1]
        assert notice["agent"] == bram_name
        assert notice["text"].startswith(f"Je gesprek gaat nu verder met {bram_name}")
        bram.locator("#mine-list button", has_text=words[:20]).click()
        expect(bram.locator("#transcript")).to_contain_text(f"Je gesprek gaat nu verder met {bram_name}")
        bram.get_by_label("Antwoord aan de persoon").fill("Hoi, ik neem het over.")
        bram.get_by_label("Antwoord aan de persoon").press("Enter")
        expect(bram.locator("#transcript .line-agent").last).to_contain_text("Hoi, ik neem het over.")
        assert person_messages(url, auth)[-1]["agent"] == bram_name
    finally:
        first_context.close()
        second_context.close()


def test_handing_back_with_the_last_message_unanswered_asks_first(browser: Browser, local_site: Site) -> None:
    context, desk = new_page(browser)
    try:
        sign_in(desk, local_site.url, new_agent(local_site, "Joke"))
        words = f"Intranet vraag {time.time_ns() % 100_000}"
        url, auth = waiting_person(local_site, words)
        expect(queue_item(desk, words[:20])).to_contain_text("intranet")  # not "website"
        open_and_claim(desk, words)
        expect(desk.locator("#meta")).to_contain_text("intranet")
        desk.get_by_role("button", name="Teruggeven aan Mantelwijzer").click()
        dialog = desk.get_by_role("dialog")
        expect(dialog).to_contain_text("wacht nog op antwoord")
        expect(dialog.get_by_role("button", name="Annuleren")).to_be_focused()
        desk.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(desk.get_by_role("button", name="Teruggeven aan Mantelwijzer")).to_be_focused()
        assert httpx.get(f"{url}/messages", headers=auth).json()["state"] == "assigned"
        desk.get_by_role("button", name="Afsluiten").click()
        dialog.get_by_role("button", name="Annuleren").click()
        assert httpx.get(f"{url}/messages", headers=auth).json()["state"] == "assigned"

        desk.get_by_role("button", name="Teruggeven aan Mantelwijzer").click()
        dialog.get_by_role("button", name="Toch teruggeven").click()
        expect(desk.locator("#badges")).to_contain_text("Terug bij Mantelwijzer")
    finally:
        context.close()


def test_an_answered_conversation_is_closed_without_a_question(browser: Browser, local_site: Site) -> None:
    context, desk = new_page(browser)
    try:
        sign_in(desk, local_site.url, new_agent(local_site, "Ruud"))
        words = f"Snel klaar {time.time_ns() % 100_000}"
        waiting_person(local_site, words)
        open_and_claim(desk, words)
        desk.get_by_label("Antwoord aan de persoon").fill("Dat is geregeld.")
        desk.get_by_label("Antwoord aan de persoon").press("Enter")
        expect(desk.locator("#transcript .line-agent")).to_have_count(1)
        desk.get_by_role("button", name="Afsluiten").click()
        expect(desk.locator("#badges")).to_contain_text("Afgesloten")
        expect(desk.get_by_role("dialog")).to_be_hidden()
    finally:
        context.close()


def test_a_left_question_has_a_phone_link_and_is_deleted_only_after_confirming(
    browser: Browser, local_site: Site
) -> None:
    leave_question(local_site, "Bel me terug", "06 1234 5678")
    context, desk = new_page(browser)
    try:
        sign_in(desk, local_site.url, new_agent(local_site, "Noor", CLOSED_TENANT))
        desk.locator("#questions-list button").last.click()
        expect(desk.locator("#question-meta a[href='tel:0612345678']")).to_have_text("0612345678")
        desk.get_by_role("button", name="Oppakken").click()
        desk.get_by_role("button", name=re.compile("^Afgehandeld")).click()
        dialog = desk.get_by_role("dialog")
        expect(dialog).to_contain_text("kan niet ongedaan worden")
        dialog.get_by_role("button", name="Annuleren").click()
        expect(desk.locator("#question-text")).to_have_text("Bel me terug")
        desk.get_by_role("button", name=re.compile("^Afgehandeld")).click()
        dialog.get_by_role("button", name=re.compile("^Ja, afgehandeld")).click()
        expect(desk.locator("#questions-list button")).to_have_count(0)
    finally:
        context.close()


def test_the_opening_hours_in_the_header_follow_the_clock(browser: Browser, local_site: Site) -> None:
    """Gemeente Dicht is open one day a week, 09:00-17:00 (tomorrow's weekday): at 16:58 that day
    the header says open until 17:00, three minutes later closed, without signing in again."""
    zone = ZoneInfo("Europe/Amsterdam")
    tomorrow = datetime.now(zone).date() + timedelta(days=1)
    moment = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 16, 58, tzinfo=zone)
    context, desk = new_page(browser)
    try:
        desk.clock.install(time=moment)
        sign_in(desk, local_site.url, new_agent(local_site, "Fleur", CLOSED_TENANT))
        hours = desk.locator("#hours-now")
        expect(hours).to_have_text(re.compile("nu open tot 17:00$"))
        desk.clock.fast_forward("03:00")
        expect(hours).to_have_text(re.compile("nu gesloten, weer open volgende \\w+ om 9:00$"))
    finally:
        context.close()


def test_typing_is_shown_and_sent_and_a_missing_endpoint_changes_nothing(
    browser: Browser, local_site: Site
) -> None:
    context, desk = new_page(browser)
    try:
        sign_in(desk, local_site.url, new_agent(local_site, "Tess"))
        words = f"Typen {time.time_ns() % 100_000}"
        url, _ = waiting_person(local_site, words)
        conversation_id = url.rsplit("/", 1)[-1]
        open_and_claim(desk, words)

        sent: list[dict[str, Any]] = []

        def typing(request: Request) -> None:
            if request.url.endswith("/typing"):
                sent.append({"url": request.url, **json.loads(request.post_data or "{}")})

        desk.on("request", typing)
        box = desk.get_by_label("Antwoord aan de persoon")
        box.press_sequentially("Ik kijk even", delay=30)
        expect(desk.locator("#detail-error")).to_be_hidden()  # the endpoint may answer 404: ignored
        box.press("Enter")
        expect(desk.locator("#transcript .line-agent").last).to_contain_text("Ik kijk even")
        desk.wait_for_timeout(300)
        assert [s["active"] for s in sent] == [True, False]  # at most one per 3 s while typing
        assert all(f"/desk/api/conversations/{conversation_id}/typing" in s["url"] for s in sent)

    finally:
        context.close()


def test_the_persons_typing_shows_in_the_open_conversation_for_six_seconds(
    browser: Browser, local_site: Site
) -> None:
    """The desk stream's `typing` event (served here by the test: the stream answers with the real
    queue, and once with the person typing, and the page reconnects after 0.3 s)."""
    context, desk = new_page(browser)
    typing_once: list[str] = []

    def stream(route: Route) -> None:
        cookies = {c["name"]: c["value"] for c in desk.context.cookies()}
        queue = httpx.get(f"{local_site.url}/desk/api/queue", cookies=cookies).json()
        body = "retry: 300\n\nevent: queue\ndata: " + json.dumps(queue) + "\n\n"
        while typing_once:
            event = {"conversation_id": typing_once.pop(), "sender": "user", "active": True}
            body += "event: typing\ndata: " + json.dumps(event) + "\n\n"
        route.fulfill(status=200, body=body, headers={"Content-Type": "text/event-stream"})

    try:
        desk.route("**/desk/api/stream", stream)
        desk.goto(local_site.url + "/desk")
        desk.get_by_label("E-mailadres").fill(new_agent(local_site, "Ilse"))
        desk.get_by_label("Wachtwoord").fill(PASSWORD)
        desk.get_by_role("button", name="Inloggen").click()
        words = f"Ik typ zo {time.time_ns() % 100_000}"
        url, _ = waiting_person(local_site, words)
        open_and_claim(desk, words)
        expect(desk.locator("#typing")).to_have_text("")
        typing_once.append(url.rsplit("/", 1)[-1])
        expect(desk.locator("#typing")).to_have_text("De persoon typt…")
        started = time.monotonic()
        expect(desk.locator("#typing")).to_have_text("", timeout=10_000)
        assert 4.5 < time.monotonic() - started < 8.5  # hidden after 6 s without a new true
    finally:
        context.close()
