"""Dutch texts of the engine: reasons, conditions spelled out, amounts (B1, "je").

All wording the engine adds to an item lives here, away from the logic in ``bot.engine``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot import leave, vocabulary
from bot.conditions import CARE_CIRCLE, Check
from bot.profile import Profile

# --- numbers and lists -------------------------------------------------------------------------


def format_number(value: float) -> str:
    """Dutch style: 32, 12,5, 7,25 (comma decimal, no trailing zeros)."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace(".", ",")


def join(parts: Sequence[str], word: str = "en") -> str:
    """'a', 'a en b', 'a, b en c'."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- condition clauses -------------------------------------------------------------------------
# Each clause completes "omdat ..." (matched) or "als ..." (open); the words per profile value live in
# bot/vocabulary.yml (`reason`, `reason_open`).

RELATIONSHIP_MATCHED = vocabulary.texts("relationship", "reason")
RELATIONSHIP_OPEN = vocabulary.texts("relationship", "reason_open", fallback="reason")
CONDITION = vocabulary.texts("condition", "reason")
EMPLOYMENT = vocabulary.texts("employment", "reason")
EMPLOYER_SIZE = vocabulary.texts("employer_size", "reason")
WLZ = vocabulary.texts("wlz_indication", "reason")
BURDEN = vocabulary.texts("burden", "reason")
NEEDS = vocabulary.texts("needs", "reason")
LIVES_TOGETHER = {
    True: "je met je naaste in één huis woont",
    False: "je niet bij je naaste woont",
}
#: Shorter wording for value sets that often go together.
SET_CLAUSES: dict[tuple[str, frozenset[str]], str] = {
    ("burden", frozenset({"moderate", "heavy"})): "de zorg (soms) zwaar voor je is",
    ("wlz_indication", frozenset({"no", "unknown"})): "je naaste nog geen Wlz-indicatie heeft",
    ("employment", frozenset({"self_employed", "employer_owner"})): "je ondernemer bent",
}
_ENUM_CLAUSES = {
    "employment": EMPLOYMENT,
    "employer_size": EMPLOYER_SIZE,
    "wlz_indication": WLZ,
    "burden": BURDEN,
}


def matched_clause(check: Check, profile: Profile) -> str:
    """Why a matched condition fits: 'je in loondienst werkt'."""
    value = getattr(profile, check.field)
    if check.key == "needs_any":
        wanted = [NEEDS[n] for n in value if n in check.allowed]
        return f"je hulp zoekt bij {join(wanted)}"
    if check.key == CARE_CIRCLE:
        if leave.care_circle(value, profile.lives_together) == leave.CIRCLE_HOUSEMATE:
            return LIVES_TOGETHER[True]
        return f"je voor {RELATIONSHIP_MATCHED[value]} zorgt"
    if check.key == "relationship":
        return f"je voor {RELATIONSHIP_MATCHED[value]} zorgt"
    if check.key == "condition":
        return f"je naaste {CONDITION[value]}"
    if check.key == "min_care_hours":
        return f"je {format_number(value)} uur per week zorgt"
    if check.key == "min_work_hours":
        return f"je {format_number(value)} uur per week werkt"
    if check.key == "lives_together":
        return LIVES_TOGETHER[bool(value)]
    return _ENUM_CLAUSES[check.key][value]


#: Zorgverlof for someone the law does not name as family: completes "als ...".
SOCIAL_RELATIONSHIP = (
    "de zorg direct voortkomt uit jullie band (een 'sociale relatie') of je naaste bij je in huis woont"
)
CIRCLE_UNKNOWN = (
    "je zorgt voor je partner, een ouder, kind, broer, zus, opa, oma of kleinkind, "
    "voor iemand die bij je in huis woont, of voor iemand met wie je een band hebt waar de zorg uit voortkomt"
)
STUDENT_WITH_CONTRACT = "je naast je studie een baan hebt met een arbeidscontract"


def open_clause(check: Check, profile: Profile | None = None) -> str:
    """What must be true for an open condition: 'je in loondienst werkt'. With the profile, the
    clause fits the person (a student, someone caring for an aunt)."""
    if check.key == CARE_CIRCLE:
        relationship = profile.relationship if profile is not None else None
        return SOCIAL_RELATIONSHIP if relationship in leave.SOCIAL_ONLY else CIRCLE_UNKNOWN
    if (
        check.key == "employment"
        and profile is not None
        and profile.employment in leave.EMPLOYEE_IF_CONTRACT
        and profile.employment not in check.allowed
    ):
        return STUDENT_WITH_CONTRACT
    special = SET_CLAUSES.get((check.key, check.allowed))
    if special is not None:
        return special
    values = sorted(check.allowed - {"unknown"}) or sorted(check.allowed)
    if check.key == "relationship":
        order = list(RELATIONSHIP_OPEN)
        nouns = [RELATIONSHIP_OPEN[v] for v in sorted(values, key=order.index)]
        return f"je voor {join(nouns, 'of')} zorgt"
    if check.key == "condition":
        order = list(CONDITION)
        return f"je naaste {join([CONDITION[v] for v in sorted(values, key=order.index)], 'of')}"
    if check.key == "needs_any":
        order = list(NEEDS)
        return f"je hulp zoekt bij {join([NEEDS[v] for v in sorted(values, key=order.index)], 'of')}"
    if check.key == "min_care_hours":
        return f"je {format_number(check.minimum or 0)} uur of meer per week zorgt"
    if check.key == "min_work_hours":
        return f"je {format_number(check.minimum or 0)} uur of meer per week werkt"
    if check.key == "lives_together":
        return LIVES_TOGETHER[bool(check.flag)]
    table = _ENUM_CLAUSES[check.key]
    order = list(table)
    return join([table[v] for v in sorted(values, key=order.index)], "of")


def circle_note(profile: Profile) -> str | None:
    """For zorgverlof, when the person cared for is not family in the law's sense."""
    if leave.care_circle(profile.relationship, profile.lives_together) != leave.CIRCLE_SOCIAL:
        return None
    who = (
        "Schoonfamilie, een tante, oom, neef, nicht of stiefouder"
        if profile.relationship == "extended_family"
        else capitalise(RELATIONSHIP_OPEN.get(profile.relationship or "", "iemand anders"))
    )
    return f"{who} telt voor de wet niet als familie. Je werkgever mag vragen waarom jouw zorg nodig is."


