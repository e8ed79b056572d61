"""The overview to keep: GET …/overview.pdf and …/overview.html, GET …/documents; where the profile
comes from; 404 after erasure; nothing stored."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from api.routes.documents import LetterFieldsIn
from bot.employer_talk import dutch_date
from tests.api.conftest import Conversation, Gateway, GatewayFactory
from tests.api.documents_support import PROFILE, overview_items, overview_reply, pdf_text, today
from tests.api.fakes import FakeRasa, bot_says, refuse_connection


def _show_overview(gateway: Gateway, profile: dict[str, Any] | None = PROFILE) -> Conversation:
    gateway.rasa.reply = overview_reply(profile)
    conversation = gateway.start()
    messages = conversation.say("ik zorg voor mijn broer")
    assert messages[0]["type"] == "recommendations"
    return conversation


def test_the_overview_pdf_has_the_date_the_situation_the_figures_and_the_crisis_lines(
    gateway: Gateway,
) -> None:
    conversation = _show_overview(gateway)

    response = gateway.client.get(f"{conversation.url}/overview.pdf", headers=conversation.headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert f"Gemaakt op {dutch_date(today())}" in text
    assert "broer of zus" in text and "Enschede" in text and "32 uur" in text
    assert "maximaal 64 uur kortdurend" in text and "maximaal 192 uur langdurend" in text
    assert "Waarom dit bij je past" in text and "Eerste stap" in text
    assert "Gecontroleerd op" in text
    assert "030 760 60 55" in text and "113" in text and "112" in text


def test_each_item_of_the_overview_is_in_the_pdf_with_its_reasons(gateway: Gateway) -> None:
    conversation = _show_overview(gateway)

    text = pdf_text(
        gateway.client.get(f"{conversation.url}/overview.pdf", headers=conversation.headers).content
    )

    for item in overview_items():
        assert " ".join(item["title"].split()) in text
        assert " ".join(item["reasons"][0].split())[:40] in text


def test_the_print_view_has_the_same_content_as_html(gateway: Gateway) -> None:
    conversation = _show_overview(gateway)

    response = gateway.client.get(f"{conversation.url}/overview.html", headers=conversation.headers)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    html = response.text
    assert '<html lang="nl">' in html
    assert "maximaal 64 uur kortdurend" in html
    assert 'href="tel:0307606055"' in html
    assert "window.print()" in html


def test_the_profile_stored_with_the_overview_is_used_while_rasa_is_down(gateway: Gateway) -> None:
    conversation = _show_overview(gateway)
    gateway.rasa.rasa_up = False

    response = gateway.client.get(f"{conversation.url}/overview.pdf", headers=conversation.headers)

    assert response.status_code == 200
    assert "maximaal 64 uur kortdurend" in pdf_text(response.content)


@dataclass
class TrackerRasa(FakeRasa):
    """Rasa's HTTP API answers the tracker with these slots."""

    slots: dict[str, Any] = field(default_factory=dict)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/tracker"):
            self.requests.append(request)
            if not self.rasa_up:
                refuse_connection(request)
            if request.url.params.get("token") != "test-token":
                return httpx.Response(401, json={})
            return httpx.Response(200, json={"sender_id": "x", "slots": self.slots})
        return await super().handle(request)


@pytest.fixture
def fake_rasa() -> FakeRasa:
    rasa = TrackerRasa()
    rasa.slots = {**PROFILE, "work_hours_per_week": 24.0, "relationship": "unknown", "requested_slot": None}
    return rasa


def test_without_a_stored_profile_the_trackers_slots_are_read(gateway: Gateway) -> None:
    conversation = _show_overview(gateway, profile=None)

    text = pdf_text(
        gateway.client.get(f"{conversation.url}/overview.pdf", headers=conversation.headers).content
    )

    assert "24 uur" in text and "maximaal 48 uur kortdurend" in text
    assert "Je zorgt voor" not in text  # "unknown" is no relationship


def test_without_profile_and_rasa_the_stored_items_are_shown_as_they_were(gateway: Gateway) -> None:
    conversation = _show_overview(gateway, profile=None)
    gateway.rasa.rasa_up = False

    response = gateway.client.get(f"{conversation.url}/overview.pdf", headers=conversation.headers)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert overview_items()[0]["title"] in text
    assert "Je hebt nog weinig over je situatie verteld" in text


