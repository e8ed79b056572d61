"""Which intake slots a user message may fill, before validation.

One pure function, ``extract_candidates``, reads the latest message (intent, entities, text)
and returns raw candidates per slot; the ``validate_<slot>`` methods in ``intake_form.py`` turn
them into profile values. Sources, in order:

1. button payloads and NLU entities (``relationship``, ``condition``, ``employment``, ``place``,
   ``work_hours``, ``care_hours``; payload entities named after the slots themselves), each read
   in its context: an enum entity by the word rules on its own words, an hours entity only with
   "uur" or right after "werk"/"zorg" ("mijn dochter van 17" is an age), a count of people
   ("6 man") never as hours, a place after a work verb as nobody's home;
2. word rules on the text of a story ("we wonen samen", "het is me te zwaar") in strict mode;
3. the answer to the question the form asked (``requested_slot``): the whole message read by that
   question's own parser, whatever intent NLU gave it ("kortdurend zorgverlof" read as a FAQ is
   the answer to "Waar wil je hulp bij?"); real questions are left to their rules.

While a question is asked, an answer fills that question; other slots only from a clear
statement: a short answer (three words or fewer) fills nothing else, a relative counts only as the
one cared for, the burden only when people speak of themselves. Without an asked question only
answer intents (``ANSWER_INTENTS``) fill slots, so "wat is respijtzorg?" is answered, not stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from actions import bot_api, parsing
from actions import slots as s

#: Entities annotated in the NLU data and the slot each one fills.
ENTITY_SLOTS: dict[str, str] = {
    s.ENTITY_RELATIONSHIP: s.RELATIONSHIP,
    s.ENTITY_CONDITION: s.CONDITION,
    s.ENTITY_EMPLOYMENT: s.EMPLOYMENT,
    s.ENTITY_WORK_HOURS: s.WORK_HOURS,
    s.ENTITY_CARE_HOURS: s.CARE_HOURS,
}
_NUMBER_ENTITIES = (s.ENTITY_WORK_HOURS, s.ENTITY_CARE_HOURS)
#: How many characters after an hours entity are kept, so "2 uur per dag" keeps "per dag".
_HOURS_CONTEXT = 30
_WORK_WORDS_RE = re.compile(r"\bwerk(?:en|t)?\b|\bbaan\b|\bjob\b|\bdienst(?:verband)?\b|\bcontract\b")
_CARE_WORDS_RE = re.compile(r"\bzorg|\bhelp|\bmantel|\bverpleeg|\boppas")
_ABOUT_WORK_OR_CARE_RE = re.compile(f"{_WORK_WORDS_RE.pattern}|{_CARE_WORDS_RE.pattern}")
#: Words after a number that make it a count of people ("6 man", "2000 collega's"), never hours.
_STAFF_UNIT_RE = re.compile(
    r"^\s*(?:man|mensen|personen|collega|medewerker|werknemer|personeel|fte|werkenden)"
)
#: An hours entity fills hours outside an hours question only when the hours are named ("24 uur").
_HOURS_UNIT_RE = re.compile(r"^\s*(?:uur|uren|u|dag|dagen)\b")
#: A place that follows a work verb is where someone works, not where anyone lives.
_WORK_PLACE_RE = re.compile(
    r"\b(?:werk|werkt|werken|werkzaam|kantoor|baan|stage|dienst|school|studeer|studeert)\b"
    r"(?:\s+(?!woo?n|wonen|en\b|maar\b|zij\b|hij\b|ze\b)[\w'-]+){0,4}\s+(?:in|bij|te)\s*$"
)
_OWN_HOME_RE = re.compile(r"\b(?:ik)\s+(?:woon|zit)\b[^.]*$|\bzelf\b[^.]*$|\bik in\s*$")
#: "we wonen in Almelo": the caregiver and the person cared for both live there.
_SHARED_HOME_RE = re.compile(r"\b(?:wij|we)\s+(?:wonen|zitten)\b[^.]*$")


@dataclass(frozen=True)
class Message:
    """The parts of the latest user message the actions read."""

    text: str = ""
    intent: str | None = None
    entities: tuple[Mapping[str, Any], ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_latest(cls, latest: Mapping[str, Any] | None) -> Message:
        latest = latest or {}
        intent = latest.get("intent") or {}
        metadata = latest.get("metadata")
        return cls(
            text=str(latest.get("text") or ""),
            intent=intent.get("name") if isinstance(intent, Mapping) else None,
            entities=tuple(e for e in latest.get("entities") or () if isinstance(e, Mapping)),
            metadata=metadata if isinstance(metadata, Mapping) else {},
        )

    @property
    def is_payload(self) -> bool:
        """A button payload ("/inform{...}") rather than typed text."""
        return self.text.startswith("/")

    def entity_values(self, name: str) -> list[Any]:
        values = (e.get("value") for e in self.entities if e.get("entity") == name)
        return [value for value in values if value is not None]


def extract_candidates(
    message: Message, requested_slot: str | None = None, active_loop: str | None = None
) -> dict[str, Any]:
    """Raw values for the intake slots this message may fill (see the module doc)."""
    asked = requested_slot if active_loop == s.INTAKE_FORM and requested_slot in s.INTAKE_SLOTS else None
    direct = _direct_answer(asked, message) if asked else None
    if message.intent not in s.ANSWER_INTENTS | s.UNCLEAR_INTENTS and direct is None:
        return {}
    found: dict[str, Any] = {}
    if message.intent in s.ANSWER_INTENTS:
        found.update(_from_entities(message, asked))
        if not message.is_payload and message.intent in (s.INFORM, s.TELL_SITUATION):
            for slot, value in _from_words(message.text).items():
                if asked not in (None, slot) and not _states_by_words(slot, message.text):
                    continue
                found.setdefault(slot, value)
        if asked and not message.is_payload and _is_short(message.text):
            found = {slot: value for slot, value in found.items() if slot == asked}
    if asked in s.PLACE_SLOTS and _names_a_workplace(message, asked):
        return {slot: value for slot, value in found.items() if slot not in s.PLACE_SLOTS}
    if direct is not None and asked is not None:
        if asked in s.PLACE_SLOTS:  # the whole answer names the place ("Den Haag"), not its parts
            shared = all(slot in found for slot in s.PLACE_SLOTS)
            found = {slot: value for slot, value in found.items() if slot not in s.PLACE_SLOTS}
            if shared:
                found.update(dict.fromkeys(s.PLACE_SLOTS, direct))
        found[asked] = direct
    elif asked and asked not in found and not message.is_payload:
        answer = _answer_to(asked, message, others_found=bool(found))
        if answer is not None:
            found[asked] = answer
    return found


def extract_leave_hours_basis(message: Message) -> str | None:
    """For "hoeveel verlof krijg ik bij 32 uur?": the text holding the weekly hours, if any."""
    for entity in message.entities:
        if entity.get("entity") in _NUMBER_ENTITIES and entity.get("value") is not None:
            return _hours_text(message, entity)
    if message.is_payload:
        return None
    return message.text if parsing.find_numbers(message.text) else None


def _joined_places(entities: tuple[Mapping[str, Any], ...], text: str) -> list[Mapping[str, Any]]:
    """Place entities split in words ("Den" + "Haag") joined into one."""
    joined: list[Mapping[str, Any]] = []
    for entity in entities:
        last = joined[-1] if joined else None
        if (
            last is not None
            and entity.get("entity") == last.get("entity") == s.ENTITY_PLACE
            and isinstance(last.get("end"), int)
            and isinstance(entity.get("start"), int)
            and 0 <= entity["start"] - last["end"] <= 1
        ):
            start, end = last["start"], entity["end"]
            joined[-1] = {**last, "end": end, "value": text[start:end]}
        else:
            joined.append(entity)
    return joined


def _from_entities(message: Message, asked: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entity in _joined_places(message.entities, message.text):
        name, value = entity.get("entity"), entity.get("value")
        if value is None or not isinstance(name, str):
            continue
        if name in _NUMBER_ENTITIES:
            slot = _number_slot(name, message, entity, asked)
            if slot is not None:
                found[slot] = _hours_text(message, entity)
        elif name in ENTITY_SLOTS:
            word_value = _entity_value(message, entity, asked)
            if word_value is not None:
                found[ENTITY_SLOTS[name]] = word_value
        elif name == s.ENTITY_PLACE:
            for slot in _place_sides(message, entity, asked):
                found.setdefault(slot, value)
        elif name in _TEXT_ENTITY_PARSERS and not message.is_payload:  # "het valt me [zwaar]"
            text_value = _text_entity_value(message, entity, asked)
            if text_value is not None:
                found[name] = text_value
        elif name in s.INTAKE_SLOTS:  # button payloads: /inform{"burden": "heavy"}
            if name == s.NEEDS:
                found.setdefault(s.NEEDS, [])
                found[s.NEEDS] += value if isinstance(value, list) else [value]
            else:
                found[name] = value
    return found


#: Word parsers for the words an enum entity covers.
_ENTITY_PARSERS: dict[str, Any] = {
    s.ENTITY_RELATIONSHIP: parsing.parse_relationship,
    s.ENTITY_CONDITION: parsing.parse_condition,
    s.ENTITY_EMPLOYMENT: parsing.parse_employment,
}
_POSSESSIVE_BEFORE_RE = re.compile(r"\b(?:mijn|m'n|mn|me|onze|ons|zijn|z'n|haar|je)\s+(?:[a-z]+\s+)?$")
_NUMBER_BEFORE_RE = re.compile(r"(?:\d|\b(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|paar))\s*$")
#: A relationship counts outside its own question only as the one cared for: "voor mijn vrouw", "het
#: is mijn vrouw", "mijn moeder woont …" (not "dat weet mijn broer").
_CARED_FOR_BEFORE_RE = re.compile(r"\b(?:voor|is|zijn|naar)\s+(?:mijn|m'n|mn|onze|ons)\s+(?:[a-z]+\s+)?$")
_CARED_FOR_AFTER_RE = re.compile(r"^[,]?\s*(?:heeft|is|woont|wordt|zit|krijgt|kan|ligt|lijdt|gaat)\b")


def _entity_value(message: Message, entity: Mapping[str, Any], asked: str | None) -> Any:
    """An enum entity's value read from its own words ("autisme" is mental_illness, whatever value
    the classifier gave it), or None when those words say nothing we know, or when "man" is no
    partner ("6 man", "een man of 12") or a relative is not the one cared for."""
    name = str(entity.get("entity"))
    start, end = entity.get("start"), entity.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(message.text)):
        return entity.get("value") if message.is_payload else None
    before = parsing.fold(message.text[max(0, start - 30) : start])
    before = before + " " if before else ""
    after = parsing.fold(message.text[end : end + 20])
    if name == s.ENTITY_RELATIONSHIP:
        if _NUMBER_BEFORE_RE.search(before.rstrip()):
            return None
        if asked not in (None, s.RELATIONSHIP) and not (
            _CARED_FOR_BEFORE_RE.search(before) or _CARED_FOR_AFTER_RE.search(after)
        ):
            return None
    words = message.text[start:end]
    if name == s.ENTITY_EMPLOYMENT:  # "5 mensen [in dienst]" is about staff, "niet [in loondienst]" a denial
        words = message.text[max(0, start - 12) : end]
    value = _ENTITY_PARSERS[name](words)
    if (
        value is None
        and asked in (None, ENTITY_SLOTS[name])
        and _ENTITY_PARSERS[name](message.text, True) is None
    ):
        value = entity.get("value")  # words the classifier learned ("borstkanker") that no word rule has
    if name == s.ENTITY_RELATIONSHIP and value == "partner" and not _POSSESSIVE_BEFORE_RE.search(before):
        folded = parsing.fold(words)
        if folded in ("man", "vrouw", "vriend", "vriendin") and not _is_short(message.text):
            return None
    return value


#: Entities NLU finds in text for slots that otherwise come from buttons, read by their word rules.
_TEXT_ENTITY_PARSERS: dict[str, Any] = {
    s.BURDEN: parsing.parse_burden,
    s.EMPLOYER_SIZE: lambda words: parsing.parse_employer_size(words, strict=True),
    s.NEEDS: lambda words: parsing.parse_needs(words) or None,
}


def _text_entity_value(message: Message, entity: Mapping[str, Any], asked: str | None) -> Any:
    """A burden, needs or employer-size entity read from its own words; the classifier's value for
    words no rule has; nothing while another question is asked and the text does not state it."""
    name = str(entity.get("entity"))
    start, end = entity.get("start"), entity.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(message.text)):
        return None
    if asked not in (None, name) and not _states_by_words(name, message.text):
        return None
    value = _TEXT_ENTITY_PARSERS[name](message.text[start:end])
    if value is None:
        value = entity.get("value")
        value = [value] if name == s.NEEDS and isinstance(value, str) else value
    return value


def _number_slot(name: str, message: Message, entity: Mapping[str, Any], asked: str | None) -> str | None:
    """The slot an hours entity fills, or None. A short answer to an hours question ("32", "zo'n 10
    uur") answers that question, whichever kind of hours the classifier thought it was. A count of
    people ("6 man") is never hours; while another question is asked, hours count only when named."""
    after = _after(message, entity)
    if _STAFF_UNIT_RE.match(after):
        return None
    if asked in s.NUMBER_SLOTS and not _ABOUT_WORK_OR_CARE_RE.search(parsing.fold(message.text)):
        return asked
    slot = ENTITY_SLOTS[name]
    if asked in s.NUMBER_SLOTS:
        return slot
    if not (_HOURS_UNIT_RE.match(after) or _WORKS_BEFORE_RE.search(_before(message, entity))):
        return None  # "mijn dochter van 17" is an age, not a working week
    if asked is not None:
        about = _WORK_WORDS_RE if slot == s.WORK_HOURS else _CARE_WORDS_RE
        if not about.search(parsing.fold(message.text)):
            return None  # "ik zit in Amsterdam, 2 uur rijden" says nothing about work or care hours
    return slot


#: "ik werk 32", "werk ik zo'n 32": a number of hours right after the verb needs no "uur".
_WORKS_BEFORE_RE = re.compile(
    r"\b(?:werk|werkt|werk ik|zorg|zorg ik)(?: (?:zo'?n|ongeveer|rond de|circa|maar|nog))?\s*$"
)


def _before(message: Message, entity: Mapping[str, Any]) -> str:
    """The folded words right before an entity."""
    start = entity.get("start")
    if isinstance(start, int) and 0 < start <= len(message.text):
        return parsing.fold(message.text[max(0, start - _HOURS_CONTEXT) : start])
    return ""


def _after(message: Message, entity: Mapping[str, Any]) -> str:
    """The folded words right after an entity."""
    end = entity.get("end")
    if isinstance(end, int) and 0 < end <= len(message.text):
        return parsing.fold(message.text[end : end + _HOURS_CONTEXT])
    return ""


def _hours_text(message: Message, entity: Mapping[str, Any]) -> str:
    """The entity's number plus the words right after it ("2" + " uur per dag")."""
    value = str(entity.get("value"))
    end = entity.get("end")
    if isinstance(end, int) and 0 < end <= len(message.text):
        return value + message.text[end : end + _HOURS_CONTEXT]
    return value


def _names_a_workplace(message: Message, asked: str | None) -> bool:
    places = (e for e in message.entities if e.get("entity") == s.ENTITY_PLACE)
    return any(_place_sides(message, entity, asked) == () for entity in places)


def _place_sides(message: Message, entity: Mapping[str, Any], asked: str | None) -> tuple[str, ...]:
    """Whose place this is: the caregiver's own ("ik woon in Hengelo"), both ("we wonen in
    Almelo"), nobody's home ("ik werk in een ziekenhuis in Enschede") or, by default, the place of
    the person cared for."""
    start = entity.get("start")
    before = ""
    if isinstance(start, int) and 0 < start <= len(message.text):
        before = parsing.fold(message.text[max(0, start - 40) : start])
    if _WORK_PLACE_RE.search(before):
        return ()
    if asked in s.PLACE_SLOTS and len(message.entity_values(s.ENTITY_PLACE)) == 1:
        return (asked,)
    if before:
        if _SHARED_HOME_RE.search(before):
            return (s.RECIPIENT_MUNICIPALITY, s.CAREGIVER_MUNICIPALITY)
        if _OWN_HOME_RE.search(before):
            return (s.CAREGIVER_MUNICIPALITY,)
    return (s.RECIPIENT_MUNICIPALITY,)


_FIRST_PERSON_RE = re.compile(r"\b(?:ik|me|mij|mijn|m'n)\b")


def _states_by_words(slot: str, text: str) -> bool:
    """While another question is asked, whether word rules may fill ``slot`` from this text: not who
    is cared for ("zelfde als mijn moeder": only an entity in context says that), and the burden
    only when the person speaks of themselves ("ze is zwaar depressief" is about the naaste)."""
    if slot == s.RELATIONSHIP:
        return False
    if slot == s.BURDEN:
        return bool(_FIRST_PERSON_RE.search(parsing.fold(text)))
    return True


#: Hours stated in so many words ("ik werk 20 uur", "en zorg zo'n 10 uur per week"): the verb, at
#: most one hedge, the number and "uur", then nothing that makes it per day or per month.
_HEDGE = r"(?:(?:zo'?n|zo|ongeveer|rond de|circa|ruim|bijna|zeker|wel|gemiddeld|nu|zelf|nog|maar) )?"


def _stated_hours_re(verbs: str, not_per: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:{verbs})(?:t|en)? {_HEDGE}(?P<hours>\d+(?:[.,]\d+)?|[a-z]+) uur\b(?! ?per (?:{not_per}))"
    )


