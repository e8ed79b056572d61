"""Item conditions: how the catalogue writes them, how they are checked, how they match a profile.

A condition is *matched* when the profile's answer satisfies it, *failed* when the answer rules
the item out, and *open* while the field is unknown. An item is shown when no condition failed;
its open conditions are spelled out in the reasons ("als je in loondienst werkt").

Two kinds of condition need a known answer (unknown counts as failed), because they pick a whole
route that would mislead anyone it does not fit: a ``condition`` (disease-specific support) and
``wlz_indication: [yes]`` (the Wlz route via the zorgkantoor), both outside ``any_of``.
``unknown`` in a list of allowed values also accepts a field nobody answered yet:
``wlz_indication: [no, unknown]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from bot import leave
from bot.profile import ENUM_FIELDS, NUMBER_FIELDS, Profile

MATCH = 1
OPEN = 0
FAIL = -1

#: condition key -> profile field, for the keys that list allowed enum values.
ENUM_KEYS: dict[str, str] = {
    "relationship": "relationship",
    "condition": "condition",
    "employment": "employment",
    "employer_size": "employer_size",
    "wlz_indication": "wlz_indication",
    "burden": "burden",
    "needs_any": "needs",
}
#: condition key -> profile number field; the profile value must be at least the condition's.
MIN_KEYS: dict[str, str] = {
    "min_work_hours": "work_hours_per_week",
    "min_care_hours": "care_hours_per_week",
}
BOOL_KEYS: dict[str, str] = {"lives_together": "lives_together"}
#: ``care_circle: true``: the person cared for counts for zorgverlof (``bot.leave.care_circle``).
#: Matched for family the law names and for a housemate; open for a social relationship (the
#: employer may accept it when the care follows from the relationship) and while unknown; never failed.
CARE_CIRCLE = "care_circle"
ANY_OF = "any_of"
CONDITION_KEYS: tuple[str, ...] = (*ENUM_KEYS, *MIN_KEYS, *BOOL_KEYS, CARE_CIRCLE, ANY_OF)

#: YAML 1.1 reads unquoted yes/no as booleans; for these keys they mean the words.
_YAML_BOOL_WORDS: dict[str, dict[bool, str]] = {"wlz_indication": {True: "yes", False: "no"}}


@dataclass(frozen=True)
class Check:
    """One condition on one profile field."""

    key: str
    field: str
    allowed: frozenset[str] = frozenset()  # enum keys
    minimum: float | None = None  # min_* keys
    flag: bool | None = None  # bool keys
    required: bool = False  # an unknown answer fails instead of leaving the condition open

    def to_value(self) -> list[str] | float | bool | None:
        if self.allowed:
            return [v for v in ENUM_FIELDS[self.field] if v in self.allowed]
        return self.minimum if self.minimum is not None else self.flag

    @property
    def fields(self) -> tuple[str, ...]:
        """The profile fields this check reads."""
        return (self.field, "lives_together") if self.key == CARE_CIRCLE else (self.field,)

    def evaluate(self, profile: Profile) -> int:
        value = getattr(profile, self.field)
        if self.key == CARE_CIRCLE:
            circle = leave.care_circle(value, profile.lives_together)
            return MATCH if circle in (leave.CIRCLE_FAMILY, leave.CIRCLE_HOUSEMATE) else OPEN
        if self.key == "needs_any":
            if not value:
                return OPEN
            return MATCH if self.allowed.intersection(value) else FAIL
        if self.allowed:
            if value is None or value == "unknown":
                if "unknown" in self.allowed:
                    return MATCH
                return FAIL if self.required else OPEN
            if value in self.allowed:
                return MATCH
            if (
                self.key == "employment"
                and "employee" in self.allowed
                and value in leave.EMPLOYEE_IF_CONTRACT
            ):
                return OPEN  # a student with a job on an employment contract is an employee
            return FAIL
        if value is None:
            return OPEN
        if self.minimum is not None:
            return MATCH if value >= self.minimum else FAIL
        return MATCH if value == self.flag else FAIL


class Outcome(NamedTuple):
    """How an item's conditions fare against a profile (a tuple: made often, must be cheap)."""

    state: int
    matched: tuple[Check, ...] = ()
    open: tuple[Check, ...] = ()
    #: any_of still undecided: the open checks of each alternative that could still hold
    open_alternatives: tuple[tuple[Check, ...], ...] = ()


_EMPTY_MATCH = Outcome(MATCH)
_FAILED = Outcome(FAIL)


