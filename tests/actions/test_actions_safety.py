"""actions/safety.py: the fixed crisis text first, then a person."""

from __future__ import annotations

import asyncio
from typing import Any

from actions import bot_api, rendering
from actions import slots as s
from actions.safety import ActionCrisis


def run(tracker: Any, dispatcher: Any) -> Any:
    return asyncio.run(ActionCrisis().run(dispatcher, tracker, {}))


def test_gateway_crisis_payload_gets_its_kind_and_a_handoff(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text='/crisis{"crisis_kind":"acute_danger"}',
        intent="crisis",
        entities=[{"entity": "crisis_kind", "value": "acute_danger"}],
    )
    run(tracker, dispatcher)
    payloads = helpers.custom_payloads(dispatcher)
    assert dispatcher.messages[0]["custom"] == {"type": "crisis", "text": bot_api.crisis_text("acute_danger")}
    assert payloads[1]["type"] == "handoff" and payloads[1]["reason"] == "crisis"


def test_real_crisis_text_has_the_fixed_numbers(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(
        make_tracker(
            text='/crisis{"crisis_kind":"suicide"}',
            intent="crisis",
            entities=[{"entity": "crisis_kind", "value": "suicide"}],
        ),
        dispatcher,
    )
    text = helpers.custom_payloads(dispatcher)[0]["text"]
    assert "113" in text and "0800-0113" in text and "112" in text


def test_classifier_alone_gets_the_crisis_text_and_the_offer(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(make_tracker(text="het gaat echt niet goed met me", intent="crisis"), dispatcher)
    assert helpers.custom_payloads(dispatcher) == [{"type": "crisis", "text": bot_api.crisis_text("suicide")}]
    assert dispatcher.messages[1]["text"] == rendering.CRISIS_OFFER
    assert [b["payload"] for b in dispatcher.messages[1]["buttons"]] == ["/request_human", "/deny"]


def test_crisis_stops_any_form_and_waits(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = run(make_tracker(text="ik wil dood", intent="crisis", active_loop=s.INTAKE_FORM), dispatcher)
    kinds = [(e["event"], e.get("name")) for e in events]
    assert ("active_loop", None) in kinds
    assert kinds[-1] == ("followup", "action_listen")


def test_overload_read_as_a_crisis_by_nlu_alone_gets_acknowledgement_and_help_not_113(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(text="het wordt me eigenlijk te veel, ik slaap slecht", intent="crisis")
    events = run(tracker, dispatcher)
    assert helpers.custom_payloads(dispatcher) == []
    assert helpers.responses(dispatcher) == ["utter_overload_ack"]
    text = helpers.texts(dispatcher)[0]
    assert "113" not in text and "huisarts" in text
    assert {"event": "slot", "name": s.BURDEN, "value": "heavy"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    assert ("followup", s.INTAKE_FORM) in [(e["event"], e.get("name")) for e in events]


def test_overload_with_crisis_words_still_gets_113_first(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.crises = {"wil dood": "suicide"}
    run(make_tracker(text="ik kan het niet meer aan, ik wil dood", intent="crisis"), dispatcher)
    assert helpers.custom_payloads(dispatcher)[0] == {
        "type": "crisis",
        "text": bot_api.crisis_text("suicide"),
    }
