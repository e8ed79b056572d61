"""Read the catalogue's YAML files, check every item, and build the ``Catalogue``.

``validate`` reports every problem (file, item id, field) without stopping at the first;
``load_catalogue`` raises ``CatalogueError`` when any of them is an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue.kinds import KINDS
from bot.catalogue.model import GENERIC, PLACEHOLDER_RE, SIDES, Amount, Catalogue, Item
from bot.conditions import parse_conditions
from bot.profile import CBS_CODE_RE, NEEDS, TENANT_RE

DEFAULT_ROOT: Path = Path(__file__).resolve().parents[2] / "data" / "catalogue"
EMPLOYERS_DIR = "employers"

ERROR = "error"
WARNING = "warning"

REQUIRED_FIELDS = ("id", "kind", "title", "summary", "how_to", "source", "verified_on")
OPTIONAL_FIELDS = (
    "needs",
    "conditions",
    "amount",
    "contact",
    "check",
    "municipality",
    "municipality_of",
    "tenant",
    "priority",
    "strict",
    "variant_of",
)
ITEM_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
CONTACT_FIELDS = ("name", "url", "phone", "email", "whatsapp", "chat", "hours")
SOURCE_FIELDS = ("name", "url")
AMOUNT_FIELDS = ("formula", "factor", "label", "pay")
FORMULAS = ("weeks_of_work_hours",)
AMOUNT_PLACEHOLDERS = frozenset({"weekuren", "uren"})
MAX_AGE_MONTHS = 12

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{1,18}[0-9]$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CatalogueError(ValueError):
    """The catalogue has errors; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == ERROR]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"catalogue has errors: {errors[0] if errors else 'unknown'}{more}")


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" | "warning"
    file: str
    item: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.item is not None:
            where.append(f"item {self.item}")
        if self.field is not None:
            where.append(f"field {self.field}")
        return f"{self.severity}: {': '.join(where)}: {self.message}"


@dataclass
class Report:
    """What ``validate`` found: the good items, employer names, and every problem."""

    items: list[Item] = field(default_factory=list)
    employers: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


MunicipalityCheck = Callable[[str], bool]


def load_catalogue(
    root: Path = DEFAULT_ROOT,
    today: date | None = None,
    municipality_exists: MunicipalityCheck | None = None,
) -> Catalogue:
    """Load and check the catalogue; raises ``CatalogueError`` listing the errors."""
    report = validate(root, today=today, municipality_exists=municipality_exists)
    if report.errors:
        raise CatalogueError(report.problems)
    return Catalogue(report.items, report.employers, report.warnings)


