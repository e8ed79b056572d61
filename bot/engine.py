"""The recommendation engine: which catalogue items fit a profile, why, how much, in what order.

``recommend`` is deterministic: the same profile and catalogue always give the same list.

Reached through an employer's intranet (a tenant with an employer file in the catalogue), the
person works there: ``with_employer_facts`` fills in employment and the employer's size, the
employer's own arrangements come first, and the law's item names what the employer adds to it
(an arrangement's ``adds_to``) in its ``amount``, beside what the law pays.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from bot import reasons as txt
from bot.catalogue.kinds import DEFAULT_EMPLOYER_SIZE, RELIEF_KINDS
from bot.catalogue.model import BOTH, GENERIC, PLACEHOLDER_RE, SIDES, Catalogue, Item, copy_item_dict
from bot.conditions import CARE_CIRCLE, FAIL, MATCH, OPEN, Check, Outcome
from bot.leave import care_leave_hours
from bot.profile import ENUM_FIELDS, NUMBER_FIELDS, Profile

# --- ranking -----------------------------------------------------------------------------------
#: Base weight per kind. Talking with the employer and flexibility help working caregivers most
#: (SCP 2019, Twente Maatwerkbox), so they start high; a catalogue item adds its own ``priority``.
KIND_WEIGHT: dict[str, int] = {
    "gesprek-werkgever": 30,
    "kortdurend-zorgverlof": 28,
    "flexibel-werken": 27,
    "calamiteitenverlof": 24,
    "langdurend-zorgverlof": 20,
    "mantelzorgsteunpunt": 22,
    "wmo-loket": 21,
    "ziektespecifieke-steun": 20,
    "mantelzorglijn": 18,
    "respijtzorg-dagbesteding": 16,
    "respijtzorg-logeeropvang": 15,
    "respijtzorg-thuis": 15,
    "wlz-indicatie": 14,
    "werkgeversregeling": 16,
    "mantelzorgmakelaar": 12,
    "huishoudelijke-hulp": 12,
    "mantelzorgwaardering": 10,
    "huisarts": 10,
    "pgb-mantelzorg": 8,
    "lotgenotencontact": 6,
    "crisishulp": 6,
    # wave 2 (issue 12): the route that fits the situation comes before general help
    "palliatieve-zorg": 26,
    "ondernemer-en-zorg": 26,
    "jeugdhulp": 20,
    "casemanager-dementie": 19,
    "naastenondersteuning-ggz": 17,
    "wijkverpleging": 13,
    "ouderschapsverlof": 12,
    "clientondersteuning": 9,
}
MATCHED_BONUS = 40  # every condition known and met
OPEN_PENALTY = 8  # per condition still open
NEEDS_BONUS = 25  # the item serves a need the person named
BURDEN_BONUS = {"heavy": 30, "moderate": 12}  # for RELIEF_KINDS
TENANT_BONUS = 24  # the person's own employer's arrangement
EMPLOYER_FIRST = 3  # how many of the employer's arrangements go before everything else
LOCAL_BONUS = 5  # an item of the person's own municipality rather than the generic one
#: The route for this situation (matched on who is cared for or their condition: the Jeugdwet for a
#: child, the casemanager for dementia) comes before help that fits everyone.
SITUATION_BONUS = 8
_SITUATION_KEYS = frozenset({"condition", "relationship"})
#: Per matched condition: an item that fits more of what the person told (a small employer) comes
#: before one that fits anyone.
SPECIFIC_BONUS = 4

#: Order of importance for open questions: what decides most for a working caregiver first.
QUESTION_ORDER: tuple[str, ...] = (
    "employment",
    "relationship",
    "recipient_municipality",
    "work_hours_per_week",
    "burden",
    "condition",
    "employer_size",
    "wlz_indication",
    "caregiver_municipality",
    "care_hours_per_week",
    "lives_together",
    "needs",
)
_NO_CATALOGUE_CODE = "GM0000"  # stands for "a municipality without items of its own"


class _Pick(NamedTuple):
    item: Item
    outcome: Outcome
    code: str | None = None  # municipality code that selected a municipal item
    hints: tuple[tuple[Item, Outcome], ...] = ()  # variants whose conditions are still open
    side: str | None = None  # whose municipality selected it: "recipient" or "caregiver"
    #: a generic item of either side's municipality, found for both: the other side's code
    also_code: str | None = None
    #: a statutory item: the person's employer's arrangements that add to it (``adds_to``)
    additions: tuple[Item, ...] = ()


def recommend(profile: Profile, catalogue: Catalogue, tenant: str | None = None) -> list[dict[str, Any]]:
    """Items for this profile, best first, each with Dutch ``reasons`` and ``amount``.

    The employer's own arrangements (of ``tenant``) come first, at most ``EMPLOYER_FIRST`` of them:
    an employer with many arrangements must not push respite care or a helpline out of the overview;
    its others are ranked with everything else, without the bonus of being the employer's."""
    tenant = tenant if tenant is not None else profile.tenant
    profile = with_employer_facts(profile, catalogue, tenant)
    scored = [
        (*_scored_render(pick, profile, catalogue), pick.item) for pick in _select(profile, catalogue, tenant)
    ]
    scored.sort(key=lambda entry: (-entry[0], entry[2].id))
    employers = [item.id for _, _, item in scored if item.tenant is not None]  # best first
    employer_first = set(employers[:EMPLOYER_FIRST])

    def place(entry: tuple[int, dict[str, Any], Item]) -> tuple[bool, int, str]:
        score, _, item = entry
        if item.tenant is not None and item.id not in employer_first:
            score -= TENANT_BONUS  # the others compete as any item would
        return (item.id not in employer_first, -score, item.id)

    scored.sort(key=place)
    return [copy_item_dict(rendered) for _, rendered, _ in scored]