# --- reason sentences --------------------------------------------------------------------------

FOR_EVERYONE = "Dit is er voor iedereen die voor een naaste zorgt."


def matched_sentence(clauses: Sequence[str], still_open: bool = False) -> str:
    if still_open:
        return f"Dit kan voor jou gelden, omdat {join(clauses)}."
    return f"Dit geldt voor jou, omdat {join(clauses)}."


def open_sentence(parts: Sequence[str], after_matched: bool = False) -> str:
    return f"{'Het' if after_matched else 'Dit'} geldt alleen als {join(parts)}."


def applies_if_sentence(clauses: Sequence[str], after: bool = False) -> str:
    """Conditions no answer settles: 'Verder geldt het alleen als de zorg echt nodig is.'"""
    return f"{'Verder geldt het' if after else 'Het geldt'} alleen als {join(clauses)}."


def alternatives_clause(alternatives: Iterable[Sequence[str]]) -> str:
    return " of als ".join(join(clauses) for clauses in alternatives)


WHERE = {"recipient": "waar je naaste woont", "caregiver": "waar je zelf woont"}


def municipality_sentence(side: str, name: str | None, both_live_there: bool = False) -> str:
    where = "waar je naaste en jij wonen" if both_live_there else WHERE[side]
    if name is None:
        return f"Dit regel je bij de gemeente {where}."
    return f"Dit regel je bij de gemeente {name}, {where}."