@dataclass(frozen=True)
class Conditions:
    """All ``checks`` must hold, and at least one of the ``any_of`` alternatives (if any)."""

    checks: tuple[Check, ...] = ()
    any_of: tuple[tuple[Check, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the catalogue's notation (values in the profile's enum order)."""
        out: dict[str, Any] = {check.key: check.to_value() for check in self.checks}
        if self.any_of:
            out[ANY_OF] = [{check.key: check.to_value() for check in alt} for alt in self.any_of]
        return out

    @property
    def fields(self) -> frozenset[str]:
        names = {name for c in self.checks for name in c.fields}
        names.update(name for alt in self.any_of for c in alt for name in c.fields)
        return frozenset(names)

    def evaluate(self, profile: Profile) -> Outcome:
        if not self.checks and not self.any_of:
            return _EMPTY_MATCH
        matched: list[Check] = []
        open_: list[Check] = []
        for check in self.checks:
            state = check.evaluate(profile)
            if state == FAIL:
                return _FAILED
            (matched if state == MATCH else open_).append(check)
        open_alternatives: list[tuple[Check, ...]] = []
        if self.any_of:
            for alternative in self.any_of:
                alt_open: list[Check] = []
                alt_matched: list[Check] = []
                failed = False
                for check in alternative:
                    state = check.evaluate(profile)
                    if state == FAIL:
                        failed = True
                        break
                    (alt_matched if state == MATCH else alt_open).append(check)
                if failed:
                    continue
                if not alt_open:
                    matched.extend(alt_matched)
                    open_alternatives = []
                    break
                open_alternatives.append(tuple(alt_open))
            else:
                if not open_alternatives:
                    return _FAILED
        state = OPEN if open_ or open_alternatives else MATCH
        return Outcome(state, tuple(matched), tuple(open_), tuple(open_alternatives))


def parse_conditions(raw: Any) -> tuple[Conditions, list[tuple[str, str]]]:
    """Turn the catalogue's ``conditions`` mapping into ``Conditions``.

    Returns the conditions (without the bad parts) and a list of ``(field path, problem)``.
    """
    problems: list[tuple[str, str]] = []
    if raw is None:
        return Conditions(), problems
    if not isinstance(raw, Mapping):
        return Conditions(), [("conditions", f"expected a mapping of condition keys, got {_kind(raw)}")]
    checks = _parse_checks(raw, "conditions", problems, allow_any_of=True)
    alternatives: list[tuple[Check, ...]] = []
    if ANY_OF in raw:
        value = raw[ANY_OF]
        path = f"conditions.{ANY_OF}"
        if not isinstance(value, list) or not value:
            problems.append((path, "expected a non-empty list of condition mappings"))
        else:
            for index, alternative in enumerate(value):
                alt_path = f"{path}[{index}]"
                if not isinstance(alternative, Mapping) or not alternative:
                    problems.append((alt_path, "expected a non-empty mapping of condition keys"))
                    continue
                alt_checks = _parse_checks(alternative, alt_path, problems, allow_any_of=False)
                if alt_checks:
                    alternatives.append(tuple(alt_checks))
    return Conditions(tuple(checks), tuple(alternatives)), problems


def _parse_checks(
    raw: Mapping[Any, Any], path: str, problems: list[tuple[str, str]], *, allow_any_of: bool
) -> list[Check]:
    checks: list[Check] = []
    for key, value in raw.items():
        where = f"{path}.{key}"
        if key == ANY_OF and allow_any_of:
            continue
        if key in ENUM_KEYS:
            check = _parse_enum(str(key), value, where, problems, top_level=allow_any_of)
        elif key in MIN_KEYS:
            check = _parse_min(str(key), value, where, problems)
        elif key in BOOL_KEYS:
            if isinstance(value, bool):
                check = Check(key=str(key), field=BOOL_KEYS[key], flag=value)
            else:
                problems.append((where, f"expected true or false, got {value!r}"))
                check = None
        elif key == CARE_CIRCLE:
            if value is True:
                check = Check(key=CARE_CIRCLE, field="relationship", flag=True)
            else:
                problems.append((where, f"expected true (the only value), got {value!r}"))
                check = None
        else:
            allowed = [k for k in CONDITION_KEYS if allow_any_of or k != ANY_OF]
            problems.append((where, f"unknown condition key {key!r} (allowed: {', '.join(allowed)})"))
            check = None
        if check is not None:
            checks.append(check)
    return checks


def _parse_enum(
    key: str, value: Any, where: str, problems: list[tuple[str, str]], *, top_level: bool
) -> Check | None:
    field = ENUM_KEYS[key]
    allowed_values = ENUM_FIELDS[field]
    values = value if isinstance(value, list) else [value]
    if not values:
        problems.append((where, "expected at least one value"))
        return None
    words = _YAML_BOOL_WORDS.get(key, {})
    result: set[str] = set()
    ok = True
    for item in values:
        if isinstance(item, bool) and item in words:
            item = words[item]
        if not isinstance(item, str) or item not in allowed_values:
            problems.append((where, f"unknown value {item!r} (allowed: {', '.join(allowed_values)})"))
            ok = False
            continue
        result.add(item)
    if not ok:
        return None
    allowed = frozenset(result)
    required = top_level and (key == "condition" or (key == "wlz_indication" and allowed == {"yes"}))
    return Check(key=key, field=field, allowed=allowed, required=required)


def _parse_min(key: str, value: Any, where: str, problems: list[tuple[str, str]]) -> Check | None:
    field = MIN_KEYS[key]
    low, high = NUMBER_FIELDS[field]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append((where, f"expected a number, got {value!r}"))
        return None
    if not low <= value <= high:
        problems.append((where, f"{value!r} is outside {low:g}..{high:g}"))
        return None
    return Check(key=key, field=field, minimum=float(value))


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"{type(value).__name__} {value!r}"
