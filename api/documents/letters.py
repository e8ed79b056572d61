"""Request letters to the employer and the sheet for the talk with the manager.

The rules come from shared/facts/werkende-mantelzorgers.md:
- kortdurend zorgverlof (Wazo art. 5:1): report it before it starts, or as soon as possible;
  at most 2 x the weekly working hours per 12 months, at least 70% of the salary paid.
- langdurend zorgverlof (Wazo art. 5:9): in writing at least 2 weeks before, with start, duration
  and hours per week; at most 6 x the weekly hours per 12 months; unpaid by law; the employer answers
  at least 1 week before the start, otherwise it is granted as asked.
- flexibel werken (Wfw art. 2 and 2a): in writing at least 2 months before; the employer decides at
  least 1 month before. Employers with fewer than 10 staff have their own arrangement instead.
Amounts are maxima ("maximaal"). The relationship is said in neutral words (bot/vocabulary.yml,
`letter`); never a diagnosis: what the person typed in `wishes` is the only free text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from api.documents.model import Block, Bullets, Heading, Letter, Paragraph
from bot import employer_talk
from bot.employer_talk import dutch_date
from bot.leave import long_term_care_leave_hours, short_term_care_leave_hours
from bot.profile import Profile
from bot.reasons import format_number

LetterKind = Literal["kortdurend-zorgverlof", "langdurend-zorgverlof", "flexibel-werken", "gesprek-werkgever"]
KINDS: tuple[LetterKind, ...] = (
    "kortdurend-zorgverlof",
    "langdurend-zorgverlof",
    "flexibel-werken",
    "gesprek-werkgever",
)
NO_EMPLOYER = ("self_employed", "employer_owner")

LONG_TERM_NOTICE = timedelta(weeks=2)
FLEXIBLE_NOTICE_MONTHS = 2
MAX_TEXT = {"name": 100, "employer": 150, "manager": 100, "wishes": 1000}
MAX_WEEKS = 52
MAX_HOURS_PER_WEEK = 80.0
PAST_DAYS = 30  # a start date this long ago is still accepted (kortdurend: "as soon as possible")
FUTURE_DAYS = 2 * 365


class FieldError(ValueError):
    """A bad letter field: `code` is an error code of api.texts' ERRORS, `args` fill its message."""

    def __init__(self, code: str, field: str | None, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.args_ = args


@dataclass(frozen=True)
class LetterFields:
    name: str | None = None
    employer: str | None = None
    manager: str | None = None
    start_date: date | None = None
    weeks: int | None = None
    hours_per_week: float | None = None
    wishes: str | None = None


def _text(raw: Mapping[str, Any], name: str, label: Callable[[str], str]) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    limit = MAX_TEXT[name]
    if (
        not isinstance(value, str)
        or len(value) > limit
        or any(ord(ch) < 32 and ch not in "\n\t" for ch in value)
    ):
        raise FieldError("invalid_text", name, label=label(name), max=limit)
    return value.strip() or None


def _number(
    raw: Mapping[str, Any], name: str, low: float, high: float, label: Callable[[str], str]
) -> float | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise FieldError("invalid_number", name, label=label(name)) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise FieldError("invalid_number", name, label=label(name))
    if not low <= value <= high:
        raise FieldError(
            "out_of_range", name, label=label(name), low=format_number(low), high=format_number(high)
        )
    return float(value)


def _date(raw: Mapping[str, Any], today: date) -> date | None:
    value = raw.get("start_date")
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise FieldError("invalid_date", "start_date") from None
    low, high = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    if not low <= day <= high:
        raise FieldError("date_out_of_range", "start_date", low=dutch_date(low), high=dutch_date(high))
    return day


def parse_fields(raw: Mapping[str, Any], today: date, label: Callable[[str], str]) -> LetterFields:
    """Checks the form's fields; raises FieldError (the first problem) with a Dutch message's code."""
    weeks = _number(raw, "weeks", 1, MAX_WEEKS, label)
    if weeks is not None and not weeks.is_integer():
        raise FieldError("invalid_whole_number", "weeks", label=label("weeks"))
    return LetterFields(
        name=_text(raw, "name", label),
        employer=_text(raw, "employer", label),
        manager=_text(raw, "manager", label),
        start_date=_date(raw, today),
        weeks=int(weeks) if weeks is not None else None,
        hours_per_week=_number(raw, "hours_per_week", 0.5, MAX_HOURS_PER_WEEK, label),
        wishes=_text(raw, "wishes", label),
    )


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def notice_deadline(kind: str, start: date) -> date | None:
    """The last day the law's notice allows for this start date (None: report beforehand)."""
    if kind == "langdurend-zorgverlof":
        return start - LONG_TERM_NOTICE
    if kind == "flexibel-werken":
        return add_months(start, -FLEXIBLE_NOTICE_MONTHS)
    return None


# --- the letters -------------------------------------------------------------------------------------


def _hours(value: float) -> str:
    return f"{format_number(value)} uur"


def _letter_frame(
    kind: str, title: str, subject: str, fields: LetterFields, today: date, blocks: list[Block]
) -> Letter:
    recipient = tuple(
        line for line in (fields.employer, f"t.a.v. {fields.manager}" if fields.manager else None) if line
    )
    return Letter(
        kind=kind,
        title=title,
        date=dutch_date(today),
        sender=(fields.name,) if fields.name else (),
        recipient=recipient,
        subject=f"Betreft: {subject}",
        salutation=f"Beste {fields.manager}," if fields.manager else "Beste leidinggevende,",
        blocks=tuple(blocks),
        closing=("Met vriendelijke groet,", fields.name or ""),
    )


def _care_sentence(profile: Profile) -> str:
    return (
        f"Ik zorg voor {employer_talk.who(profile.relationship)}. Die zorg is nodig, "
        "en op dit moment ben ik degene die haar moet geven."
    )


def _wishes(fields: LetterFields) -> list[Block]:
    return [Paragraph(fields.wishes)] if fields.wishes else []


def short_term(profile: Profile, fields: LetterFields, today: date) -> Letter:
    hours = profile.work_hours_per_week
    maximum = (
        f"maximaal {_hours(short_term_care_leave_hours(hours))} per 12 maanden (2 keer mijn {_hours(hours)} "
        "per week)"
        if hours
        else "maximaal 2 keer mijn arbeidsduur per week, per 12 maanden"
    )
    start = fields.start_date
    when = f"vanaf {dutch_date(start)}" if start else "vanaf nu"
    blocks: list[Block] = [
        Paragraph(
            f"Hierbij meld ik dat ik {when} kortdurend zorgverlof opneem, op grond van artikel 5:1 van de "
            "Wet arbeid en zorg (Wazo)."
        ),
        Paragraph(_care_sentence(profile)),
        Paragraph(
            f"Kortdurend zorgverlof is {maximum}. Ik neem niet meer op dan de zorg nodig maakt. "
            "Tijdens dit verlof betaalt de werkgever minstens 70% van mijn loon, en minstens het "
            "minimumloon, tenzij onze cao iets anders regelt."
        ),
    ]
    if fields.weeks or fields.hours_per_week:
        parts = []
        if fields.weeks:
            parts.append(f"{fields.weeks} {'week' if fields.weeks == 1 else 'weken'}")
        if fields.hours_per_week:
            parts.append(f"{_hours(fields.hours_per_week)} per week")
        blocks.append(
            Paragraph(f"Ik verwacht dit verlof nodig te hebben voor ongeveer {' en '.join(parts)}.")
        )
    blocks += _wishes(fields)
    if start is not None and start < today:
        blocks.append(
            Paragraph(
                f"Het verlof is al begonnen op {dutch_date(start)}. De wet vraagt om het vooraf te melden, "
                "of zo snel als het kan. Daarom meld ik het nu.",
                note=True,
            )
        )
    blocks.append(
        Paragraph(
            "Je kunt dit verlof alleen weigeren bij een zwaarwegend bedrijfs- of dienstbelang. Wil je weten "
            "waarom de zorg nodig is? Dan vertel ik je dat graag in een gesprek."
        )
    )
    return _letter_frame(
        "kortdurend-zorgverlof",
        "Melding kortdurend zorgverlof",
        "melding kortdurend zorgverlof",
        fields,
        today,
        blocks,
    )


def long_term(profile: Profile, fields: LetterFields, today: date) -> Letter:
    start, weeks, per_week = fields.start_date, fields.weeks, fields.hours_per_week
    if start is None or weeks is None or per_week is None:  # checked by `check`
        raise FieldError("letter_field_required", "start_date", label="")
    hours = profile.work_hours_per_week
    total = weeks * per_week
    maximum = (
        f"Langdurend zorgverlof is maximaal {_hours(long_term_care_leave_hours(hours))} per 12 maanden "
        f"(6 keer mijn {_hours(hours)} per week)."
        if hours
        else "Langdurend zorgverlof is maximaal 6 keer mijn arbeidsduur per week, per 12 maanden."
    )
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    blocks: list[Block] = [
        Paragraph(
            "Hierbij vraag ik langdurend zorgverlof aan, op grond van artikel 5:9 van de "
            "Wet arbeid en zorg (Wazo)."
        ),
        Paragraph(_care_sentence(profile)),
        Bullets(
            (
                f"Begindatum: {dutch_date(start)}",
                f"Duur: {weeks} {'week' if weeks == 1 else 'weken'} (tot en met {dutch_date(end)})",
                f"Aantal uur verlof per week: {_hours(per_week)}",
                f"In totaal: {_hours(total)}",
            )
        ),
        Paragraph(
            f"{maximum} Ik weet dat dit verlof onbetaald is, tenzij onze cao of een regeling van het bedrijf "
            "iets anders zegt. Over hoe ik de uren over de weken verdeel, maak ik graag afspraken met je."
        ),
    ]
    blocks += _wishes(fields)
    deadline = notice_deadline("langdurend-zorgverlof", start)
    if deadline is not None and today > deadline:
        blocks.append(
            Paragraph(
                "De wet vraagt om langdurend zorgverlof minstens 2 weken van tevoren schriftelijk aan te "
                f"vragen, dus uiterlijk op {dutch_date(deadline)}. Mijn begindatum ligt eerder. Ik vraag je "
                "om toch met deze datum in te stemmen.",
                note=True,
            )
        )
    blocks.append(
        Paragraph(
            "Volgens de wet hoor ik uiterlijk een week voor de begindatum of je akkoord gaat. Je kunt het "
            "verlof alleen weigeren bij een zwaarwegend bedrijfs- of dienstbelang. Hoor ik niets, dan gaat "
            "het verlof in zoals ik het heb aangevraagd."
        )
    )
    return _letter_frame(
        "langdurend-zorgverlof",
        "Aanvraag langdurend zorgverlof",
        "aanvraag langdurend zorgverlof",
        fields,
        today,
        blocks,
    )


def flexible(profile: Profile, fields: LetterFields, today: date) -> Letter:
    start = fields.start_date
    if start is None:  # checked by `check`
        raise FieldError("letter_field_required", "start_date", label="")
    wish = fields.wishes or "[Schrijf hier wat je wilt aanpassen: je werktijden, je uren of je werkplek.]"
    blocks: list[Block] = [
        Paragraph(
            "Hierbij vraag ik om mijn werk anders te regelen, op grond van artikel 2 en artikel 2a van de "
            f"Wet flexibel werken (Wfw). Ik wil graag dat dit ingaat op {dutch_date(start)}."
        ),
        Paragraph(_care_sentence(profile)),
        Heading("Wat ik wil aanpassen"),
        Paragraph(wish),
    ]
    if profile.employer_size == "small":
        blocks.append(
            Paragraph(
                "Ons bedrijf heeft minder dan 10 medewerkers. Dan geldt in plaats van de Wet flexibel werken "
                "de regeling die het bedrijf zelf voor aanpassing van werktijden heeft. Ik vraag je mijn "
                "verzoek volgens die regeling te bekijken."
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Volgens de wet beslis je uiterlijk een maand voor de ingangsdatum. Een verzoek over mijn "
                "uren of werktijden kun je alleen weigeren bij een zwaarwegend bedrijfs- of dienstbelang. "
                "Een verzoek over mijn werkplek bekijk je serieus, en als je het weigert, leg je uit waarom."
            )
        )
    deadline = notice_deadline("flexibel-werken", start)
    if deadline is not None and today > deadline:
        blocks.append(
            Paragraph(
                "De wet vraagt om dit verzoek minstens 2 maanden van tevoren schriftelijk te doen, dus "
                f"uiterlijk op {dutch_date(deadline)}. Mijn gewenste ingangsdatum ligt eerder. Ik vraag je "
                "om er toch naar te kijken, of samen een andere datum af te spreken.",
                note=True,
            )
        )
    blocks.append(Paragraph("Ik praat er graag met je over."))
    return _letter_frame(
        "flexibel-werken",
        "Verzoek aanpassing werk",
        "verzoek om aanpassing van mijn werk",
        fields,
        today,
        blocks,
    )


def employer_talk_sheet(
    profile: Profile, fields: LetterFields, today: date, employer_items: tuple[str, ...] = ()
) -> Letter:
    """The preparation sheet: what to tell, what to ask, what the law says, what to agree, and
    when to look back (from the date of the talk, or today)."""
    hours = profile.work_hours_per_week
    leave = (short_term_care_leave_hours(hours), long_term_care_leave_hours(hours)) if hours else (None, None)
    talk_day = fields.start_date or today
    with_whom = f" met {fields.manager}" if fields.manager else " met je leidinggevende"
    blocks: list[Block] = [
        Paragraph(employer_talk.INTRO),
    ]
    if fields.start_date:
        blocks.append(Paragraph(f"Het gesprek{with_whom} is op {dutch_date(fields.start_date)}."))
    if profile.employment in ("student", "not_working"):
        blocks.append(Paragraph(employer_talk.NO_EMPLOYER))
    blocks += [
        Heading("Wat je vertelt"),
        Paragraph(" ".join(employer_talk.situation_sentences(profile.to_dict(), with_condition=False))),
        Paragraph("Je hoeft niet alles te vertellen. Wat je naaste heeft, mag je voor jezelf houden."),
        Heading("Wat je kunt vragen"),
        Paragraph("Afspraken over flexibel werken helpen vaak meer dan verlof."),
        Bullets((*employer_talk.FLEXIBLE_OPTIONS, employer_talk.leave_option(*leave))),
    ]
    if fields.wishes:
        blocks += [Heading("Wat je zelf wilt vragen"), Paragraph(fields.wishes)]
    blocks += [
        Heading("Wat de wet zegt"),
        Bullets(tuple(employer_talk.rule_lines(profile.employer_size, employer_items))),
        Heading("Wat je afspreekt"),
        Bullets(
            (
                "wat je anders gaat doen, en vanaf wanneer",
                "hoe en wanneer je bereikbaar bent voor je naaste",
                "wie je belt als er iets misgaat met de zorg",
                "wat je collega's weten, en wie het ze vertelt",
            )
        ),
        Heading("Wanneer je terugkijkt"),
        Paragraph(employer_talk.closing(talk_day)),
    ]
    return Letter(
        kind="gesprek-werkgever",
        title=f"Voorbereiding gesprek{with_whom}",
        date=dutch_date(today),
        blocks=tuple(blocks),
        sender=(fields.name,) if fields.name else (),
    )


REQUIRED: dict[str, tuple[str, ...]] = {
    "kortdurend-zorgverlof": (),
    "langdurend-zorgverlof": ("start_date", "weeks", "hours_per_week"),
    "flexibel-werken": ("start_date",),
    "gesprek-werkgever": (),
}


def check(kind: str, profile: Profile, fields: LetterFields, label: Callable[[str], str]) -> None:
    """The rules across fields and profile; raises FieldError."""
    if profile.employment in NO_EMPLOYER:
        raise FieldError("letter_not_applicable", None)
    for name in REQUIRED[kind]:
        if getattr(fields, name) is None:
            raise FieldError("letter_field_required", name, label=label(name))
    hours = profile.work_hours_per_week
    if kind == "langdurend-zorgverlof" and hours and fields.hours_per_week and fields.weeks:
        if fields.hours_per_week > hours:
            raise FieldError(
                "leave_over_week",
                "hours_per_week",
                asked=format_number(fields.hours_per_week),
                week=format_number(hours),
            )
        maximum = long_term_care_leave_hours(hours)
        asked = fields.hours_per_week * fields.weeks
        if asked > maximum:
            raise FieldError(
                "leave_over_maximum",
                "weeks",
                asked=format_number(asked),
                maximum=format_number(maximum),
                week=format_number(hours),
            )


def build_letter(
    kind: str, profile: Profile, fields: LetterFields, today: date, employer_items: tuple[str, ...] = ()
) -> Letter:
    if kind == "kortdurend-zorgverlof":
        return short_term(profile, fields, today)
    if kind == "langdurend-zorgverlof":
        return long_term(profile, fields, today)
    if kind == "flexibel-werken":
        return flexible(profile, fields, today)
    return employer_talk_sheet(profile, fields, today, employer_items)