def also_municipality_sentence(side: str, name: str | None) -> str:
    """The same kind of help exists in the other person's municipality too."""
    place = f"de gemeente {name}, {WHERE[side]}" if name else f"de gemeente {WHERE[side]}"
    return f"Je kunt hiervoor ook terecht bij {place}."


def needs_sentence(needs: Sequence[str]) -> str:
    return f"Dit past bij waar je hulp bij zoekt: {join([NEEDS[n] for n in needs])}."


BURDEN_SENTENCES = {
    "heavy": "De zorg is zwaar voor je. Dit kan je wat lucht geven.",
    "moderate": "De zorg is soms zwaar voor je. Dit kan je wat lucht geven.",
}


def tenant_sentence(employer: str | None) -> str:
    if employer:
        return f"Dit is een regeling van je eigen werkgever, {employer}."
    return "Dit is een regeling van je eigen werkgever."


def adds_to_sentence(laws: Sequence[str]) -> str:
    """An employer's arrangement that comes on top of the law's leave."""
    return f"Dit krijg je bovenop wat de wet je geeft: {join(laws)}."


def employer_addition_sentence(employer: str | None, title: str, amount: str | None) -> str:
    """Said in the law's item: what the person's own employer adds to it."""
    who = employer or "je werkgever"
    sentence = f"Daarbovenop geeft {who}: {title}."
    return f"{sentence} {amount}" if amount else sentence


def variant_sentence(clauses: Sequence[str], title: str) -> str:
    return f"Als {join(clauses)}, geldt iets anders: {title}."


# --- placeholders ------------------------------------------------------------------------------

UNKNOWN_MUNICIPALITY = {
    "recipient": "de gemeente waar je naaste woont",
    "caregiver": "de gemeente waar je woont",
}
UNKNOWN_WEEK_HOURS = "het aantal uur dat je per week werkt"


def unknown_leave_hours(factor: float) -> str:
    return f"{format_number(factor)} × het aantal uur dat je per week werkt"


# --- amounts -----------------------------------------------------------------------------------

EXAMPLE_WEEK_HOURS = 32.0


def leave_amount_sentence(label: str, factor: float, week_hours: float | None, hours: float | None) -> str:
    """'Maximaal 64 uur kortdurend zorgverlof per 12 maanden (2 × je werkweek van 32 uur).'"""
    if week_hours == 0:
        return (
            f"Je gaf 0 uur per week op. Heb je een nulurencontract of oproepcontract? Dan telt het "
            f"gemiddelde aantal uur dat je echt werkt: maximaal {format_number(factor)} × dat aantal "
            f"per 12 maanden als {label}."
        )
    if week_hours is not None and hours is not None:
        return (
            f"Maximaal {format_number(hours)} uur {label} per 12 maanden "
            f"({format_number(factor)} × je werkweek van {format_number(week_hours)} uur)."
        )
    example = format_number(factor * EXAMPLE_WEEK_HOURS)
    return (
        f"Je kunt per 12 maanden maximaal {format_number(factor)} × het aantal uur dat je per week werkt "
        f"opnemen als {label}. Werk je bijvoorbeeld {format_number(EXAMPLE_WEEK_HOURS)} uur per week, "
        f"dan is dat {example} uur."
    )


def amount_label(title: str) -> str:
    """Default label from the title: 'Kortdurend zorgverlof' -> 'kortdurend zorgverlof'."""
    return title[:1].lower() + title[1:] if title[1:2].islower() or len(title) < 2 else title


# --- old facts ---------------------------------------------------------------------------------


def stale_sentences(year: int | None, local: bool = False) -> list[str]:
    """'Deze informatie is van 2016. ...' for an item whose facts are old; nothing when they are current."""
    if year is None:
        return []
    where = "bij je gemeente " if local else ""
    return [f"Deze informatie is van {year}. Controleer {where}of het nog klopt."]
