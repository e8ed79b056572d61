"""The crisis check runs before Rasa: the fixed text comes first, even when Rasa is down."""

from __future__ import annotations

import httpx
import pytest

from api.services.handoff import OpenDesk
from api.services.safety import REQUEST_HUMAN, bot_crisis_detector, handoff_offer
from api.texts import HANDOFF_UNAVAILABLE
from bot.safety import CRISIS_HANDOFF_OFFER, CRISIS_OFFER_BUTTONS, CRISIS_TEXT
from tests.api.conftest import Conversation, Gateway, GatewayFactory
from tests.api.fakes import CRISIS_TEXT as FAKE_CRISIS_TEXT
from tests.api.fakes import bot_says

UNAVAILABLE = {"type": "handoff", "status": "unavailable", "reason": "crisis", "text": HANDOFF_UNAVAILABLE}


def test_crisis_text_comes_first_and_rasa_gets_the_crisis_intent(
    gateway: Gateway, conversation: Conversation
) -> None:
    gateway.rasa.reply = bot_says({"text": "Ik ben er voor je."})
    messages = conversation.say("dit is een noodgeval")
    assert messages[0] == {"type": "crisis", "text": FAKE_CRISIS_TEXT}
    assert messages[1] == {"type": "text", "text": "Ik ben er voor je."}
    assert gateway.rasa.texts_sent() == ['/crisis{"crisis_kind":"suicide"}']


def test_person_words_are_stored_but_not_sent_to_rasa(gateway: Gateway, conversation: Conversation) -> None:
    conversation.say("noodgeval")
    assert gateway.rows("SELECT text FROM messages WHERE direction = 'in'") == [("noodgeval",)]
    assert "noodgeval" not in gateway.rasa.texts_sent()


def test_crisis_payload_from_rasa_is_not_repeated(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.reply = bot_says(
        {"custom": {"type": "crisis", "text": "Rasa's eigen crisistekst"}}, {"text": "verder"}
    )
    messages = conversation.say("noodgeval")
    assert [m["type"] for m in messages].count("crisis") == 1
    assert messages[0]["text"] == FAKE_CRISIS_TEXT


def test_without_a_desk_the_crisis_is_followed_by_the_unavailable_notice(
    gateway: Gateway, conversation: Conversation
) -> None:
    assert conversation.say("noodgeval")[-1] == UNAVAILABLE


def test_crisis_answer_comes_when_rasa_is_down(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.rasa_up = False
    response = conversation.send("noodgeval")
    assert response.status_code == 200
    assert response.json()["messages"] == [{"type": "crisis", "text": FAKE_CRISIS_TEXT}, UNAVAILABLE]


def test_crisis_answer_comes_when_rasa_fails(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.reply = lambda body: httpx.Response(500, json={"error": "action_failed"})
    assert conversation.say("noodgeval")[0] == {"type": "crisis", "text": FAKE_CRISIS_TEXT}


def test_with_an_open_desk_the_crisis_is_followed_by_the_offer(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(handoff=OpenDesk())
    gateway.rasa.rasa_up = False
    messages = gateway.start().say("noodgeval")
    assert messages == [{"type": "crisis", "text": FAKE_CRISIS_TEXT}, handoff_offer()]
    assert messages[1]["buttons"][0]["payload"] == REQUEST_HUMAN


def test_offer_made_by_rasa_is_not_repeated(make_gateway: GatewayFactory) -> None:
    """The bot's offer (actions/safety.py) is recognised by its "talk to a person" button, and
    marked as the offer, whatever its wording."""
    gateway = make_gateway(handoff=OpenDesk())
    buttons = [{"title": title, "payload": payload} for title, payload in CRISIS_OFFER_BUTTONS]
    gateway.rasa.reply = bot_says({"text": "Zal ik iemand zoeken?", "buttons": buttons})
    messages = gateway.start().say("noodgeval")
    offers = [m for m in messages if m.get("offer") == "handoff"]
    assert [m["text"] for m in offers] == ["Zal ik iemand zoeken?"]
    assert CRISIS_HANDOFF_OFFER not in [m.get("text") for m in messages]


def test_handoff_from_rasa_after_a_crisis_is_urgent(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(handoff=OpenDesk())
    gateway.rasa.reply = bot_says({"custom": {"type": "handoff", "reason": "user_request", "summary": {}}})
    conversation = gateway.start()
    messages = conversation.say("noodgeval")
    assert messages[1]["type"] == "handoff"
    assert messages[1]["status"] == "waiting"
    assert messages[1]["reason"] == "crisis"
    assert gateway.rows("SELECT state, handoff_reason FROM conversations") == [("waiting", "crisis")]


def test_crisis_while_waiting_gets_the_text_and_becomes_urgent(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(handoff=OpenDesk())
    gateway.rasa.reply = bot_says({"custom": {"type": "handoff", "reason": "burden"}})
    conversation = gateway.start()
    conversation.say("ik wil iemand spreken")
    messages = conversation.say("noodgeval")
    assert messages == [{"type": "crisis", "text": FAKE_CRISIS_TEXT}]
    assert len(gateway.rasa.messages) == 1
    assert gateway.rows("SELECT state, handoff_reason FROM conversations") == [("waiting", "crisis")]


def test_a_failing_crisis_check_does_not_lose_the_message(make_gateway: GatewayFactory) -> None:
    def broken(text: str) -> None:
        raise RuntimeError("bug")

    gateway = make_gateway(crisis=broken)
    assert gateway.start().say("hoi") == [{"type": "text", "text": "echo: hoi"}]


@pytest.mark.parametrize("kind", sorted(CRISIS_TEXT))
def test_bot_safety_texts_are_used_by_the_default_detector(kind: str) -> None:
    samples = {"suicide": "ik wil niet meer leven", "acute_danger": "hij is gevallen en ademt niet meer"}
    hit = bot_crisis_detector(samples[kind])
    assert hit is not None
    assert (hit.kind, hit.text) == (kind, CRISIS_TEXT[kind])


def test_default_app_uses_bot_safety(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(crisis=None)
    gateway.rasa.rasa_up = False
    messages = gateway.start().say("ik wil niet meer leven")
    assert messages[0] == {"type": "crisis", "text": CRISIS_TEXT["suicide"]}