_STATED_HOURS_RE: dict[str, re.Pattern[str]] = {
    s.WORK_HOURS: _stated_hours_re("werk", "dag|werkdag|maand"),
    s.CARE_HOURS: _stated_hours_re("zorg|help", "dag|maand"),
}


def _stated_hours(text: str) -> dict[str, str]:
    """Weekly work and care hours a story states in so many words (when NLU did not tag them), as
    the words an hours entity would give ("20 uur"): the slot validation reads them."""
    folded = parsing.fold(text)
    found = {}
    for slot, pattern in _STATED_HOURS_RE.items():
        match = pattern.search(folded)
        if match and parsing.parse_number(match.group("hours")) is not None:
            found[slot] = f"{match.group('hours')} uur"
    return found


def _from_words(text: str) -> dict[str, Any]:
    """Word rules for a message that tells (part of) the story, strict mode only."""
    found: dict[str, Any] = dict(_stated_hours(text))
    word_rules: tuple[tuple[str, Any], ...] = (
        (s.RELATIONSHIP, parsing.parse_relationship(text, strict=True)),
        (s.CONDITION, parsing.parse_condition(text, strict=True)),
        (s.EMPLOYMENT, parsing.parse_employment(text, strict=True)),
        (s.BURDEN, parsing.parse_burden(text, strict=True)),
        (s.EMPLOYER_SIZE, parsing.parse_employer_size(text, strict=True)),
        (s.WLZ_INDICATION, parsing.parse_wlz(text, strict=True)),
        (s.LIVES_TOGETHER, parsing.parse_lives_together(text, strict=True)),
        (s.NEEDS, parsing.parse_needs(text, strict=True) or None),
    )
    for slot, value in word_rules:
        if value is not None:
            found[slot] = value
    return found