def with_employer_facts(profile: Profile, catalogue: Catalogue, tenant: str | None = None) -> Profile:
    """The profile as the employer's intranet tells it: the person works there (``employee``), at
    an employer of the size its file gives. Only for a tenant with an employer file, and only what
    the person did not say otherwise (a zzp'er hired there keeps ``self_employed``)."""
    tenant = tenant if tenant is not None else profile.tenant
    if tenant is None or tenant not in catalogue.employers:
        return profile
    changes: dict[str, Any] = {}
    if profile.employment is None:
        changes["employment"] = "employee"
    if profile.employer_size is None and changes.get("employment", profile.employment) == "employee":
        changes["employer_size"] = catalogue.employer_sizes.get(tenant, DEFAULT_EMPLOYER_SIZE)
    return dataclasses.replace(profile, **changes) if changes else profile


def open_questions(
    profile: Profile, catalogue: Catalogue, tenant: str | None = None, shown: int | None = None
) -> list[str]:
    """Unknown profile fields whose answer would change the recommendations, most important first.

    A field counts when one of its possible answers adds or removes an item, settles an item that
    was shown on a condition ("als je in loondienst werkt"), or lets the engine name the
    municipality or compute an amount. With ``shown`` (the overview shows only the best
    ``shown`` items), a field also counts when an answer changes which items those are: how heavy
    the care is moves respite care up, for instance. The order is ``QUESTION_ORDER``.
    """
    tenant = tenant if tenant is not None else profile.tenant
    profile = with_employer_facts(profile, catalogue, tenant)
    baseline = _view(profile, catalogue, tenant, shown)
    return [
        name
        for name in QUESTION_ORDER
        if not profile.is_known(name) and _changes(profile, name, catalogue, tenant, shown, baseline)
    ]


def _view(profile: Profile, catalogue: Catalogue, tenant: str | None, shown: int | None) -> tuple[Any, ...]:
    """What the person would see: the signature of all items, and the best ``shown`` of them."""
    signature = _signature(_select(profile, catalogue, tenant), profile)
    if shown is None:
        return (signature,)
    best = frozenset(item["id"] for item in recommend(profile, catalogue, tenant)[:shown])
    return (signature, best)


def _changes(
    profile: Profile,
    name: str,
    catalogue: Catalogue,
    tenant: str | None,
    shown: int | None,
    baseline: tuple[Any, ...],
) -> bool:
    for value in _trial_values(name, catalogue):
        trial = dataclasses.replace(profile, **{name: value})
        if _view(trial, catalogue, tenant, shown) != baseline:
            return True
    return False


