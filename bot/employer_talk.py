"""The talk with the manager: the sentences the chat's preparation (``actions/employer_talk.py``)
and the gateway's printable sheet (``api/documents``) share, and Dutch dates.

Grounded in ``shared/facts/werkende-mantelzorgers.md``: "The conversation with the employer",
"Kortdurend/Langdurend zorgverlof" and "Wet flexibel werken". Plain values in, Dutch out (B1, "je");
pure Python, so both environments can import it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from bot import vocabulary
from bot.reasons import format_number

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
REVIEW_AFTER_DAYS = 91  # about three months

#: First-person phrases: "Ik zorg voor {who}" (bot/vocabulary.yml, `letter`); neutral words only.
RELATIONSHIP_PHRASES = vocabulary.texts("relationship", "letter")
#: "... {condition}" ("die dementie heeft"): only where the person's own chat preparation shows it.
CONDITION_PHRASES = vocabulary.texts("condition", "letter")
SOMEONE = "iemand uit mijn omgeving"


def dutch_date(day: date) -> str:
    """4 januari 2027."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def review_date(today: date) -> date:
    return today + timedelta(days=REVIEW_AFTER_DAYS)


def who(relationship: str | None) -> str:
    """The person cared for, in neutral words: "mijn broer of zus"."""
    return RELATIONSHIP_PHRASES.get(relationship or "", SOMEONE)


def situation_sentences(profile: Mapping[str, Any], *, with_condition: bool) -> list[str]:
    """The situation in the first person, as the person could tell it. The condition (a
    diagnosis) only when `with_condition`."""
    condition = CONDITION_PHRASES.get(profile.get("condition") or "") if with_condition else None
    sentences = [f"Ik zorg voor {who(profile.get('relationship'))}{' ' + condition if condition else ''}."]
    if profile.get("care_hours_per_week"):
        sentences.append(
            f"Dat kost me ongeveer {format_number(profile['care_hours_per_week'])} uur per week."
        )
    if profile.get("lives_together") is True:
        sentences.append("We wonen in één huis.")
    if profile.get("work_hours_per_week"):
        sentences.append(f"Ik werk {format_number(profile['work_hours_per_week'])} uur per week.")
    sentences.append("Ik wil mijn werk goed blijven doen en ook goed voor mijn naaste zorgen.")
    return sentences


#: Arrangements that often help more than leave (facts: "The conversation with the employer").
FLEXIBLE_OPTIONS = (
    "flexibele begin- en eindtijden, zodat je naar afspraken kunt",
    "soms thuiswerken",
    "diensten ruilen met collega's",
    "afspraken over bereikbaarheid: dat je naaste je onder werktijd mag bellen",
)


def leave_option(short: float | None, long: float | None) -> str:
    """The last option: statutory leave, with the maxima for the person's hours when known."""
    if short is not None and long is not None:
        return (
            "verlof als het nodig is: kortdurend zorgverlof "
            f"(maximaal {format_number(short)} uur per 12 maanden, minstens 70% betaald) en langdurend "
            f"zorgverlof (maximaal {format_number(long)} uur per 12 maanden, onbetaald)"
        )
    return (
        "verlof als het nodig is: kortdurend zorgverlof (maximaal 2 keer je uren per week, per "
        "12 maanden, minstens 70% betaald) en langdurend zorgverlof (maximaal 6 keer je uren per week, "
        "onbetaald)"
    )


RULES_HEADING = "Dit zegt de wet (Wet arbeid en zorg en Wet flexibel werken):"


def rule_lines(employer_size: str | None, employer_items: Sequence[str] = ()) -> list[str]:
    lines = [
        "Je werkgever mag zorgverlof alleen weigeren bij een zwaarwegend bedrijfs- of dienstbelang.",
        "Langdurend zorgverlof vraag je minstens 2 weken van tevoren schriftelijk aan.",
        "Bij een noodgeval mag je meteen weg: calamiteitenverlof, volgens de wet met je volle loon "
        "(je cao kan iets anders zeggen).",
    ]
    if employer_size == "small":
        lines.append(
            "Je werkgever heeft minder dan 10 medewerkers. Die moet zelf een regeling maken voor het "
            "aanpassen van je werktijden. Vraag wat die regeling is."
        )
    else:
        lines.append(
            "Werk je minstens 26 weken bij een werkgever met 10 of meer medewerkers? "
            "Dan mag je schriftelijk vragen om andere werktijden, uren of werkplek, "
            "minstens 2 maanden van tevoren."
        )
    lines.append(
        "Er is geen wettelijk recht op thuiswerken. Je werkgever moet je verzoek wel serieus bekijken."
    )
    lines.extend(f"Je werkgever heeft ook een eigen regeling: {title}." for title in employer_items)
    return lines


def closing(today: date) -> str:
    return (
        "Spreek af wanneer jullie samen kijken of de afspraken nog werken, bijvoorbeeld over drie maanden "
        f"(rond {dutch_date(review_date(today))}). Schrijf de afspraken kort op. Kom je er samen niet uit? "
        "Praat dan met HR, de bedrijfsarts of een vertrouwenspersoon."
    )


INTRO = "Hier is een korte voorbereiding voor het gesprek met je leidinggevende."
SELF_EMPLOYED = (
    "Je werkt voor jezelf. Dan heb je geen werkgever en geen wettelijk zorgverlof. "
    "Wat wel helpt: praat op tijd met je opdrachtgevers over deadlines en bereikbaarheid, "
    "en plan vaste zorgmomenten in je week. Steun van je gemeente, zoals respijtzorg, kun je wel krijgen."
)
NO_EMPLOYER = (
    "Je hebt nu geen werkgever. Wil je later weer gaan werken of vraag je het voor iemand anders? "
    "Dan helpt deze voorbereiding ook."
)
