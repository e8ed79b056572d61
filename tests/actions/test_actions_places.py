"""Places across the country in the conversation: postcodes, woonplaatsen, and a name in several
municipalities asked back and then chosen (actions/extraction.py, actions/intake_form.py, real bot/)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions import slots as s
from actions.extraction import Message, extract_candidates
from actions.intake_form import ActionAskRecipientMunicipality, ValidateIntakeForm
from tests.actions.conftest import text_of

DOMAIN: dict[str, Any] = {
    "forms": {s.INTAKE_FORM: {"required_slots": list(s.INTAKE_SLOTS)}},
    "slots": {slot: {"mappings": [{"type": "custom"}]} for slot in s.INTAKE_SLOTS},
}


def validate(value: Any, tracker: Any, dispatcher: Any) -> dict[str, Any]:
    return ValidateIntakeForm().validate_recipient_municipality(value, dispatcher, tracker, DOMAIN)


@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
@pytest.mark.parametrize("text", ["7511 AB", "7511", "Hoofddorp", "Beek"])
def test_postcode_or_place_answers_the_place_question(text: str, intent: str) -> None:
    found = extract_candidates(Message(text=text, intent=intent), s.RECIPIENT_MUNICIPALITY, s.INTAKE_FORM)
    assert found == {s.RECIPIENT_MUNICIPALITY: text}


@pytest.mark.parametrize(
    ("text", "code", "note"),
    [
        ("7511 AB", "GM0153", "Postcode 7511 AB hoort bij de gemeente Enschede."),
        ("Hoofddorp", "GM0394", "Hoofddorp hoort bij de gemeente Haarlemmermeer."),
        ("Weesp", "GM0363", "Weesp hoort bij de gemeente Amsterdam."),
    ],
)
def test_postcode_and_woonplaats_resolve_with_a_note(
    text: str, code: str, note: str, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    result = validate(text, make_tracker(), dispatcher)
    assert result == {s.RECIPIENT_MUNICIPALITY: code, s.PLACE_CANDIDATES: None}
    assert helpers.texts(dispatcher) == [note]


def test_ambiguous_woonplaats_is_asked_back_and_an_answer_naming_the_municipality_settles_it(
    make_tracker: Any, dispatcher: Any
) -> None:
    result = validate("Beek", make_tracker(), dispatcher)
    assert result[s.RECIPIENT_MUNICIPALITY] is None
    assert sorted(result[s.PLACE_CANDIDATES]) == ["GM0888", "GM1945", "GM1955"]

    tracker = make_tracker(slots={s.PLACE_CANDIDATES: result[s.PLACE_CANDIDATES]})
    asyncio.run(ActionAskRecipientMunicipality().run(dispatcher, tracker, DOMAIN))
    question = dispatcher.messages[-1]
    assert question["response"] == "utter_place_choice"
    assert ": Beek of Berg en Dal of Montferland." in text_of(question)
    assert [b["title"] for b in question["buttons"]] == ["Beek", "Berg en Dal", "Montferland"]

    for answer in ["Montferland", "Beek Montferland", "Beek, gemeente Montferland", "GM1955"]:
        assert validate(answer, tracker, dispatcher) == {
            s.RECIPIENT_MUNICIPALITY: "GM1955",
            s.PLACE_CANDIDATES: None,
        }


def test_postcode_in_two_municipalities_is_asked_back(make_tracker: Any, dispatcher: Any) -> None:
    result = validate("7694", make_tracker(), dispatcher)
    assert result[s.RECIPIENT_MUNICIPALITY] is None
    assert sorted(result[s.PLACE_CANDIDATES]) == ["GM0160", "GM1700"]