# --- selection ---------------------------------------------------------------------------------


def municipality_for(profile: Profile, side: str) -> str | None:
    """The municipality that decides for this side; living together, the other side's counts."""
    own, other = (
        (profile.recipient_municipality, profile.caregiver_municipality)
        if side == "recipient"
        else (profile.caregiver_municipality, profile.recipient_municipality)
    )
    if own is None and profile.lives_together:
        return other
    return own


def _select(profile: Profile, catalogue: Catalogue, tenant: str | None) -> list[_Pick]:
    picks: list[_Pick] = []
    variants = catalogue.variants
    groups: list[tuple[Iterable[Item], str | None, str | None]] = [(catalogue.national, None, None)]
    if tenant is not None:
        groups.append((catalogue.by_tenant.get(tenant, ()), None, None))
    for municipal_side in SIDES:
        code = municipality_for(profile, municipal_side)
        groups.append((catalogue.municipal_items(municipal_side, code), code, municipal_side))
    either_side: dict[str, int] = {}  # id of an item of either side's municipality -> index in picks
    some_place_known = any(municipality_for(profile, s) for s in SIDES)
    for items, code, side in groups:
        for item in items:
            if item.municipality_of == BOTH and code is None and some_place_known:
                continue  # the side whose place is known has this kind of help already
            if item.municipality_of == BOTH and item.id in either_side:
                # found again for the other side: once in the list, naming the other place too
                index = either_side[item.id]
                if code is not None and picks[index].code not in (None, code):
                    picks[index] = picks[index]._replace(also_code=code)
                continue
            pick = _pick(item, variants.get(item.id), profile, code)
            if pick is not None:
                if tenant is not None and item.tenant is None:
                    pick = pick._replace(additions=_additions(pick.item, profile, catalogue, tenant))
                if item.municipality_of == BOTH:
                    either_side[item.id] = len(picks)
                picks.append(pick._replace(side=side))
    return picks


def _additions(item: Item, profile: Profile, catalogue: Catalogue, tenant: str) -> tuple[Item, ...]:
    """The employer's arrangements adding to this statutory item that may apply to the person."""
    found = catalogue.additions.get((tenant, item.kind), ())
    return tuple(extra for extra in found if extra.conditions.evaluate(profile).state != FAIL)


def _pick(item: Item, variants: tuple[Item, ...] | None, profile: Profile, code: str | None) -> _Pick | None:
    hints: list[tuple[Item, Outcome]] = []
    if variants:
        for variant in variants:
            outcome = variant.conditions.evaluate(profile)
            if outcome.state == MATCH:
                return _Pick(variant, outcome, code)
            if outcome.state == OPEN:
                hints.append((variant, outcome))
    outcome = item.conditions.evaluate(profile)
    if outcome.state == FAIL or (outcome.state == OPEN and item.strict):
        return None
    return _Pick(item, outcome, code, tuple(hints))


def _signature(picks: list[_Pick], profile: Profile) -> frozenset[tuple[Any, ...]]:
    """What a person would see change: the items, the conditions they still hang on, and whether
    their place and amount are known."""
    hours_known = bool(profile.work_hours_per_week)
    return frozenset(
        (
            pick.item.id,
            pick.outcome.open,
            pick.outcome.open_alternatives,
            pick.item.municipality is not None and pick.code is not None,
            hours_known and pick.item.amount is not None and pick.item.amount.formula is not None,
        )
        for pick in picks
    )


def _trial_values(name: str, catalogue: Catalogue) -> list[Any]:
    if name in ENUM_FIELDS:
        values = [v for v in ENUM_FIELDS[name] if v != "unknown"]
        return [(v,) for v in values] if name == "needs" else values
    if name == "lives_together":
        return [True, False]
    if name in NUMBER_FIELDS:
        return [0.0, *_thresholds(catalogue, name), NUMBER_FIELDS[name][1] / 2]
    if name in ("recipient_municipality", "caregiver_municipality"):
        side = "recipient" if name == "recipient_municipality" else "caregiver"
        return [*catalogue.municipality_codes(side), _NO_CATALOGUE_CODE]
    return []