def validate(
    root: Path = DEFAULT_ROOT,
    today: date | None = None,
    municipality_exists: MunicipalityCheck | None = None,
) -> Report:
    """Check every file under ``root``; ``today`` and the municipality lookup are injectable."""
    today = today or date.today()
    report = Report()
    root = Path(root)
    if municipality_exists is None:
        municipality_exists = _places_lookup()
        if municipality_exists is None:
            report.problems.append(
                Problem(WARNING, _show_path(root), None, None, "no bot.places: codes checked for format only")
            )
    if not root.is_dir():
        report.problems.append(Problem(ERROR, _show_path(root), None, None, "catalogue folder not found"))
        return report
    paths = sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    paths = [p for p in paths if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    if not paths:
        report.problems.append(Problem(ERROR, _show_path(root), None, None, "no .yml files found"))
        return report
    checker = _ItemChecker(today, municipality_exists)
    seen: dict[str, str] = {}
    for path in paths:
        report.files += 1
        for item in _read_file(path, root, checker, report):
            if item.id in seen:
                report.problems.append(
                    Problem(ERROR, item.file, item.id, "id", f"duplicate id (also in {seen[item.id]})")
                )
                continue
            seen[item.id] = item.file
            report.items.append(item)
    _check_variants(report)
    return report


def _places_lookup() -> MunicipalityCheck | None:
    try:
        from bot.places import municipality_by_code
    except ImportError:
        return None
    return lambda code: municipality_by_code(code) is not None


def _show_path(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if duplicate:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return dict(loader.construct_mapping(node, deep=True))


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date YAML cannot build (2026-13-45) stays text, so the checks report it as a bad date."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _read_file(path: Path, root: Path, checker: _ItemChecker, report: Report) -> list[Item]:
    shown = _show_path(path)

    def problem(message: str, item: str | None = None, fld: str | None = None) -> None:
        report.problems.append(Problem(ERROR, shown, item, fld, message))

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a safe loader
    except UnicodeDecodeError as exc:
        problem(f"not UTF-8 text ({exc.reason})")
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        detail = getattr(exc, "problem", None) or str(exc)
        problem(f"YAML error: {line}{detail}")
        return []
    except (ValueError, TypeError) as exc:  # a value YAML itself cannot build
        problem(f"YAML error: {exc}")
        return []
    is_employer = path.relative_to(root).parts[0] == EMPLOYERS_DIR
    allowed_top = ("tenant", "name", "items") if is_employer else ("items",)
    if not isinstance(data, dict):
        problem(f"expected a mapping with {', '.join(allowed_top)} at the top, got {_describe(data)}")
        return []
    for key in data:
        if key not in allowed_top:
            problem(f"unknown top-level key {key!r} (allowed: {', '.join(allowed_top)})", fld=str(key))
    tenant: str | None = None
    if is_employer:
        tenant = data.get("tenant")
        if not isinstance(tenant, str) or not TENANT_RE.match(tenant):
            problem("expected a tenant id (lower case, digits, hyphens)", fld="tenant")
            tenant = None
        elif tenant != path.stem:
            problem(f"tenant {tenant!r} does not match the file name {path.name!r}", fld="tenant")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            problem("expected the employer's name", fld="name")
        elif tenant is not None:
            report.employers[tenant] = name.strip()
    entries = data.get("items")
    if not isinstance(entries, list) or not entries:
        problem(f"expected a non-empty list of items, got {_describe(entries)}", fld="items")
        return []
    items: list[Item] = []
    for index, entry in enumerate(entries):
        item = checker.check(entry, index, shown, tenant, is_employer, report.problems)
        if item is not None:
            items.append(item)
    return items


def _check_variants(report: Report) -> None:
    by_id = {item.id: item for item in report.items}
    broken: set[str] = set()
    for item in report.items:
        if item.variant_of is None:
            continue
        base = by_id.get(item.variant_of)
        if base is None:
            message = f"unknown item {item.variant_of!r}"
        elif base.variant_of is not None:
            message = f"{base.id!r} is itself a variant; point to the base item"
        elif base.kind != item.kind:
            message = f"kind {item.kind!r} differs from the base item's {base.kind!r}"
        else:
            continue
        report.problems.append(Problem(ERROR, item.file, item.id, "variant_of", message))
        broken.add(item.id)
    report.items = [item for item in report.items if item.id not in broken]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"


class _ItemChecker:
    """Checks one item's fields; collects every problem and builds the item when it has none."""

    def __init__(self, today: date, municipality_exists: MunicipalityCheck | None) -> None:
        self.today = today
        self.cutoff = _months_before(today, MAX_AGE_MONTHS)
        self.municipality_exists = municipality_exists

    def check(
        self,
        entry: Any,
        index: int,
        file: str,
        file_tenant: str | None,
        is_employer: bool,
        problems: list[Problem],
    ) -> Item | None:
        label = f"#{index + 1}"
        if not isinstance(entry, dict):
            problems.append(Problem(ERROR, file, label, None, f"expected a mapping, got {_describe(entry)}"))
            return None
        raw_id = entry.get("id")
        item_id = raw_id if isinstance(raw_id, str) and raw_id else label
        errors: list[tuple[str | None, str]] = []
        warnings: list[tuple[str | None, str]] = []

        for key in entry:
            if key not in ITEM_FIELDS:
                errors.append((str(key), f"unknown field (allowed: {', '.join(ITEM_FIELDS)})"))
        for key in REQUIRED_FIELDS:
            if entry.get(key) in (None, "", []):
                errors.append((key, "missing required field"))

        if isinstance(raw_id, str) and raw_id and not ID_RE.match(raw_id):
            errors.append(("id", f"{raw_id!r} is not kebab-case (a-z, 0-9, single hyphens)"))
        elif raw_id is not None and not isinstance(raw_id, str):
            errors.append(("id", f"expected text, got {_describe(raw_id)}"))
        kind = entry.get("kind")
        if kind is not None and kind not in KINDS:
            errors.append(("kind", f"unknown kind {kind!r} (add it to bot/catalogue/kinds.py if it is new)"))

        title = self._text(entry, "title", errors)
        summary = self._text(entry, "summary", errors)
        check_text = self._text(entry, "check", errors)
        how_to = self._how_to(entry.get("how_to"), errors)
        source = self._source(entry.get("source"), errors)
        contact = self._contact(entry.get("contact"), errors)
        verified_on = self._date(entry.get("verified_on"), errors, warnings)
        needs = self._needs(entry.get("needs"), errors)
        conditions, condition_problems = parse_conditions(entry.get("conditions"))
        errors.extend(condition_problems)
        amount = self._amount(entry.get("amount"), errors)
        municipality, side = self._municipality(entry, kind, errors)
        tenant = self._tenant(entry.get("tenant"), file_tenant, is_employer, errors)
        priority = entry.get("priority", 0)
        if isinstance(priority, bool) or not isinstance(priority, int) or not -100 <= priority <= 100:
            errors.append(("priority", f"expected a whole number from -100 to 100, got {priority!r}"))
            priority = 0
        strict = entry.get("strict", False)
        if not isinstance(strict, bool):
            errors.append(("strict", f"expected true or false, got {strict!r}"))
        variant_of = entry.get("variant_of")
        if variant_of is not None and (not isinstance(variant_of, str) or not ID_RE.match(variant_of)):
            errors.append(("variant_of", f"expected an item id, got {variant_of!r}"))
        if variant_of is not None and variant_of == raw_id:
            errors.append(("variant_of", "an item cannot be a variant of itself"))

        self._placeholders(entry, municipality, amount, errors)

        problems.extend(Problem(ERROR, file, item_id, f, m) for f, m in errors)
        problems.extend(Problem(WARNING, file, item_id, f, m) for f, m in warnings)
        if errors or verified_on is None or source is None:
            return None
        return Item(
            id=str(raw_id),
            kind=str(kind),
            title=title or "",
            summary=summary or "",
            how_to=how_to,
            source=source,
            verified_on=verified_on,
            conditions=conditions,
            needs=needs,
            amount=amount,
            contact=contact,
            check=check_text,
            municipality=municipality,
            municipality_of=side,
            tenant=tenant,
            priority=priority,
            strict=bool(strict) or variant_of is not None,
            variant_of=variant_of,
            file=file,
        )

    @staticmethod
    def _text(entry: dict[str, Any], key: str, errors: list[Any]) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            errors.append((key, f"expected text, got {_describe(value)}"))
            return None
        return value.strip()

    @staticmethod
    def _how_to(value: Any, errors: list[Any]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            errors.append(("how_to", f"expected a list of steps, got {_describe(value)}"))
            return ()
        steps: list[str] = []
        for index, step in enumerate(value):
            if not isinstance(step, str) or not step.strip():
                errors.append((f"how_to[{index}]", f"expected text, got {_describe(step)}"))
            else:
                steps.append(step.strip())
        return tuple(steps)

    @staticmethod
    def _source(value: Any, errors: list[Any]) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            errors.append(("source", f"expected a mapping with name and url, got {_describe(value)}"))
            return None
        ok = True
        for key in value:
            if key not in SOURCE_FIELDS:
                errors.append((f"source.{key}", f"unknown field (allowed: {', '.join(SOURCE_FIELDS)})"))
                ok = False
        name = value.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(("source.name", "missing required field"))
            ok = False
        url = value.get("url")
        if url is not None and (not isinstance(url, str) or not URL_RE.match(url)):
            errors.append(("source.url", f"expected an http(s) address, got {url!r}"))
            ok = False
        return {"name": name, "url": url} if ok else None

    @staticmethod
    def _contact(value: Any, errors: list[Any]) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            errors.append(("contact", f"expected a mapping, got {_describe(value)}"))
            return None
        contact: dict[str, Any] = {}
        for key, entry in value.items():
            where = f"contact.{key}"
            if key not in CONTACT_FIELDS:
                errors.append((where, f"unknown field (allowed: {', '.join(CONTACT_FIELDS)})"))
                continue
            if entry is None:
                contact[key] = None
                continue
            if isinstance(entry, int) and not isinstance(entry, bool) and key in ("phone", "whatsapp"):
                errors.append((where, f"write the number as quoted text, got {entry!r}"))
                continue
            if not isinstance(entry, str) or not entry.strip():
                errors.append((where, f"expected text, got {_describe(entry)}"))
                continue
            pattern = {"url": URL_RE, "chat": URL_RE, "phone": PHONE_RE, "whatsapp": PHONE_RE}.get(key)
            if key == "email":
                pattern = EMAIL_RE
            if pattern is not None and not pattern.match(entry.strip()):
                errors.append((where, f"{entry!r} does not look like a valid {key}"))
                continue
            contact[key] = entry.strip()
        return contact

    def _date(self, value: Any, errors: list[Any], warnings: list[Any]) -> date | None:
        if value is None:
            return None
        parsed: date | None = None
        if isinstance(value, datetime):
            errors.append(("verified_on", f"expected a date without time (YYYY-MM-DD), got {value!r}"))
            return None
        if isinstance(value, date):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = date.fromisoformat(value.strip())
            except ValueError:
                parsed = None
        if parsed is None:
            errors.append(("verified_on", f"bad date {value!r} (expected YYYY-MM-DD)"))
            return None
        if parsed > self.today:
            warnings.append(("verified_on", f"{parsed.isoformat()} lies in the future"))
        elif parsed < self.cutoff:
            warnings.append(
                ("verified_on", f"{parsed.isoformat()} is older than {MAX_AGE_MONTHS} months: check it again")
            )
        return parsed

    @staticmethod
    def _needs(value: Any, errors: list[Any]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            errors.append(("needs", f"expected a list, got {_describe(value)}"))
            return ()
        result: list[str] = []
        for need in value:
            if need not in NEEDS:
                errors.append(("needs", f"unknown value {need!r} (allowed: {', '.join(NEEDS)})"))
            elif need not in result:
                result.append(need)
        return tuple(result)

    @staticmethod
    def _amount(value: Any, errors: list[Any]) -> Amount | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            errors.append(("amount", f"expected a mapping, got {_describe(value)}"))
            return None
        ok = True
        for key in value:
            if key not in AMOUNT_FIELDS:
                errors.append((f"amount.{key}", f"unknown field (allowed: {', '.join(AMOUNT_FIELDS)})"))
                ok = False
        formula = value.get("formula")
        factor = value.get("factor")
        if formula is not None and formula not in FORMULAS:
            errors.append(("amount.formula", f"unknown formula {formula!r} (allowed: {', '.join(FORMULAS)})"))
            ok = False
        if formula is not None and (
            isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 < factor <= 52
        ):
            errors.append(("amount.factor", f"expected a number above 0 (at most 52), got {factor!r}"))
            ok = False
        if formula is None and factor is not None:
            errors.append(("amount.factor", "a factor needs a formula"))
            ok = False
        texts: dict[str, str | None] = {}
        for key in ("label", "pay"):
            text = value.get(key)
            if text is not None and (not isinstance(text, str) or not text.strip()):
                errors.append((f"amount.{key}", f"expected text, got {_describe(text)}"))
                ok = False
            texts[key] = text.strip() if isinstance(text, str) else None
        if formula is None and texts["pay"] is None:
            errors.append(("amount", "expected a formula or a pay sentence"))
            ok = False
        if not ok:
            return None
        return Amount(
            formula=formula,
            factor=float(factor) if formula is not None and factor is not None else None,
            label=texts["label"],
            pay=texts["pay"],
        )

    def _municipality(self, entry: dict[str, Any], kind: Any, errors: list[Any]) -> tuple[str | None, str]:
        value = entry.get("municipality")
        side = entry.get("municipality_of", "recipient")
        if side not in SIDES:
            errors.append(("municipality_of", f"expected recipient or caregiver, got {side!r}"))
            side = "recipient"
        if "municipality_of" in entry and value is None:
            errors.append(("municipality_of", "only for items with a municipality"))
        if value is None:
            if KINDS.get(kind) == "gemeente":
                message = f'a {kind} item needs a CBS code, or "*" for every municipality'
                errors.append(("municipality", message))
            return None, side
        if value == GENERIC:
            return GENERIC, side
        if not isinstance(value, str) or not CBS_CODE_RE.match(value):
            errors.append(("municipality", f'expected a CBS code like GM0153 or "*", got {value!r}'))
            return None, side
        if self.municipality_exists is not None and not self.municipality_exists(value):
            errors.append(("municipality", f"unknown municipality code {value!r}"))
            return None, side
        return value, side

    @staticmethod
    def _tenant(value: Any, file_tenant: str | None, is_employer: bool, errors: list[Any]) -> str | None:
        if value is None:
            return file_tenant
        if not isinstance(value, str) or not TENANT_RE.match(value):
            errors.append(("tenant", f"expected a tenant id (lower case, digits, hyphens), got {value!r}"))
            return None
        if is_employer and file_tenant is not None and value != file_tenant:
            errors.append(("tenant", f"{value!r} differs from the file's tenant {file_tenant!r}"))
        return value

    @staticmethod
    def _placeholders(
        entry: dict[str, Any], municipality: str | None, amount: Amount | None, errors: list[Any]
    ) -> None:
        allowed: set[str] = set()
        if municipality == GENERIC:
            allowed.add("gemeente")
        if amount is not None and amount.formula is not None:
            allowed |= AMOUNT_PLACEHOLDERS
        texts: list[tuple[str, Any]] = [(k, entry.get(k)) for k in ("title", "summary", "check")]
        how_to = entry.get("how_to")
        if isinstance(how_to, list):
            texts += [(f"how_to[{i}]", step) for i, step in enumerate(how_to)]
        contact = entry.get("contact")
        if isinstance(contact, dict):
            texts.append(("contact.name", contact.get("name")))
        for where, text in texts:
            if not isinstance(text, str):
                continue
            for name in PLACEHOLDER_RE.findall(text):
                if name not in allowed:
                    hint = "{gemeente} only in generic items, {weekuren}/{uren} with an amount formula"
                    errors.append((where, f"unknown placeholder {{{name}}} ({hint})"))


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    return day - timedelta(days=365)  # not reached