#: Reads a direct answer for each slot; the validators use the same parsers.
_ANSWER_PARSERS: dict[str, Any] = {
    s.RELATIONSHIP: parsing.parse_relationship,
    s.CONDITION: parsing.parse_condition,
    s.CARE_HOURS: parsing.parse_weekly_hours,
    s.WORK_HOURS: parsing.parse_weekly_hours,
    s.EMPLOYMENT: parsing.parse_employment,
    s.EMPLOYER_SIZE: parsing.parse_employer_size,
    s.WLZ_INDICATION: parsing.parse_wlz,
    s.LIVES_TOGETHER: parsing.parse_lives_together,
    s.NEEDS: lambda text: parsing.parse_needs(text) or None,
    s.BURDEN: parsing.parse_burden,
}


#: An answer of at most this many words answers only the question asked ("mijn moeder" to "Hoe zwaar
#: is de zorg?" does not tell who is cared for); a longer one may also state other things.
SHORT_ANSWER_WORDS = 3
_FILLERS_RE = parsing.leading_words_re(f"{parsing.HESITATIONS}|ja|nee|dus|eigenlijk|gewoon")
_QUESTION_RE = re.compile(
    r"\?\s*$|^(?:wat|hoe|waarom|wanneer|wie|welke|welk|waar|hoeveel)\b(?! (?:ik|je|we|wij)\b)"
    r"|^(?:kan|kun|mag|moet|heb|krijg|is|zijn|geldt|telt) (?:ik|je|er|dat|het|mijn)\b"
)