def test_without_an_overview_the_answer_is_409_in_dutch(conversation: Conversation) -> None:
    response = conversation.gateway.client.get(
        f"{conversation.url}/overview.pdf", headers=conversation.headers
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_overview"
    assert "Er is nog geen overzicht" in response.json()["error"]["message"]


def test_documents_info_tells_the_widget_what_it_can_offer(gateway: Gateway) -> None:
    conversation = gateway.start()
    url = f"{conversation.url}/documents"
    before = gateway.client.get(url, headers=conversation.headers).json()
    gateway.rasa.reply = overview_reply()
    conversation.say("mijn situatie")

    after = gateway.client.get(url, headers=conversation.headers).json()

    form = before.pop("letter_form")
    assert before == {
        "overview": False,
        "mail": False,
        "letters": ["kortdurend-zorgverlof", "langdurend-zorgverlof", "flexibel-werken", "gesprek-werkgever"],
        "formats": ["pdf", "docx"],
    }
    assert after["overview"] is True
    assert [choice["kind"] for choice in form] == before["letters"]
    long_term = form[1]
    assert long_term["title"].startswith("Langdurend zorgverlof aanvragen")
    assert [(f["name"], f["input"]) for f in long_term["fields"]] == [
        ("name", "text"),
        ("employer", "text"),
        ("manager", "text"),
        ("start_date", "date"),
        ("weeks", "number"),
        ("hours_per_week", "number"),
    ]
    talk = {f["name"]: f["label"] for f in form[3]["fields"]}
    assert talk["start_date"] == "Wanneer is het gesprek?"
    assert "employer" not in talk


def test_every_field_of_the_letter_form_is_one_the_letters_endpoint_reads(gateway: Gateway) -> None:
    conversation = gateway.start()
    form = gateway.client.get(f"{conversation.url}/documents", headers=conversation.headers).json()

    names = {f["name"] for choice in form["letter_form"] for f in choice["fields"]}

    assert names <= set(LetterFieldsIn.model_fields)


@pytest.mark.parametrize("path", ["overview.pdf", "overview.html", "documents"])
def test_without_the_token_the_answer_is_401(conversation: Conversation, path: str) -> None:
    client = conversation.gateway.client
    assert client.get(f"{conversation.url}/{path}").status_code == 401
    wrong = client.get(f"{conversation.url}/{path}", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "unauthorized"


def test_after_erasure_every_document_endpoint_answers_404(gateway: Gateway) -> None:
    conversation = _show_overview(gateway)
    assert gateway.client.delete(conversation.url, headers=conversation.headers).status_code == 204
    client, headers = gateway.client, conversation.headers

    answers = [
        client.get(f"{conversation.url}/overview.pdf", headers=headers),
        client.get(f"{conversation.url}/overview.html", headers=headers),
        client.get(f"{conversation.url}/documents", headers=headers),
        client.post(f"{conversation.url}/overview/mail", json={"email": "a@example.nl"}, headers=headers),
        client.post(f"{conversation.url}/letters", json={"kind": "kortdurend-zorgverlof"}, headers=headers),
    ]

    assert [answer.status_code for answer in answers] == [404] * 5
    assert {answer.json()["error"]["code"] for answer in answers} == {"not_found"}


def test_making_a_document_stores_nothing(gateway: Gateway) -> None:
    conversation = _show_overview(gateway)
    before = gateway.rows("SELECT id, payload FROM messages ORDER BY id")

    gateway.client.get(f"{conversation.url}/overview.pdf", headers=conversation.headers)
    gateway.client.post(
        f"{conversation.url}/letters",
        json={"kind": "kortdurend-zorgverlof", "fields": {"name": "Sam Geheim"}},
        headers=conversation.headers,
    )

    after = gateway.rows("SELECT id, payload FROM messages ORDER BY id")
    assert after == before
    assert "Sam Geheim" not in json.dumps(after)


def test_documents_count_against_the_address_rate_limit(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_messages_per_address_per_minute=1)
    conversation = gateway.start()

    first = gateway.client.get(f"{conversation.url}/documents", headers=conversation.headers)
    pdfs = [
        gateway.client.get(f"{conversation.url}/overview.pdf", headers=conversation.headers) for _ in range(2)
    ]

    assert first.status_code == 200
    assert pdfs[-1].status_code == 429 and "retry-after" in pdfs[-1].headers


def _asks_for(gateway: Gateway, want: str) -> None:
    gateway.rasa.reply = bot_says({"custom": {"type": "documents", "want": want}})


def test_a_document_asked_for_in_the_chat_gets_the_buttons_after_an_overview(gateway: Gateway) -> None:
    conversation = gateway.start()
    gateway.rasa.reply = overview_reply()
    conversation.say("mijn situatie")
    _asks_for(gateway, "letter")

    [answer] = conversation.say("kun je een brief voor mijn werkgever maken?")

    assert answer["type"] == "text"
    assert answer["documents"] == "letter"
    assert answer["text"].startswith("Dat kan. Hieronder kun je je overzicht als PDF downloaden of een brief")
    assert "mailen" not in answer["text"]  # no mail server: not offered


def test_a_document_asked_for_before_the_overview_says_when_it_comes(gateway: Gateway) -> None:
    conversation = gateway.start()
    _asks_for(gateway, "pdf")

    [answer] = conversation.say("kan ik dit als pdf krijgen?")

    assert answer["text"].startswith("Dat kan zodra je overzicht klaar is.")
    assert "documents" not in answer


def test_the_offer_names_mail_only_when_mail_is_set_up(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(smtp_url="smtp://127.0.0.1:2525")
    conversation = gateway.start()
    gateway.rasa.reply = overview_reply()
    conversation.say("mijn situatie")
    _asks_for(gateway, "mail")

    [answer] = conversation.say("mail het naar mij")

    assert "PDF downloaden, naar jezelf mailen of een brief" in answer["text"]
    assert answer["documents"] == "mail"
