"""actions/greet.py: a greeting never introduces the assistant a second time."""

from __future__ import annotations

import asyncio
from typing import Any

from actions import slots as s
from actions.greet import ActionGreet


def run(tracker: Any, dispatcher: Any) -> Any:
    return asyncio.run(ActionGreet().run(dispatcher, tracker, {}))


def test_a_first_hello_says_where_to_start_without_an_introduction(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    run(make_tracker(text="hallo", intent="greet"), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_greet"]
    text = helpers.texts(dispatcher)[0]
    assert text.startswith("Hoi!")
    assert "Ik ben" not in text  # the gateway's welcome already introduced the assistant
    assert "/tell_situation" in [b["payload"] for b in helpers.buttons_of(dispatcher.messages[0])]


def test_hello_later_in_the_conversation_goes_on_where_we_were(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "wat is respijtzorg?"},
        {"event": "action", "name": "action_answer_question"},
        {"event": "bot", "text": "Respijtzorg is ..."},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hallo"},
    ]
    run(make_tracker(text="hallo", intent="greet", events=events), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_greet_back"]
    text = helpers.texts(dispatcher)[0]
    assert text.startswith("Hoi!") and "Ik ben" not in text
    assert "waar we waren" in text


def test_hello_after_starting_over_says_where_to_start(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    events = [
        {"event": "bot", "text": "Respijtzorg is ..."},
        {"event": "user", "text": "opnieuw beginnen"},
        {"event": "bot", "text": "Goed, we beginnen opnieuw."},  # action_restart: its message, then
        {"event": "restart"},  # the reset (Rasa puts an action's messages before its events)
        {"event": "user", "text": "hallo"},
    ]
    run(make_tracker(text="hallo", intent="greet", events=events), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_greet"]  # not "we gaan verder waar we waren"


def test_hello_after_a_break_with_a_known_situation_goes_on_too(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    # a new session: no bot line yet, but the answers were carried over
    run(make_tracker(text="hoi", intent="greet", slots={s.RELATIONSHIP: "parent"}), dispatcher)
    assert helpers.responses(dispatcher) == ["utter_greet_back"]
    assert "/show_overview" in [b["payload"] for b in helpers.buttons_of(dispatcher.messages[0])]


def test_no_greeting_response_repeats_the_introduction(helpers: Any, domain: dict[str, Any]) -> None:
    for name in ("utter_greet", "utter_greet_back", "utter_greet_again"):
        text = domain["responses"][name][0]["text"]
        assert "Ik ben Mantelwijzer" not in text and "Ik help je" not in text, name
