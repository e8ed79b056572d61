"""Read the catalogue's YAML files, check every item, and build the ``Catalogue``.

Each file is checked against the JSON Schema (``bot.catalogue.schema``, ``validator``); this module
adds the checks a schema cannot make: unique ids, variants, municipality codes that exist,
placeholders, dates against today, the employer file's tenant. ``validate`` reports every problem
(file, item id, field) without stopping at the first; ``load_catalogue`` raises ``CatalogueError``
when any of them is an error.

Employer files may come from elsewhere too: ``employer_files`` (file name -> path) replaces the file
of that name under ``employers/`` or adds one. The desk's uploads arrive that way
(``overlay_files``, a folder the gateway writes), and ``validate_employer_text`` checks one upload
in the company of the whole catalogue.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue.kinds import DEFAULT_EMPLOYER_SIZE
from bot.catalogue.model import (
    GENERIC,
    PLACEHOLDER_RE,
    STALE_AFTER_YEARS,
    Amount,
    Catalogue,
    Item,
    fact_seen_date,
)
from bot.catalogue.schema import PATH_PATTERN
from bot.catalogue.validator import normalise, schema_problems
from bot.conditions import parse_conditions
from bot.profile import TENANT_RE

DEFAULT_ROOT: Path = Path(__file__).resolve().parents[2] / "data" / "catalogue"
EMPLOYERS_DIR = "employers"

ERROR = "error"
WARNING = "warning"

AMOUNT_PLACEHOLDERS = frozenset({"weekuren", "uren"})
MAX_AGE_MONTHS = 12
_PATH_RE = re.compile(PATH_PATTERN)


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
    employer_sizes: dict[str, str] = field(default_factory=dict)
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
    employer_files: Mapping[str, Path] | None = None,
) -> Catalogue:
    """Load and check the catalogue; raises ``CatalogueError`` listing the errors."""
    report = validate(
        root, today=today, municipality_exists=municipality_exists, employer_files=employer_files
    )
    if report.errors:
        raise CatalogueError(report.problems)
    return Catalogue(report.items, report.employers, report.warnings, report.employer_sizes)


def overlay_files(folder: Path | None) -> dict[str, Path]:
    """The employer files in ``folder`` (``<tenant>.yml``), by file name; none when it is missing."""
    if folder is None or not Path(folder).is_dir():
        return {}
    return {
        path.name: path
        for path in sorted(Path(folder).iterdir())
        if path.suffix in (".yml", ".yaml") and not path.name.startswith(".") and path.is_file()
    }


def validate_employer_text(
    text: str,
    tenant: str,
    root: Path = DEFAULT_ROOT,
    employer_files: Mapping[str, Path] | None = None,
    today: date | None = None,
    municipality_exists: MunicipalityCheck | None = None,
) -> Report:
    """Check ``text`` as the employer file of ``tenant``, in place of its current file, together
    with the rest of the catalogue (so an id another file has is found). The report holds that
    file's items and only its problems, with ``file`` the file's name (``<tenant>.yml``)."""
    name = f"{tenant}.yml"
    with tempfile.TemporaryDirectory(prefix="mw-employer-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        files = {**(employer_files or {}), name: path}
        files.pop(f"{tenant}.yaml", None)  # one file per tenant
        full = validate(root, today=today, municipality_exists=municipality_exists, employer_files=files)
        shown = _show_path(path)
    report = Report(files=1)
    report.items = [dataclasses.replace(item, file=name) for item in full.items if item.file == shown]
    if tenant in full.employers:
        report.employers[tenant] = full.employers[tenant]
    if tenant in full.employer_sizes:
        report.employer_sizes[tenant] = full.employer_sizes[tenant]
    for problem in full.problems:
        if problem.file == shown:
            report.problems.append(dataclasses.replace(problem, file=name))
        elif problem.message.endswith(f"(also in {shown})"):  # an id of the upload's, kept there
            report.problems.append(
                Problem(ERROR, name, problem.item, problem.field, f"duplicate id (also in {problem.file})")
            )
    return report


def validate(
    root: Path = DEFAULT_ROOT,
    today: date | None = None,
    municipality_exists: MunicipalityCheck | None = None,
    employer_files: Mapping[str, Path] | None = None,
) -> Report:
    """Check every file under ``root``; ``today`` and the municipality lookup are injectable.
    ``employer_files`` (file name -> path) replace or add files of ``employers/``."""
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
    files = [(path, path.relative_to(root).parts[0] == EMPLOYERS_DIR) for path in paths]
    if employer_files:
        # an employer's own version replaces the built-in file of the same name; read last
        replaced = set(employer_files)
        files = [(p, employer) for p, employer in files if not (employer and p.name in replaced)]
        files += [(Path(employer_files[name]), True) for name in sorted(employer_files)]
    checker = _ItemChecker(today, municipality_exists)
    seen: dict[str, str] = {}
    for path, is_employer in files:
        report.files += 1
        for item in _read_file(path, is_employer, checker, report):
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


def _read_file(path: Path, is_employer: bool, checker: _ItemChecker, report: Report) -> list[Item]:
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
    data = normalise(data)
    by_item: dict[int, list[tuple[str | None, str]]] = {}
    for index, fld, message in schema_problems(data, is_employer):
        if index is None:
            problem(message, fld=fld)
        else:
            by_item.setdefault(index, []).append((fld, message))
    if not isinstance(data, dict):
        return []
    tenant = data.get("tenant") if is_employer and isinstance(data.get("tenant"), str) else None
    if tenant is not None and TENANT_RE.match(tenant):
        if tenant != path.stem:
            problem(f"tenant {tenant!r} does not match the file name {path.name!r}", fld="tenant")
        name = data.get("name")
        if isinstance(name, str) and name.strip():
            report.employers[tenant] = name.strip()
        size = data.get("size")
        report.employer_sizes[tenant] = size if isinstance(size, str) else DEFAULT_EMPLOYER_SIZE
    entries = data.get("items")
    if not isinstance(entries, list):
        return []
    items: list[Item] = []
    for index, entry in enumerate(entries):
        label = _label(entry, index)
        errors = by_item.get(index, [])
        if errors:
            report.problems.extend(Problem(ERROR, shown, label, f, m) for f, m in errors)
            continue
        item = checker.build(entry, shown, tenant, is_employer, report.problems)
        if item is not None:
            items.append(item)
    return items


def _label(entry: Any, index: int) -> str:
    raw_id = entry.get("id") if isinstance(entry, dict) else None
    return raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"


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


class _ItemChecker:
    """Builds an item the schema accepted, with the checks a schema cannot make: municipality
    codes that exist, placeholders that fit the item, dates against today, the file's tenant."""

    def __init__(self, today: date, municipality_exists: MunicipalityCheck | None) -> None:
        self.today = today
        self.cutoff = _months_before(today, MAX_AGE_MONTHS)
        self.municipality_exists = municipality_exists

    def build(
        self,
        entry: dict[str, Any],
        file: str,
        file_tenant: str | None,
        is_employer: bool,
        problems: list[Problem],
    ) -> Item | None:
        item_id = str(entry["id"])
        errors: list[tuple[str | None, str]] = []
        warnings: list[tuple[str | None, str]] = []
        verified_on = date.fromisoformat(entry["verified_on"])
        if verified_on > self.today:
            warnings.append(("verified_on", f"{verified_on.isoformat()} lies in the future"))
        elif verified_on < self.cutoff:
            warnings.append(
                (
                    "verified_on",
                    f"{verified_on.isoformat()} is older than {MAX_AGE_MONTHS} months: check it again",
                )
            )
        fact_seen = self._fact_seen(entry.get("fact_seen"), verified_on, errors)
        conditions, condition_problems = parse_conditions(entry.get("conditions"))
        errors.extend(condition_problems)
        municipality = entry.get("municipality")
        exists = self.municipality_exists
        if isinstance(municipality, str) and municipality != GENERIC and exists and not exists(municipality):
            errors.append(("municipality", f"unknown municipality code {municipality!r}"))
        tenant = entry.get("tenant", file_tenant)
        if is_employer and file_tenant is not None and tenant != file_tenant:
            errors.append(("tenant", f"{tenant!r} differs from the file's tenant {file_tenant!r}"))
        variant_of = entry.get("variant_of")
        if variant_of is not None and variant_of == item_id:
            errors.append(("variant_of", "an item cannot be a variant of itself"))
        contact_url = (entry.get("contact") or {}).get("url")
        if not is_employer and isinstance(contact_url, str) and _PATH_RE.match(contact_url):
            errors.append(("contact.url", "an intranet path only in an employer's file; use https://"))
        adds_to = tuple(entry.get("adds_to") or ())
        if adds_to and not is_employer:
            errors.append(("adds_to", "only an employer's arrangement adds to what the law gives"))
        amount = _amount(entry.get("amount"))
        _placeholders(entry, municipality, amount, errors)
        problems.extend(Problem(ERROR, file, item_id, f, m) for f, m in errors)
        problems.extend(Problem(WARNING, file, item_id, f, m) for f, m in warnings)
        if errors:
            return None
        item = Item(
            id=item_id,
            kind=str(entry["kind"]),
            title=entry["title"].strip(),
            summary=entry["summary"].strip(),
            how_to=tuple(step.strip() for step in entry["how_to"]),
            source={"name": entry["source"]["name"].strip(), "url": entry["source"].get("url")},
            verified_on=verified_on,
            conditions=conditions,
            needs=tuple(dict.fromkeys(entry.get("needs") or ())),
            amount=amount,
            contact=_contact(entry.get("contact")),
            check=entry["check"].strip() if entry.get("check") else None,
            municipality=municipality,
            municipality_of=entry.get("municipality_of", "recipient"),
            tenant=tenant,
            priority=entry.get("priority", 0),
            strict=bool(entry.get("strict", False)) or variant_of is not None,
            variant_of=variant_of,
            adds_to=adds_to,
            applies_if=tuple(clause.strip() for clause in entry.get("applies_if") or ()),
            source_checked=entry.get("source_checked"),
            fact_seen=fact_seen,
            file=file,
        )
        year = item.stale_year(self.today)
        if year is not None:
            message = f"the fact was last seen current in {year}, more than {STALE_AFTER_YEARS} years ago"
            problems.append(
                Problem(WARNING, file, item_id, "fact_seen", f"{message}: ranked below current items")
            )
        return item

    def _fact_seen(self, value: Any, verified_on: date, errors: list[Any]) -> str | None:
        if value is None:
            return None
        text = str(value)
        seen = fact_seen_date(text)
        if seen is None:
            errors.append(("fact_seen", f"bad date {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)"))
        elif date(seen.year, 1, 1) > verified_on:
            errors.append(("fact_seen", f"{text} lies after verified_on ({verified_on.isoformat()})"))
        return text


def _amount(value: Any) -> Amount | None:
    if value is None:
        return None
    formula = value.get("formula")
    factor = value.get("factor")
    label, pay = value.get("label"), value.get("pay")
    return Amount(
        formula=formula,
        factor=float(factor) if formula is not None and factor is not None else None,
        label=label.strip() if isinstance(label, str) else None,
        pay=pay.strip() if isinstance(pay, str) else None,
    )


def _contact(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    return {key: entry.strip() if isinstance(entry, str) else entry for key, entry in value.items()}


def _placeholders(entry: dict[str, Any], municipality: Any, amount: Amount | None, errors: list[Any]) -> None:
    allowed: set[str] = set()
    if municipality == GENERIC:
        allowed.add("gemeente")
    if amount is not None and amount.formula is not None:
        allowed |= AMOUNT_PLACEHOLDERS
    texts: list[tuple[str, Any]] = [(k, entry.get(k)) for k in ("title", "summary", "check")]
    texts += [(f"how_to[{i}]", step) for i, step in enumerate(entry.get("how_to") or [])]
    texts += [(f"applies_if[{i}]", clause) for i, clause in enumerate(entry.get("applies_if") or [])]
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
