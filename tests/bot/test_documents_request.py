"""bot/documents_request.py: which document a person asks for in their own words."""

from __future__ import annotations

import pytest

from bot.documents_request import wanted_document


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("kun je een brief maken voor mijn werkgever?", "letter"),
        ("Ik wil een verlofaanvraag schrijven", "letter"),
        ("heb je een voorbeeld van een verzoek om andere werktijden", "letter"),
        ("mail me de brief", "letter"),  # a letter mailed is still a letter
        ("stuur het overzicht naar mijn e-mail", "mail"),
        ("kun je het naar me mailen", "mail"),
        ("Mail het overzicht naar mij", "mail"),
        ("kan ik dit als pdf krijgen", "pdf"),
        ("ik wil het printen", "pdf"),
        ("hoe bewaar ik dit overzicht", "pdf"),
        ("briefpapier", "pdf"),  # a word that merely starts like one
    ],
)
def test_the_document_asked_for(text: str, want: str) -> None:
    assert wanted_document(text) == want
