"""The Dutch of the documents that is not in the templates (B1, "je"). Facts and phone numbers come
from shared/facts/werkende-mantelzorgers.md; the employer-talk sentences from bot/employer_talk.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from api.documents.model import Contact
from api.texts import MANTELZORGLIJN_PHONE
from bot.catalogue import kinds

GROUP_TITLES = kinds.GROUP_TITLES  # the chat's titles, in the same words
OTHER_GROUP = "Meer"

# What the assistant understood, per profile field: the line's label.
SITUATION_LABELS: dict[str, str] = {
    "relationship": "Je zorgt voor",
    "condition": "Je naaste heeft",
    "care_hours_per_week": "Zorg per week",
    "lives_together": "In één huis",
    "recipient_municipality": "Gemeente van je naaste",
    "caregiver_municipality": "Je eigen gemeente",
    "employment": "Je werk",
    "work_hours_per_week": "Werkuren per week",
    "employer_size": "Je werkgever",
    "wlz_indication": "Wlz-indicatie",
    "needs": "Je zoekt hulp bij",
    "burden": "Hoe zwaar de zorg is",
}
YES, NO = "ja", "nee"
HOURS = "{hours} uur"

LEAVE_LINE = (
    "Je werkt {week} uur per week. Dan kun je per 12 maanden maximaal {short} uur kortdurend en "
    "maximaal {long} uur langdurend zorgverlof opnemen, als de zorg nodig is en jij die moet geven."
)

# The lines at the end of every overview (facts: "Lines and organisations (national)").
HELP_LINES: tuple[Contact, ...] = (
    Contact(
        "Mantelzorglijn: advies over alles rond mantelzorg, werkdagen 9.00 tot 17.00 uur",
        MANTELZORGLIJN_PHONE,
    ),
    Contact("113 Zelfmoordpreventie: 24/7 gratis en anoniem, ook 0800-0113 of chat op 113.nl", "113"),
    Contact("In direct gevaar: bel 112", "112"),
    Contact(
        "Ben je zelf uitgeput of ziek? Bel je huisarts, of 's avonds en in het weekend de huisartsenpost"
    ),
)

# Letters: field names as a person reads them in an error message
FIELD_LABELS: dict[str, str] = {
    "name": "je naam",
    "employer": "je werkgever",
    "manager": "je leidinggevende",
    "start_date": "de begindatum",
    "weeks": "het aantal weken",
    "hours_per_week": "het aantal uur per week",
    "wishes": "je wensen",
}

# The widget's letter form (GET …/documents sends it, so the words live here only).
# Per kind: the choice's title and its fields in order; `labels` overrides a field's label.
FORM_LABELS: dict[str, str] = {
    "name": "Je naam",
    "employer": "Naam van je werkgever",
    "manager": "Naam van je leidinggevende",
    "start_date": "Vanaf welke datum?",
    "weeks": "Hoeveel weken?",
    "hours_per_week": "Hoeveel uur verlof per week?",
    "wishes": "Wat wil je vragen of aanpassen?",
}
FormInput = Literal["text", "date", "number", "textarea"]
FORM_INPUTS: dict[str, FormInput] = {
    "name": "text",
    "employer": "text",
    "manager": "text",
    "start_date": "date",
    "weeks": "number",
    "hours_per_week": "number",
    "wishes": "textarea",
}


@dataclass(frozen=True)
class LetterChoice:
    title: str
    fields: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)  # a field's label for this kind


LETTER_CHOICES: dict[str, LetterChoice] = {
    "kortdurend-zorgverlof": LetterChoice(
        "Kortdurend zorgverlof aanvragen (korte tijd, betaald)",
        ("name", "employer", "manager", "start_date", "weeks", "hours_per_week"),
    ),
    "langdurend-zorgverlof": LetterChoice(
        "Langdurend zorgverlof aanvragen (langere tijd, meestal onbetaald)",
        ("name", "employer", "manager", "start_date", "weeks", "hours_per_week"),
    ),
    "flexibel-werken": LetterChoice(
        "Andere werktijden, uren of werkplek aanvragen (flexibel werken)",
        ("name", "employer", "manager", "start_date", "wishes"),
    ),
    "gesprek-werkgever": LetterChoice(
        "Het gesprek met je leidinggevende voorbereiden",
        ("name", "manager", "start_date", "wishes"),
        {"start_date": "Wanneer is het gesprek?", "wishes": "Wat wil je zelf vragen?"},
    ),
}
