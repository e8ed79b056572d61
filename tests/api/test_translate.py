"""Rasa output dicts -> contract messages."""

from __future__ import annotations

from api.rasa.translate import DocumentsRequest, HandoffRequest, translate


def test_text_passes_with_its_buttons() -> None:
    out = translate(
        [{"recipient_id": "x", "text": "Kies:", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]
    )
    assert out.parts == [
        {"type": "text", "text": "Kies:", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
    ]


def test_text_without_buttons_has_no_buttons_key() -> None:
    assert translate([{"text": "Hoi"}]).parts == [{"type": "text", "text": "Hoi"}]


def test_malformed_buttons_are_dropped() -> None:
    out = translate([{"text": "Kies:", "buttons": [{"payload": "/x"}, "nee", {"title": "Ok"}]}])
    assert out.parts == [{"type": "text", "text": "Kies:", "buttons": [{"title": "Ok", "payload": ""}]}]


def test_recommendations_keep_text_and_items() -> None:
    items = [
        {"id": "a", "kind": "mantelzorglijn", "title": "Mantelzorglijn", "reasons": ["r"], "amount": None}
    ]
    out = translate([{"custom": {"type": "recommendations", "text": "Voor jou:", "items": items}}])
    assert out.parts == [{"type": "recommendations", "text": "Voor jou:", "items": items}]


def test_crisis_payload_becomes_a_crisis_message() -> None:
    assert translate([{"custom": {"type": "crisis", "text": "Bel 113"}}]).parts == [
        {"type": "crisis", "text": "Bel 113"}
    ]


def test_handoff_payload_becomes_a_request_in_place() -> None:
    out = translate(
        [
            {"text": "Even geduld."},
            {"custom": {"type": "handoff", "reason": "burden", "summary": {"burden": "heavy"}}},
            {"text": "Daarna"},
        ]
    )
    assert out.parts[1] == HandoffRequest("burden", {"burden": "heavy"})
    assert [type(p).__name__ for p in out.parts] == ["dict", "HandoffRequest", "dict"]


def test_unknown_handoff_reason_counts_as_user_request() -> None:
    assert translate([{"custom": {"type": "handoff", "reason": "???"}}]).parts == [
        HandoffRequest("user_request")
    ]


def test_erase_request_is_flagged_not_shown() -> None:
    out = translate([{"custom": {"type": "erase_request"}}])
    assert out.erase_requested
    assert out.parts == []


def test_unknown_payloads_and_images_are_dropped() -> None:
    assert translate([{"custom": {"type": "video"}}, {"image": "http://x/y.png"}, {"text": "  "}]).parts == []


def test_a_documents_payload_becomes_a_request_for_the_gateway() -> None:
    translation = translate(
        [
            {"custom": {"type": "documents", "want": "letter"}},
            {"custom": {"type": "documents", "want": "<script>"}},
        ]
    )

    assert translation.parts == [DocumentsRequest("letter"), DocumentsRequest("pdf")]