@lru_cache(maxsize=32)
def _thresholds(catalogue: Catalogue, field: str) -> tuple[float, ...]:
    values: set[float] = set()
    for item in catalogue.items:
        for check in _all_checks(item):
            if check.field == field and check.minimum is not None:
                values.add(check.minimum)
    return tuple(sorted(values))


def _all_checks(item: Item) -> Iterable[Check]:
    yield from item.conditions.checks
    for alternative in item.conditions.any_of:
        yield from alternative


# --- ranking -----------------------------------------------------------------------------------


def _score(pick: _Pick, profile: Profile) -> int:
    item, outcome = pick.item, pick.outcome
    score = KIND_WEIGHT.get(item.kind, 0) + item.priority
    if outcome.state == MATCH:
        score += MATCHED_BONUS
    if any(check.key in _SITUATION_KEYS for check in outcome.matched):
        score += SITUATION_BONUS
    score += SPECIFIC_BONUS * len(outcome.matched)
    score -= OPEN_PENALTY * (len(outcome.open) + len(outcome.open_alternatives))
    if profile.needs and set(item.needs).intersection(profile.needs):
        score += NEEDS_BONUS
    if profile.burden in BURDEN_BONUS and item.kind in RELIEF_KINDS:
        score += BURDEN_BONUS[profile.burden]
    if item.tenant is not None:
        score += TENANT_BONUS
    if item.municipality not in (None, GENERIC):
        score += LOCAL_BONUS
    score -= item.staleness_penalty()  # facts older than 3 years never rank above current ones
    return score


# --- rendering ---------------------------------------------------------------------------------


RENDER_CACHE_LIMIT = 10_000  # about 2 kB each: at most some 20 MB


def _scored_render(pick: _Pick, profile: Profile, catalogue: Catalogue) -> tuple[int, dict[str, Any]]:
    """Score and the item as the person sees it, memoised on what both depend on.

    The rendered dict is shared by the cache: copy it before it leaves the engine.
    """
    cache = catalogue.engine_cache
    key = _render_key(pick, profile, catalogue)
    entry: tuple[int, dict[str, Any]] | None = cache.get(key)
    if entry is None:
        if len(cache) >= RENDER_CACHE_LIMIT:
            cache.clear()
        entry = (_score(pick, profile), _render(pick, profile, catalogue))
        cache[key] = entry
    return entry


def _render_key(pick: _Pick, profile: Profile, catalogue: Catalogue) -> tuple[Any, ...]:
    """Everything of the profile a rendered item depends on (and nothing more)."""
    item = pick.item
    facts = _render_facts(item, catalogue)
    values = [getattr(profile, name) for name in facts.fields]
    if facts.relief:
        values.append(profile.burden)
    if facts.hours:
        values.append(profile.work_hours_per_week)
    wanted = tuple(need for need in profile.needs if need in facts.needs) if profile.needs else ()
    name = _display_name(pick.code) if pick.code is not None else None
    if item.municipality_of == BOTH:  # "waar je naaste en jij wonen" depends on both places
        values.append(_same_place(profile))
    if pick.additions:  # what the employer adds: its name, and its hours for this working week
        values.append(tuple(extra.id for extra in pick.additions))
        values.append(profile.work_hours_per_week)
    return (item.id, pick.code, pick.side, pick.also_code, name, wanted, *values)


@dataclass(frozen=True)
class _RenderFacts:
    fields: tuple[str, ...]  # profile fields the conditions of the item (and its variants) read
    relief: bool  # burden changes the reasons
    hours: bool  # work hours change the amount
    needs: frozenset[str]


def _render_facts(item: Item, catalogue: Catalogue) -> _RenderFacts:
    key = ("facts", item.id)
    facts: _RenderFacts | None = catalogue.engine_cache.get(key)
    if facts is None:
        names = set(item.conditions.fields)
        for variant in catalogue.variants.get(item.id, ()):
            names |= variant.conditions.fields
        facts = _RenderFacts(
            fields=tuple(sorted(names)),
            relief=item.kind in RELIEF_KINDS,
            hours=item.amount is not None and item.amount.formula is not None,
            needs=frozenset(item.needs),
        )
        catalogue.engine_cache[key] = facts
    return facts


