"""What the actions say, kept out of the logic: which domain response, with which values.

The fixed messages live in the domain (``data/responses/actions.yml``); the functions here choose the
response and its values and return a ``Reply``: the keyword arguments of
``dispatcher.utter_message`` (``{"response": "utter_...", "buttons": [...], "<var>": "<value>"}``;
Rasa fills ``{var}`` in the response's text). Texts assembled from catalogue data (item details,
how-to, contact) and the phrases joined into a response's values stay here. Functions take plain
values (dicts from ``bot``, numbers, slot values); none of them reads a tracker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from actions import slots as s
from actions.parsing import format_number
from bot import employer_talk, leave, safety, vocabulary
from bot.buttons import (  # the constant buttons, shared with the gateway
    EMPLOYER_TALK_BUTTON,
    HUMAN_BUTTON,
    LEAVE_BUTTON,
    OVERVIEW_BUTTON,
    START_BUTTON,
    Button,
)
from bot.catalogue import kinds
from bot.reasons import CONDITION as CONDITION_CLAUSES  # the phrases of the reasons, defined once
from bot.reasons import RELATIONSHIP_MATCHED

#: The keyword arguments of ``dispatcher.utter_message``: a domain response and its values.
Reply = dict[str, Any]


def reply(response: str, buttons: Sequence[Button] | None = None, **variables: Any) -> Reply:
    """``utter_message(**reply("utter_x", name="..."))`` sends ``utter_x`` with ``{name}`` filled;
    ``buttons`` come after the response's own."""
    return {"response": response, **({"buttons": list(buttons)} if buttons else {}), **variables}


_PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")


def render(domain: Mapping[str, Any], response: str, **variables: Any) -> str:
    """The text of a domain response with its values filled as Rasa fills them, for a text that
    travels inside a payload (the overview's first sentence). ``domain`` is the one Rasa sends
    with each action call."""
    variants = (domain.get("responses") or {}).get(response)
    if not variants or not isinstance(variants[0].get("text"), str):
        raise KeyError(f"the domain has no text response {response!r}")
    return _PLACEHOLDER.sub(lambda match: str(variables[match.group(1)]), variants[0]["text"])


# --- buttons ---------------------------------------------------------------------------------------


def payload(intent: str, **entities: Any) -> str:
    """A button payload: ``/inform{"burden":"heavy"}``."""
    return (
        f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"
        if entities
        else f"/{intent}"
    )


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

#: The re-ask response per intake question ("Ik begrijp niet goed voor wie je zorgt. ...").
REASK: dict[str, str] = {
    slot: f"utter_reask_{slot}" for slot in s.INTAKE_SLOTS if slot not in s.PLACE_SLOTS
} | {slot: "utter_reask_place" for slot in s.PLACE_SLOTS}
CARE_HOURS_RANGE = reply("utter_care_hours_range")
ZERO_HOURS_AVERAGE = reply("utter_zero_hours_average")
WORK_HOURS_RANGE = reply("utter_work_hours_range")
OVERLOAD_ACK = reply("utter_overload_ack")
#: Said once, before the next question, when someone tells what their naaste has.
CONDITION_ACK: dict[str, str] = {
    "terminal": "utter_condition_ack_terminal",
    "dementia": "utter_condition_ack_dementia",
}
CONDITION_ACK_DEFAULT = "utter_condition_ack"


def reask(slot: str) -> Reply:
    return reply(REASK[slot])


def acknowledgement(before: Mapping[str, Any], now: Mapping[str, Any]) -> Reply | None:
    """One warm line when this message told, for the first time, that the care is too heavy or what
    the naaste has; None otherwise (and never twice for the same news)."""
    if now.get(s.BURDEN) == "heavy" and before.get(s.BURDEN) != "heavy":
        return OVERLOAD_ACK
    condition = now.get(s.CONDITION)
    if isinstance(condition, str) and condition != s.UNKNOWN and before.get(s.CONDITION) is None:
        return reply(CONDITION_ACK.get(condition, CONDITION_ACK_DEFAULT))
    return None


SKIPPED = reply("utter_skipped")
RESTARTED = reply("utter_restarted")
LONG_MESSAGE = reply("utter_long_message")


def place_note(town: str, municipality: str) -> Reply:
    """Confirmation for a town that belongs to a municipality with another name."""
    return reply("utter_place_note", town=town, municipality=municipality)


def choice_buttons(slot: str) -> list[Button]:
    """A button per profile value of ``slot``, titled as in bot/vocabulary.yml."""
    return [
        {"title": title, "payload": payload("inform", **{slot: value})}
        for value, title in vocabulary.texts(slot, "title").items()
    ]


def place_choice(slot: str, candidates: Sequence[tuple[str, str]]) -> Reply:
    """Which of the municipalities a name belongs to, with a button for each."""
    buttons = [{"title": name, "payload": payload(s.CHOOSE, **{slot: code})} for code, name in candidates]
    return reply("utter_place_choice", buttons, names=" of ".join(name for _, name in candidates))


# --- overview --------------------------------------------------------------------------------------

GROUP_TITLES = kinds.GROUP_TITLES

# --- "Dit weet ik van je": what was understood, one line per fact, before the overview ------------

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
) -> list[Reply]:
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
            lines.append(reply("utter_corrected", line=line[:1].lower() + line[1:]))
    return lines


def known_summary(slots: Mapping[str, Any], place_name: Callable[[str], str | None]) -> Reply | None:
    """ "Dit weet ik van je:" with a line per known fact, or None when nothing is known yet."""
    told_with_relationship = slots.get(s.RELATIONSHIP) not in (None, s.UNKNOWN)
    shown = [f for f in s.INTAKE_SLOTS if not (f == s.CONDITION and told_with_relationship)]
    lines = [line for line in (known_line(f, slots, place_name) for f in shown) if line]
    if not lines:
        return None
    return reply("utter_known_summary", lines="\n".join(f"- {line}" for line in lines))