def _is_short(text: str) -> bool:
    return len(_FILLERS_RE.sub("", parsing.fold(text)).split()) <= SHORT_ANSWER_WORDS


def _direct_answer(asked: str, message: Message) -> Any:
    """The whole message read by the asked question's own parser, whatever NLU thought it was: to
    "Waar wil je hulp bij?", "kortdurend zorgverlof" is an answer, not a question about leave. None for
    a payload, a question ("wat bedoel je?"), or text the parser cannot read; ``UNKNOWN`` for "weet ik
    niet" when the parser reads nothing else in it."""
    text = message.text.strip()
    if not text or message.is_payload or _QUESTION_RE.search(parsing.fold(text)):
        return None
    if asked in s.NUMBER_SLOTS and (_names_other_hours(asked, message) or parsing.counts_people(text)):
        return None  # "nee, ik werk 24 uur" to the care question: the entities say which is which
    if asked in s.PLACE_SLOTS:
        place = bot_api.resolve_place(text)
        readable = bool(place.code or place.candidates)
    else:
        value = _ANSWER_PARSERS[asked](text)
        if value == s.UNKNOWN:
            return s.UNKNOWN
        readable = value not in (None, [])
    if readable:
        return text
    if message.intent == s.DONT_KNOW or parsing.is_dont_know(text):
        return s.UNKNOWN
    return None


def _names_other_hours(asked: str, message: Message) -> bool:
    """Whether the text is (also) about the other kind of hours than the question asked."""
    folded = parsing.fold(message.text)
    other = _WORK_WORDS_RE if asked == s.CARE_HOURS else _CARE_WORDS_RE
    return bool(other.search(folded))


def _answer_to(asked: str, message: Message, others_found: bool) -> Any:
    """The message as the answer to the asked slot. When the message filled other slots or NLU
    did not understand it, the text is used only if it reads as an answer; otherwise it is
    handed to the validator, which asks again with an example."""
    text = message.text.strip()
    if message.intent == s.DONT_KNOW or parsing.is_dont_know(text):
        return s.UNKNOWN
    if asked in s.NUMBER_SLOTS and any(message.entity_values(e) for e in _NUMBER_ENTITIES):
        return None  # the number was about the other kind of hours
    if not (others_found or message.intent in s.UNCLEAR_INTENTS):
        return text
    if asked in s.PLACE_SLOTS:
        place = bot_api.resolve_place(text)
        return text if place.code or place.candidates else None
    parser = _ANSWER_PARSERS.get(asked)
    return text if parser is not None and parser(text) is not None else None