def _render(pick: _Pick, profile: Profile, catalogue: Catalogue) -> dict[str, Any]:
    item = pick.item
    data = item.to_dict()
    if item.has_placeholders:
        values = _placeholder_values(pick, profile)
        known = pick.code is not None and _display_name(pick.code) is not None
        for key in ("title", "summary", "check"):
            if isinstance(data[key], str):
                data[key] = _fill(data[key], values, known)
        data["how_to"] = [_fill(step, values, known) for step in data["how_to"]]
        contact = data["contact"]
        if contact and isinstance(contact.get("name"), str):
            contact["name"] = _fill(contact["name"], values, known)
    if item.is_generic and pick.code is not None:
        data["municipality"] = pick.code
    data["reasons"] = _reasons(pick, profile, catalogue)
    data["amount"] = _amount(item, profile)
    if pick.additions:
        added = [_employer_addition(extra, profile, catalogue) for extra in pick.additions]
        data["amount"] = " ".join(part for part in (data["amount"], *added) if part)
    return data


def employer_additions(
    profile: Profile, catalogue: Catalogue, kinds: Iterable[str], tenant: str | None = None
) -> list[str]:
    """What the person's own employer adds to the law's leave of these kinds, a Dutch sentence
    each (for an answer about pay); empty without a tenant or such arrangements."""
    tenant = tenant if tenant is not None else profile.tenant
    if tenant is None:
        return []
    profile = with_employer_facts(profile, catalogue, tenant)
    seen: dict[str, Item] = {}
    for kind in kinds:
        for extra in catalogue.additions.get((tenant, kind), ()):
            if extra.conditions.evaluate(profile).state != FAIL:
                seen.setdefault(extra.id, extra)
    return [_employer_addition(extra, profile, catalogue) for extra in seen.values()]


def _employer_addition(extra: Item, profile: Profile, catalogue: Catalogue) -> str:
    """'Daarbovenop geeft Voorbeeld Zorggroep: Extra betaald zorgverlof. Maximaal 32 uur …'"""
    employer = catalogue.employers.get(extra.tenant or "")
    return txt.employer_addition_sentence(employer, extra.title, _amount(extra, profile))


def _reasons(pick: _Pick, profile: Profile, catalogue: Catalogue) -> list[str]:
    item, outcome = pick.item, pick.outcome
    out: list[str] = []
    if item.tenant is not None:
        out.append(txt.tenant_sentence(catalogue.employers.get(item.tenant)))
        laws = [_kind_label(kind, catalogue) for kind in item.adds_to]
        if laws:
            out.append(txt.adds_to_sentence(laws))
    # a condition that holds only because "unknown" is allowed is still worth spelling out
    assumed = [check for check in outcome.matched if _assumed(check, profile)]
    matched = [txt.matched_clause(check, profile) for check in outcome.matched if check not in assumed]
    open_parts = [txt.open_clause(check, profile) for check in (*outcome.open, *assumed)]
    if outcome.open_alternatives:
        alternatives = [
            [txt.open_clause(check, profile) for check in alt] for alt in outcome.open_alternatives
        ]
        open_parts.append(txt.alternatives_clause(alternatives))
    if matched:
        out.append(txt.matched_sentence(matched, still_open=bool(open_parts or item.applies_if)))
    if open_parts:
        out.append(txt.open_sentence(open_parts, after_matched=bool(matched)))
    if item.applies_if:
        # what no answer can settle (the care is necessary, ...): said, never promised, in a
        # sentence of its own so "en" and "of" of different conditions never mix
        out.append(txt.applies_if_sentence(item.applies_if, after=bool(matched or open_parts)))
    if any(check.key == CARE_CIRCLE for check in _all_checks(item)):
        note = txt.circle_note(profile)
        if note:
            out.append(note)
    if item.municipality is not None:
        name = _display_name(pick.code) if pick.code is not None else None
        side = _side(pick)
        both_here = item.municipality_of == BOTH and _same_place(profile)
        out.append(txt.municipality_sentence(side, name, both_here))
        if pick.also_code is not None:
            other = "caregiver" if side == "recipient" else "recipient"
            out.append(txt.also_municipality_sentence(other, _display_name(pick.also_code)))
    if not out:
        out.append(txt.FOR_EVERYONE)
    shared = set(item.conditions.checks)
    for variant, variant_outcome in pick.hints:
        clauses = [txt.open_clause(check) for check in variant_outcome.open if check not in shared]
        if clauses:
            out.append(txt.variant_sentence(clauses, variant.title))
    wanted = [need for need in profile.needs if need in item.needs]
    if wanted:
        out.append(txt.needs_sentence(wanted))
    if profile.burden in txt.BURDEN_SENTENCES and item.kind in RELIEF_KINDS:
        out.append(txt.BURDEN_SENTENCES[profile.burden])
    out.extend(txt.stale_sentences(item.stale_year(), local=item.municipality is not None))
    return out