def overview_text(domain: Mapping[str, Any], leave: tuple[float, float, float] | None, source: str) -> str:
    """The text of the recommendations payload; with the leave hours (and their source) when they apply."""
    intro = render(domain, "utter_overview_intro")
    if leave is None:
        return intro
    week, short, long = leave
    figures = render(
        domain,
        "utter_overview_leave",
        week=format_number(week),
        short=format_number(short),
        long=format_number(long),
        source=source,
    )
    return f"{intro} {figures}"


OVERVIEW_EMPTY = reply("utter_overview_empty")
OVERVIEW_UNCHANGED = reply("utter_overview_unchanged")


def join_dutch(parts: Sequence[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


MAX_UNKNOWN_NAMED = 3


def still_unknown(fields: Iterable[str]) -> Reply | None:
    """What the overview could still use, most important first; at most three named."""
    labels = list(dict.fromkeys(UNKNOWN_LABELS[f] for f in fields if f in UNKNOWN_LABELS))
    if not labels:
        return None
    named = labels[:MAX_UNKNOWN_NAMED]
    if len(labels) > MAX_UNKNOWN_NAMED:
        named.append("nog een paar andere dingen")
    return reply("utter_still_unknown", unknown=join_dutch(named))


def overview_next(items: Sequence[Mapping[str, Any]], show_employer_talk: bool) -> Reply:
    """ "Wat wil je nu doen?" with buttons about the best items and the next steps."""
    return reply("utter_overview_next", overview_buttons(items, show_employer_talk))


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

ITEM_UNKNOWN = reply("utter_item_unknown")


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


WHICH_LEAVE = reply("utter_which_leave")


def item_buttons(item_id: str) -> list[Button]:
    return [
        {"title": "Hoe vraag ik dit aan?", "payload": payload("item_how_to", item_id=item_id)},
        {"title": "Contact", "payload": payload("item_contact", item_id=item_id)},
        OVERVIEW_BUTTON,
    ]


# --- leave hours -------------------------------------------------------------------------------------


NOT_EMPLOYED_FOR_LEAVE = ("self_employed", "employer_owner")


def _employee(employment: Any) -> bool:
    """Whether statutory leave applies as far as we know: in loondienst, not told, or a student
    (with a job on an employment contract a student is an employee: the employee's text says
    "als je in loondienst werkt (ook naast je studie)")."""
    return employment in (None, "employee", s.UNKNOWN) or employment in leave.EMPLOYEE_IF_CONTRACT


def leave_hours(week_hours: float, short: float, long: float, employment: Any, source: str) -> Reply:
    """The maximum leave for the hours someone works; for someone not in loondienst, that it
    does not apply to them."""
    return reply(
        "utter_leave_hours" if _employee(employment) else "utter_leave_hours_not_employee",
        week=format_number(week_hours),
        short=format_number(short),
        long=format_number(long),
        source=source,
    )


def leave_rule(employment: Any, source: str) -> Reply:
    """The rule itself, when the working week is not known."""
    return reply(
        "utter_leave_rule" if _employee(employment) else "utter_leave_rule_not_employee", source=source
    )


def no_leave_self_employed(source: str) -> Reply:
    return reply("utter_no_leave_self_employed", source=source)


def leave_question_answer(employment: Any, source: str) -> Reply:
    """The answer to "heb ik recht op zorgverlof?" asked in the first story, before the questions."""
    if employment in NOT_EMPLOYED_FOR_LEAVE:
        return no_leave_self_employed(source)
    if employment == "employee":
        return reply("utter_leave_yes_employee", source=source)
    return reply("utter_leave_rule", source=source)


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
AFTER_EMPLOYER_TALK = reply("utter_overview_next", [OVERVIEW_BUTTON, HUMAN_BUTTON])

# --- handoff, safety, fallback ---------------------------------------------------------------------

#: Why the bot hands over, said before the handoff payload (only for these reasons).
HANDOFF_REASONS = ("fallback", "burden")


def handoff_reason(reason: str) -> Reply | None:
    return reply(f"utter_handoff_reason_{reason}") if reason in HANDOFF_REASONS else None


BURDEN_HANDOFF = reply("utter_handoff_reason_burden")

# Shared with the gateway's own crisis check (api/services/safety.py): its home is bot/safety.py.
CRISIS_OFFER = safety.CRISIS_HANDOFF_OFFER
CRISIS_OFFER_BUTTONS: list[Button] = [
    {"title": title, "payload": payload} for title, payload in safety.CRISIS_OFFER_BUTTONS
]
ACTION_ERROR = reply("utter_action_error")
#: What NLU could not place (actions/fallback.py: classify_input) -> the response that says so.
FALLBACK_KINDS = ("empty", "emoji", "too_long", "other_language", "gibberish", "unclear")


def fallback(kind: str, buttons: Sequence[Button]) -> Reply:
    return reply(f"utter_fallback_{kind}", buttons)


FALLBACK_BUTTONS: list[Button] = [START_BUTTON, LEAVE_BUTTON, EMPLOYER_TALK_BUTTON, HUMAN_BUTTON]
OUT_OF_SCOPE = reply("utter_out_of_scope", FALLBACK_BUTTONS)
ERASE = reply("utter_erase")

# --- greeting (actions/greet.py) ---------------------------------------------------------------------

#: The gateway's welcome introduced the assistant: a greeting gets no second introduction.
GREET = reply("utter_greet")  # nothing happened yet: where to start
GREET_BACK = reply("utter_greet_back")  # later in the conversation: go on where we were
