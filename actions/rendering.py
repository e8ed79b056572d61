"""Everything the actions say, in plain Dutch (B1, "je"), kept out of the logic.

Functions take plain values (dicts from ``bot``, numbers, slot values) and return strings or
button lists; none of them reads a tracker. One message per string: the REST channel splits text
on blank lines, so a message never contains an empty line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from actions import slots as s
from actions.parsing import format_number
from bot import employer_talk, safety, vocabulary
from bot.catalogue import kinds
from bot.reasons import CONDITION as CONDITION_CLAUSES  # the phrases of the reasons, defined once
from bot.reasons import RELATIONSHIP_MATCHED

Button = dict[str, str]

# --- buttons ---------------------------------------------------------------------------------------


def payload(intent: str, **entities: Any) -> str:
    """A button payload: ``/inform{"burden":"heavy"}``."""
    return (
        f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"
        if entities
        else f"/{intent}"
    )


HUMAN_BUTTON: Button = {"title": "Praat met een mens", "payload": "/request_human"}
RESTART_BUTTON: Button = {"title": "Opnieuw beginnen", "payload": "/restart"}
EMPLOYER_TALK_BUTTON: Button = {
    "title": "Gesprek met werkgever voorbereiden",
    "payload": "/prepare_employer_talk",
}
OVERVIEW_BUTTON: Button = {"title": "Mijn overzicht", "payload": "/show_overview"}
START_BUTTON: Button = {"title": "Wat past bij mijn situatie?", "payload": "/tell_situation"}
LEAVE_BUTTON: Button = {"title": "Hoeveel zorgverlof krijg ik?", "payload": "/ask_leave_hours"}

# --- intake ------------------------------------------------------------------------------------------

#: What each profile field is about, for "Ik weet nog niet …".
UNKNOWN_LABELS: dict[str, str] = {
    s.RELATIONSHIP: "voor wie je zorgt",
    s.CONDITION: "wat je naaste heeft",
    s.CARE_HOURS: "hoeveel uur per week je zorgt",
    s.RECIPIENT_MUNICIPALITY: "in welke gemeente je naaste woont",
    s.CAREGIVER_MUNICIPALITY: "in welke gemeente je zelf woont",
    s.LIVES_TOGETHER: "of jullie in één huis wonen",
    s.EMPLOYMENT: "hoe je werkt (in loondienst, als zzp'er of anders)",
    s.WORK_HOURS: "hoeveel uur per week je werkt",
    s.EMPLOYER_SIZE: "hoe groot je werkgever is",
    s.WLZ_INDICATION: "of je naaste een Wlz-indicatie heeft",
    s.NEEDS: "waar je het meest hulp bij wilt",
    s.BURDEN: "hoe zwaar de zorg voor je is",
}

UNKNOWN_PLACE = "Ik herken die plaats niet. Noem de gemeente, bijvoorbeeld Enschede of Hof van Twente."
REASK: dict[str, str] = {
    s.RELATIONSHIP: (
        "Ik begrijp niet goed voor wie je zorgt. Kies hieronder, of schrijf bijvoorbeeld: mijn moeder."
    ),
    s.CONDITION: "Ik begrijp niet goed wat je naaste heeft. Kies wat het meest past.",
    s.CARE_HOURS: "Ik begrijp het aantal uren niet. Schrijf een getal, bijvoorbeeld 10 of: 2 uur per dag.",
    s.WORK_HOURS: "Ik begrijp niet hoeveel uur je werkt. Schrijf een getal, bijvoorbeeld 32.",
    s.RECIPIENT_MUNICIPALITY: UNKNOWN_PLACE,
    s.CAREGIVER_MUNICIPALITY: UNKNOWN_PLACE,
    s.LIVES_TOGETHER: "Ik begrijp je antwoord niet. Woont je naaste bij jou in huis? Ja of nee?",
    s.EMPLOYMENT: "Ik begrijp niet goed hoe je werkt. Kies hieronder wat het meest past.",
    s.EMPLOYER_SIZE: (
        "Ik begrijp je antwoord niet. Heeft je werkgever minder dan 10 of 10 of meer medewerkers?"
    ),
    s.WLZ_INDICATION: (
        "Ik begrijp je antwoord niet. Heeft je naaste een Wlz-indicatie? Ja, nee of weet ik niet."
    ),
    s.NEEDS: "Ik begrijp niet goed waar je hulp bij wilt. Kies hieronder wat het meest past.",
    s.BURDEN: "Ik begrijp je antwoord niet. Kies hieronder hoe zwaar de zorg voor je is.",
}
CARE_HOURS_RANGE = (
    "Een week heeft 168 uur. Hoeveel uur per week zorg je ongeveer? Schrijf een getal, bijvoorbeeld 10."
)
ZERO_HOURS_AVERAGE = (
    "Werk je met een nulurencontract of oproepcontract? Voor zorgverlof telt het aantal uur dat je echt "
    "werkt. Hoeveel uur werk je gemiddeld per week?"
)
WORK_HOURS_RANGE = (
    "Dat is meer dan 80 uur per week. Hoeveel uur werk je per week, volgens je contract? Bijvoorbeeld 32."
)
NOTED_UNKNOWN = "Geen probleem, dat slaan we over."
#: Said once, before the next question, when someone tells how heavy it is or what their naaste has.
OVERLOAD_ACK = (
    "Dat klinkt zwaar. Goed dat je het zegt. Je hoeft het niet alleen te doen: je kunt de zorg even laten "
    "overnemen, het mantelzorgsteunpunt denkt met je mee, en vertel ook je huisarts hoe het met je gaat. "
    "In je overzicht zet ik die hulp bovenaan."
)
CONDITION_ACK: dict[str, str] = {
    "terminal": "Wat verdrietig dat je naaste ongeneeslijk ziek is. Ik denk graag met je mee.",
    "dementia": "Zorgen voor iemand met dementie vraagt veel. Fijn dat je het vertelt.",
}
CONDITION_ACK_DEFAULT = "Dank je dat je dit vertelt. Dat is niet niks."


def acknowledgement(before: Mapping[str, Any], now: Mapping[str, Any]) -> str | None:
    """One warm line when this message told, for the first time, that the care is too heavy or what
    the naaste has; None otherwise (and never twice for the same news)."""
    if now.get(s.BURDEN) == "heavy" and before.get(s.BURDEN) != "heavy":
        return OVERLOAD_ACK
    condition = now.get(s.CONDITION)
    if isinstance(condition, str) and condition != s.UNKNOWN and before.get(s.CONDITION) is None:
        return CONDITION_ACK.get(condition, CONDITION_ACK_DEFAULT)
    return None


SKIPPED = (
    "Dat begrijp ik nog niet goed, sorry. Ik sla deze vraag over en we gaan verder. "
    "In je overzicht zie je wat een antwoord nog zou toevoegen."
)
RESTARTED = "Goed, we beginnen opnieuw. Wat je eerder vertelde, ben ik vergeten."
LONG_MESSAGE = (
    "Dank je voor je uitgebreide verhaal. Het is wel erg lang, dus ik haal eruit wat ik kan. "
    "Daarna stel ik je een paar korte vragen."
)


def place_note(town: str, municipality: str) -> str:
    """Confirmation for a town that belongs to a municipality with another name."""
    return f"{town} hoort bij de gemeente {municipality}."


def choice_buttons(slot: str) -> list[Button]:
    """A button per profile value of ``slot``, titled as in bot/vocabulary.yml."""
    return [
        {"title": title, "payload": payload("inform", **{slot: value})}
        for value, title in vocabulary.texts(slot, "title").items()
    ]


def place_choice_question(candidates: Sequence[tuple[str, str]]) -> str:
    names = " of ".join(name for _, name in candidates)
    return f"Die naam hoort bij meer dan één gemeente: {names}. Welke bedoel je?"


def place_choice_buttons(slot: str, candidates: Sequence[tuple[str, str]]) -> list[Button]:
    return [{"title": name, "payload": payload(s.CHOOSE, **{slot: code})} for code, name in candidates]


# --- overview --------------------------------------------------------------------------------------

GROUP_TITLES = kinds.GROUP_TITLES
OVERVIEW_INTRO = "Dit is je overzicht. Bovenaan staat wat het best bij je past."

# --- "Dit weet ik van je": what was understood, one line per fact, before the overview ------------

KNOWN_INTRO = "Dit weet ik van je:"
KNOWN_OUTRO = "Klopt er iets niet? Druk op 'Klopt niet' of schrijf het goede antwoord."
CORRECT_BUTTON: Button = {"title": "Klopt niet", "payload": "/correct_profile"}
CORRECTED = "Ik heb het aangepast: {line}"
_EMPLOYMENT_KNOWN: dict[str, str] = {
    "employee": "Je werkt in loondienst",
    "self_employed": "Je werkt als zzp'er",
    "employer_owner": "Je hebt een eigen bedrijf met personeel",
    "student": "Je studeert",
    "not_working": "Je hebt geen betaald werk",
}
_EMPLOYER_SIZE_KNOWN: dict[str, str] = {
    "small": "Je werkgever heeft minder dan 10 mensen in dienst.",
    "large": "Je werkgever heeft 10 of meer mensen in dienst.",
}
_WLZ_KNOWN: dict[str, str] = {
    "yes": "Je naaste heeft een Wlz-indicatie.",
    "no": "Je naaste heeft geen Wlz-indicatie.",
}
_BURDEN_KNOWN: dict[str, str] = {
    "light": "De zorg is nu goed te doen voor je.",
    "moderate": "De zorg is soms zwaar voor je.",
    "heavy": "De zorg is nu te zwaar voor je.",
}
_NEED_KNOWN: dict[str, str] = {
    "leave": "verlof van je werk",
    "respite": "even vrij van de zorg",
    "practical": "praktische hulp",
    "money": "geld",
    "employer_talk": "een gesprek met je werkgever",
    "emotional": "iemand om mee te praten",
    "information": "informatie",
}


def known_line(field: str, slots: Mapping[str, Any], place_name: Callable[[str], str | None]) -> str | None:
    """One plain sentence for what a field says, or None when it is unknown."""
    value = slots.get(field)
    if value is None or value == s.UNKNOWN or value == [s.UNKNOWN]:
        return None
    if field == s.RELATIONSHIP and value in RELATIONSHIP_MATCHED:
        condition = slots.get(s.CONDITION)
        clause = f" die {CONDITION_CLAUSES[condition]}" if condition in CONDITION_CLAUSES else ""
        return f"Je zorgt voor {RELATIONSHIP_MATCHED[value]}{clause}."
    if field == s.CONDITION and value in CONDITION_CLAUSES and slots.get(s.RELATIONSHIP) in (None, s.UNKNOWN):
        return f"Je zorgt voor iemand die {CONDITION_CLAUSES[value]}."
    if field in s.NUMBER_SLOTS and isinstance(value, (int, float)):
        hours = format_number(float(value))
        if field == s.CARE_HOURS:
            return f"Je zorgt ongeveer {hours} uur per week."
        return f"Je werkt {hours} uur per week."
    if field in s.PLACE_SLOTS and isinstance(value, str):
        name = place_name(value) or value
        whose = "Je naaste woont" if field == s.RECIPIENT_MUNICIPALITY else "Je woont zelf"
        return f"{whose} in {name}."
    if field == s.LIVES_TOGETHER and isinstance(value, bool):
        return "Je naaste woont bij je in huis." if value else "Je naaste woont niet bij je in huis."
    if field == s.EMPLOYMENT and value in _EMPLOYMENT_KNOWN:
        return f"{_EMPLOYMENT_KNOWN[value]}."
    if field == s.NEEDS and isinstance(value, list):
        needs = [_NEED_KNOWN[v] for v in value if v in _NEED_KNOWN]
        return f"Je zoekt vooral hulp bij: {join_dutch(needs)}." if needs else None
    tables = {s.EMPLOYER_SIZE: _EMPLOYER_SIZE_KNOWN, s.WLZ_INDICATION: _WLZ_KNOWN, s.BURDEN: _BURDEN_KNOWN}
    return tables.get(field, {}).get(value)


def corrections(
    before: Mapping[str, Any],
    now: Mapping[str, Any],
    asked: str | None,
    place_name: Callable[[str], str | None],
) -> list[str]:
    """ "Ik heb het aangepast: je werkt 24 uur per week." for each known fact this message changed
    (not the question just asked: that answer is new, not a change)."""
    lines = []
    for field, value in now.items():
        old = before.get(field)
        if (
            field == asked
            or field not in s.INTAKE_SLOTS
            or old in (None, s.UNKNOWN)
            or value in (None, s.UNKNOWN)
        ):
            continue
        if value == old or (field == s.NEEDS and set(value or []) <= set(old or [])):
            continue
        line = known_line(field, {**before, **now}, place_name)
        if line:
            lines.append(CORRECTED.format(line=line[:1].lower() + line[1:]))
    return lines


def known_summary(slots: Mapping[str, Any], place_name: Callable[[str], str | None]) -> str | None:
    """ "Dit weet ik van je:" with a line per known fact, or None when nothing is known yet."""
    told_with_relationship = slots.get(s.RELATIONSHIP) not in (None, s.UNKNOWN)
    shown = [f for f in s.INTAKE_SLOTS if not (f == s.CONDITION and told_with_relationship)]
    lines = [line for line in (known_line(f, slots, place_name) for f in shown) if line]
    if not lines:
        return None
    return "\n".join([KNOWN_INTRO, *(f"- {line}" for line in lines), KNOWN_OUTRO])


def overview_text(leave: tuple[float, float, float] | None) -> str:
    """The text of the recommendations payload; with the leave hours when they apply."""
    if leave is None:
        return OVERVIEW_INTRO
    week, short, long = leave
    return (
        f"{OVERVIEW_INTRO} Je werkt {format_number(week)} uur per week: dan kun je per 12 maanden "
        f"maximaal {format_number(short)} uur kortdurend en {format_number(long)} uur langdurend "
        "zorgverlof opnemen, als de zorg nodig is."
    )


OVERVIEW_EMPTY = "Ik heb nu niets voor je gevonden. Praat gerust met een medewerker, die kijkt met je mee."
OVERVIEW_NEXT = "Wat wil je nu doen?"
OVERVIEW_UNCHANGED = "Dat had ik al zo genoteerd, dus je overzicht blijft hetzelfde. Wat wil je nu doen?"


def join_dutch(parts: Sequence[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


MAX_UNKNOWN_NAMED = 3


def still_unknown(fields: Iterable[str]) -> str | None:
    """What the overview could still use, most important first; at most three named."""
    labels = list(dict.fromkeys(UNKNOWN_LABELS[f] for f in fields if f in UNKNOWN_LABELS))
    if not labels:
        return None
    named = labels[:MAX_UNKNOWN_NAMED]
    if len(labels) > MAX_UNKNOWN_NAMED:
        named.append("nog een paar andere dingen")
    return (
        f"Ik weet nog niet {join_dutch(named)}. "
        "Vertel het me als je wilt, dan maak ik je overzicht preciezer."
    )


def overview_buttons(items: Sequence[Mapping[str, Any]], show_employer_talk: bool) -> list[Button]:
    buttons: list[Button] = []
    for item in items[:3]:
        buttons.append(
            {"title": f"Meer over: {item['title']}", "payload": payload("item_details", item_id=item["id"])}
        )
    if items:
        top = items[0]
        buttons.append(
            {
                "title": f"Hoe vraag ik dit aan: {top['title']}",
                "payload": payload("item_how_to", item_id=top["id"]),
            }
        )
        buttons.append(
            {"title": f"Contact: {top['title']}", "payload": payload("item_contact", item_id=top["id"])}
        )
    if show_employer_talk:
        buttons.append(EMPLOYER_TALK_BUTTON)
    buttons.append(HUMAN_BUTTON)
    return buttons


# --- catalogue items -----------------------------------------------------------------------------

ITEM_UNKNOWN = "Dat onderdeel kan ik niet vinden. Kies een onderdeel uit je overzicht."


def item_details(item: Mapping[str, Any]) -> str:
    lines = [str(item["title"]), str(item.get("summary") or "")]
    if item.get("amount"):
        lines.append(str(item["amount"]))
    reasons = [str(r) for r in item.get("reasons") or []]
    if reasons:
        lines.append("Waarom dit bij je past: " + " ".join(reasons))
    if item.get("check"):
        lines.append(str(item["check"]))
    return "\n".join(line for line in lines if line)


def item_how_to(item: Mapping[str, Any]) -> str:
    steps = [str(step) for step in item.get("how_to") or []]
    if not steps:
        return f"Voor {item['title']} hoef je niets aan te vragen."
    lines = [f"Zo pak je het aan ({item['title']}):"]
    lines += [f"{number}. {step}" for number, step in enumerate(steps, start=1)]
    if item.get("check"):
        lines.append(str(item["check"]))
    return "\n".join(lines)


def item_contact(item: Mapping[str, Any]) -> str:
    contact = item.get("contact") or {}
    lines = [f"Contact voor {item['title']}:"]
    if contact.get("name"):
        lines.append(str(contact["name"]))
    if contact.get("phone"):
        lines.append(f"Telefoon: {contact['phone']}")
    if contact.get("url"):
        lines.append(f"Website: {contact['url']}")
    if len(lines) == 1:
        lines = [
            f"Voor {item['title']} heb ik geen telefoonnummer of website. "
            "Vraag het bij je gemeente of werkgever."
        ]
    if item.get("check"):
        lines.append(str(item["check"]))
    return "\n".join(lines)


WHICH_LEAVE = "Bedoel je kortdurend of langdurend zorgverlof? Die vraag je op een andere manier aan."
WHICH_LEAVE_BUTTONS: list[Button] = [
    {"title": "Kortdurend zorgverlof", "payload": payload("item_how_to", item_id="kortdurend-zorgverlof")},
    {"title": "Langdurend zorgverlof", "payload": payload("item_how_to", item_id="langdurend-zorgverlof")},
]


def item_buttons(item_id: str) -> list[Button]:
    return [
        {"title": "Hoe vraag ik dit aan?", "payload": payload("item_how_to", item_id=item_id)},
        {"title": "Contact", "payload": payload("item_contact", item_id=item_id)},
        OVERVIEW_BUTTON,
    ]


# --- leave hours -------------------------------------------------------------------------------------


def leave_hours(week_hours: float, short: float, long: float, employment: str | None) -> str:
    lines = [
        f"Je werkt {format_number(week_hours)} uur per week. Dan kun je per 12 maanden maximaal opnemen:",
        f"- kortdurend zorgverlof: {format_number(short)} uur. Je werkgever betaalt minstens 70% van je loon "
        "(en minstens het minimumloon).",
        f"- langdurend zorgverlof: {format_number(long)} uur. Dat is onbetaald, tenzij je cao of werkgever "
        "iets anders regelt.",
    ]
    if employment in (None, "employee", s.UNKNOWN):
        lines.append(
            "Dit geldt als je in loondienst werkt, de zorg nodig is en jij degene bent die die zorg "
            "moet geven. Kijk ook in je cao: daar staan soms betere afspraken."
        )
    else:
        lines.append(NO_STATUTORY_LEAVE)
    return "\n".join(lines)


LEAVE_RULE = (
    "Kortdurend zorgverlof is per 12 maanden maximaal 2 keer het aantal uren dat je per week werkt. "
    "Langdurend zorgverlof is maximaal 6 keer dat aantal. Werk je bijvoorbeeld 32 uur per week, "
    "dan is dat maximaal 64 uur kortdurend en 192 uur langdurend zorgverlof. Dit geldt als je in "
    "loondienst werkt (ook naast je studie) en de zorg nodig is."
)
LEAVE_YES_EMPLOYEE = (
    "Als je in loondienst werkt, kun je zorgverlof opnemen wanneer de zorg nodig is en jij die moet geven. "
    "Hoeveel uur maximaal, reken ik voor je uit zodra ik weet hoeveel uur je per week werkt."
)
NO_LEAVE_SELF_EMPLOYED = (
    "Als zzp'er of ondernemer heb je geen recht op wettelijk zorgverlof. Wat je wel helpt, zoals "
    "een buffer of broodfonds, respijtzorg en steun van de gemeente, zet ik in je overzicht."
)
NOT_EMPLOYED_FOR_LEAVE = ("self_employed", "employer_owner")


def leave_question_answer(employment: Any) -> str:
    """The answer to "heb ik recht op zorgverlof?" asked in the first story, before the questions."""
    if employment in NOT_EMPLOYED_FOR_LEAVE:
        return NO_LEAVE_SELF_EMPLOYED
    if employment == "employee":
        return LEAVE_YES_EMPLOYEE
    return LEAVE_RULE


NO_STATUTORY_LEAVE = (
    "Let op: wettelijk zorgverlof geldt alleen voor werknemers in loondienst. "
    "Als zzp'er, ondernemer of zonder baan heb je er geen recht op."
)

# --- employer talk -----------------------------------------------------------------------------------
# The sentences live in bot/employer_talk.py: the gateway's printable sheet (api/documents) says the same.

REVIEW_AFTER_DAYS = employer_talk.REVIEW_AFTER_DAYS
dutch_date = employer_talk.dutch_date


def employer_talk_situation(profile: Mapping[str, Any]) -> str:
    """The situation paragraph, in the first person, as the person could say it."""
    sentences = employer_talk.situation_sentences(profile, with_condition=True)
    return "Jouw situatie (zo kun je het vertellen): " + " ".join(sentences)


def employer_talk_requests(work_hours: float | None, short: float | None, long: float | None) -> str:
    known = bool(work_hours) and short is not None and long is not None
    options = [
        *employer_talk.FLEXIBLE_OPTIONS,
        employer_talk.leave_option(*((short, long) if known else (None, None))),
    ]
    return "\n".join(
        ["Wat je kunt vragen:", *(f"- {option};" for option in options[:-1]), f"- {options[-1]}."]
    )


def employer_talk_rules(employer_size: str | None, employer_items: Sequence[str]) -> str:
    lines = employer_talk.rule_lines(employer_size, employer_items)
    return "\n".join([employer_talk.RULES_HEADING, *(f"- {line}" for line in lines)])


def employer_talk_closing(today: date) -> str:
    return employer_talk.closing(today)


EMPLOYER_TALK_INTRO = employer_talk.INTRO
EMPLOYER_TALK_SELF_EMPLOYED = employer_talk.SELF_EMPLOYED
EMPLOYER_TALK_NO_EMPLOYER = employer_talk.NO_EMPLOYER

# --- handoff, safety, fallback ---------------------------------------------------------------------

#: Why the bot hands over, said before the handoff payload. Only the reason: whether someone can take
#: the conversation is for the gateway to say (it knows whether a desk is open), so nothing is promised here.
HANDOFF_REASON_TEXT: dict[str, str] = {
    "fallback": "Het lukt me niet goed om je te begrijpen.",
    "burden": "Je zei dat de zorg zwaar voor je is. Daarom kijk ik of een medewerker met je mee kan denken.",
}
CRISIS_OFFER = safety.CRISIS_HANDOFF_OFFER
CRISIS_OFFER_BUTTONS: list[Button] = [
    {"title": title, "payload": payload} for title, payload in safety.CRISIS_OFFER_BUTTONS
]
CRISIS_DECLINED = (
    "Goed. Je kunt altijd 113 bellen (gratis, dag en nacht) en bij direct gevaar 112. "
    "Wil je later toch met iemand praten? Typ dan: praat met een mens."
)
ACTION_ERROR = "Sorry, er ging bij mij iets mis. Probeer het nog eens, of praat met een medewerker."

FALLBACK_TEXT: dict[str, str] = {
    "empty": "Ik kreeg een leeg bericht. Typ je vraag, of vertel in een paar woorden voor wie je zorgt.",
    "emoji": "Ik zie alleen emoji's. Wil je in een paar woorden vertellen waar je mee zit?",
    "too_long": (
        "Je bericht is erg lang. Kun je het in een paar zinnen vertellen? Bijvoorbeeld: voor wie je zorgt, "
        "hoeveel uur je werkt en waar je naaste woont."
    ),
    "other_language": (
        "Ik spreek alleen Nederlands. Schrijf je vraag in het Nederlands, of praat met een medewerker. "
        "(I only speak Dutch. You can ask to talk to a person.)"
    ),
    "gibberish": (
        "Dat begrijp ik niet. Schrijf je vraag in gewone woorden, bijvoorbeeld: hoeveel zorgverlof krijg ik?"
    ),
    "unclear": (
        "Sorry, dat begreep ik niet. Ik help je met verlof, respijtzorg, hulp van je gemeente en het gesprek "
        "met je werkgever. Kies hieronder, of stel je vraag anders."
    ),
}
FALLBACK_BUTTONS: list[Button] = [START_BUTTON, LEAVE_BUTTON, EMPLOYER_TALK_BUTTON, HUMAN_BUTTON]
OUT_OF_SCOPE = (
    "Daar kan ik je helaas niet mee helpen. Ik weet veel over werk en zorg voor je naaste: "
    "zorgverlof, respijtzorg, hulp van je gemeente en het gesprek met je werkgever."
)
ERASE_TEXT = (
    "Ik geef door dat je gegevens gewist moeten worden. Dit gesprek en wat je me vertelde worden verwijderd. "
    "Wil je later verder? Dan begin je een nieuw gesprek."
)