def _kind_label(kind: str, catalogue: Catalogue) -> str:
    """How the law's item of this kind is named: 'kortdurend zorgverlof'."""
    for item in catalogue.by_kind.get(kind, ()):
        if item.tenant is None and item.variant_of is None:
            return txt.amount_label(item.title)
    return kind.replace("-", " ")


def _side(pick: _Pick) -> str:
    """Whose municipality an item belongs to; for an item of either side's, the side that found it."""
    if pick.item.municipality_of == BOTH:
        return pick.side or SIDES[0]
    return pick.item.municipality_of


def _same_place(profile: Profile) -> bool:
    recipient = municipality_for(profile, "recipient")
    return recipient is not None and recipient == municipality_for(profile, "caregiver")


def _assumed(check: Check, profile: Profile) -> bool:
    return "unknown" in check.allowed and getattr(profile, check.field) in (None, "unknown")


def _amount(item: Item, profile: Profile) -> str | None:
    amount = item.amount
    if amount is None:
        return None
    parts: list[str] = []
    if amount.formula == "weeks_of_work_hours" and amount.factor is not None:
        label = amount.label or txt.amount_label(item.title)
        week = profile.work_hours_per_week
        hours = care_leave_hours(amount.factor, week) if week else None
        parts.append(txt.leave_amount_sentence(label, amount.factor, week, hours))
    if amount.pay:
        parts.append(amount.pay)
    return " ".join(parts) if parts else None


def _placeholder_values(pick: _Pick, profile: Profile) -> dict[str, str]:
    item = pick.item
    values: dict[str, str] = {}
    if item.is_generic:
        name = _display_name(pick.code) if pick.code is not None else None
        values["gemeente"] = name or txt.UNKNOWN_MUNICIPALITY[_side(pick)]
    if item.amount is not None and item.amount.factor is not None:
        week = profile.work_hours_per_week or None
        if week is None:
            values["weekuren"] = txt.UNKNOWN_WEEK_HOURS
            values["uren"] = txt.unknown_leave_hours(item.amount.factor)
        else:
            values["weekuren"] = txt.format_number(week)
            values["uren"] = txt.format_number(care_leave_hours(item.amount.factor, week))
    return values


_GEMEENTE_RE = re.compile(r"\b(?:([Dd])e )?([Gg])emeente \{gemeente\}")


def _fill(text: str, values: dict[str, str], municipality_known: bool = True) -> str:
    if not municipality_known and "gemeente" in values:
        # "de gemeente {gemeente}" + "de gemeente waar je naaste woont": say "gemeente" once
        phrase = values["gemeente"]
        text = _GEMEENTE_RE.sub(
            lambda m: txt.capitalise(phrase) if (m.group(1) or m.group(2)).isupper() else phrase, text
        )
    filled = PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    return txt.capitalise(filled) if text.startswith("{") else filled


@lru_cache(maxsize=512)
def _display_name(code: str) -> str | None:
    try:
        from bot.places import municipality_by_code
    except ImportError:
        return None
    municipality = municipality_by_code(code)
    return municipality.display_name if municipality is not None else None
