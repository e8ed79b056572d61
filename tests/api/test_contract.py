"""The typed contract messages (api/contract.py): one union, stored as plain JSON."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.contract import (
    Crisis,
    Handoff,
    HandoffStatus,
    Offer,
    Recommendations,
    State,
    Text,
    dump,
    offers_handoff,
    parse,
    text,
)
from api.services.safety import handoff_offer
from api.store.models import STATES


def test_each_kind_is_read_back_as_its_type() -> None:
    assert isinstance(parse({"type": "text", "text": "Hoi"}), Text)
    assert isinstance(parse({"type": "recommendations", "items": []}), Recommendations)
    assert isinstance(parse({"type": "handoff", "status": "waiting", "text": "Even wachten"}), Handoff)
    assert isinstance(parse({"type": "crisis", "text": "Bel 113"}), Crisis)


def test_an_unknown_kind_or_field_is_refused() -> None:
    with pytest.raises(ValidationError):
        parse({"type": "poll", "text": "?"})
    with pytest.raises(ValidationError):
        parse({"type": "text", "text": "Hoi", "colour": "red"})
    with pytest.raises(ValidationError):
        parse({"type": "handoff", "status": "maybe", "text": "?"})


def test_the_handoff_keeps_the_policys_extra_fields() -> None:
    message = {"type": "handoff", "status": "waiting", "text": "Even wachten", "expected_wait_minutes": 5}
    assert dump(parse(message)) == message


def test_stored_json_leaves_out_what_is_not_set_and_keeps_plain_strings() -> None:
    stored = dump(Handoff(status=HandoffStatus.CLOSED, text="Klaar"))
    assert stored == {"type": "handoff", "status": "closed", "text": "Klaar"}
    assert type(stored["status"]) is str


def test_the_crisis_offer_is_marked_by_a_field_not_by_its_words() -> None:
    assert offers_handoff(handoff_offer())
    assert handoff_offer()["offer"] == Offer.HANDOFF
    assert not offers_handoff(text(handoff_offer()["text"]))


def test_the_database_allows_exactly_the_states_of_the_enum() -> None:
    assert set(STATES) == {"bot", "waiting", "assigned", "closed"} == {s.value for s in State}
