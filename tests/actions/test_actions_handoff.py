"""actions/handoff.py and actions/fallback.py: a person on request and after two misunderstandings."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions import slots as s
from actions.fallback import ActionHandleFallback, ActionOutOfScope, classify_input
from actions.handoff import ActionHandoff


def run(action: Any, tracker: Any, dispatcher: Any) -> Any:
    return asyncio.run(action.run(dispatcher, tracker, {}))


def test_handoff_sends_the_reason_and_the_profile(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = run(
        ActionHandoff(), make_tracker(slots={s.RELATIONSHIP: "parent", s.WORK_HOURS: 32.0}), dispatcher
    )
    payload = helpers.custom_payloads(dispatcher)[0]
    assert payload == {
        "type": "handoff",
        "reason": "user_request",
        "summary": {"relationship": "parent", "work_hours_per_week": 32.0},
    }
    assert {"event": "followup", "name": "action_listen"} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]


def test_handoff_stops_a_running_form(fake_bot: Any, make_tracker: Any, dispatcher: Any) -> None:
    events = run(ActionHandoff(), make_tracker(active_loop=s.INTAKE_FORM), dispatcher)
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]


def fallback_turn(text: str) -> list[dict[str, Any]]:
    return [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text},
        {"event": "action", "name": "action_handle_fallback"},
        {"event": "bot", "text": "Sorry"},
        {"event": "action", "name": "action_listen"},
    ]


def test_first_misunderstanding_gets_a_helpful_reply(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(ActionHandleFallback(), make_tracker(text="fietsenrek banaan", intent="nlu_fallback"), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_fallback_unclear"]
    assert helpers.custom_payloads(dispatcher) == []


def test_second_misunderstanding_in_a_row_hands_over(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = [*fallback_turn("blabla"), {"event": "user", "text": "nog meer blabla"}]
    run(
        ActionHandleFallback(),
        make_tracker(text="nog meer blabla", intent="nlu_fallback", events=events),
        dispatcher,
    )
    assert helpers.custom_payloads(dispatcher)[0]["reason"] == "fallback"


def test_out_of_scope_right_after_a_misunderstanding_hands_over(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = [*fallback_turn("fjkdl qwpo"), {"event": "user", "text": "blorp snirk vlaap"}]
    run(
        ActionOutOfScope(),
        make_tracker(text="blorp snirk vlaap", intent="out_of_scope", events=events),
        dispatcher,
    )
    assert helpers.custom_payloads(dispatcher)[0]["reason"] == "fallback"


def test_gibberish_read_as_out_of_scope_twice_hands_over(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "fjkdl qwpo zmxn"},
        {"event": "action", "name": "action_out_of_scope"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "blorp snirk vlaap"},
    ]
    run(
        ActionOutOfScope(),
        make_tracker(text="blorp snirk vlaap", intent="out_of_scope", events=events),
        dispatcher,
    )
    assert helpers.custom_payloads(dispatcher)[0]["reason"] == "fallback"


def test_two_real_out_of_scope_questions_do_not_hand_over(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "wat voor weer wordt het morgen"},
        {"event": "action", "name": "action_out_of_scope"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "wie won er gisteren bij het voetbal"},
    ]
    text = "wie won er gisteren bij het voetbal"
    run(ActionOutOfScope(), make_tracker(text=text, intent="out_of_scope", events=events), dispatcher)
    assert helpers.custom_payloads(dispatcher) == []


def test_out_of_scope_alone_gets_the_kind_answer(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(ActionOutOfScope(), make_tracker(text="wat voor weer wordt het", intent="out_of_scope"), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_out_of_scope"]
    assert helpers.custom_payloads(dispatcher) == []


def test_misunderstandings_with_an_understood_message_between_do_not_hand_over(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = [
        *fallback_turn("blabla"),
        {"event": "user", "text": "hoi"},
        {"event": "action", "name": "action_greet"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "blabla"},
    ]
    run(ActionHandleFallback(), make_tracker(text="blabla", intent="nlu_fallback", events=events), dispatcher)
    assert helpers.custom_payloads(dispatcher) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("😀👍", "emoji"),
        ("x" * 2001, "too_long"),
        ("How many hours of leave can I take?", "other_language"),
        ("Ich habe eine Frage zur Pflege meiner Mutter", "other_language"),
        ("Привет, как дела?", "other_language"),
        ("asdfgh qwerty", "gibberish"),
        ("hoe zit het met mijn verlof", "unclear"),
    ],
)
def test_classify_input(text: str, kind: str) -> None:
    assert classify_input(text) == kind


def test_fallback_reply_fits_the_input(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(ActionHandleFallback(), make_tracker(text="😀😀", intent="nlu_fallback"), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_fallback_emoji"]


def test_out_of_scope_gets_a_kind_answer(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    run(ActionOutOfScope(), make_tracker(text="Wie wint het WK?", intent="out_of_scope"), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_out_of_scope"]


def test_out_of_scope_in_another_language_answers_in_dutch_about_dutch(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(
        ActionOutOfScope(),
        make_tracker(text="What is the weather like today?", intent="out_of_scope"),
        dispatcher,
    )
    assert helpers.responses(dispatcher) == ["utter_fallback_other_language"]


def test_out_of_scope_gibberish_gets_the_gibberish_reply(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(ActionOutOfScope(), make_tracker(text="asdfgh qwerty", intent="out_of_scope"), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_fallback_gibberish"]


def test_handoff_on_request_promises_nothing_the_gateway_says_whether_someone_comes(
    fake_bot: Any, make_tracker: Any, dispatcher: Any
) -> None:
    run(ActionHandoff(), make_tracker(text="ik wil een mens spreken", intent="request_human"), dispatcher)
    assert [m.get("text") for m in dispatcher.messages if m.get("text")] == []
    assert [m["custom"]["type"] for m in dispatcher.messages if m.get("custom")] == ["handoff"]


def test_fallback_stays_quiet_when_the_message_answered_the_question(
    fake_bot: Any, make_tracker: Any, dispatcher: Any
) -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "matig", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        {"event": "slot", "name": s.BURDEN, "value": "moderate"},
    ]
    tracker = make_tracker(text="matig", intent="nlu_fallback", active_loop=s.INTAKE_FORM, events=events)
    assert run(ActionHandleFallback(), tracker, dispatcher) == []
    assert dispatcher.messages == []
    assert run(ActionOutOfScope(), tracker, dispatcher) == []
    assert dispatcher.messages == []
