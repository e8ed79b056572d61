"""An employer's own arrangements, managed in the desk by the tenant's admins ("Regelingen").

An admin uploads the employer's YAML file (the format of data/catalogue/employers/*.yml). It is
checked by the catalogue's own schema and checks (``bot.catalogue.validate_employer_text``), plus
what an upload may not do (another tenant, a kind other than the employer's own, a municipality);
the problems come back in Dutch with their line and field, and the items as a person sees them.
"Publiceren" stores the text as the tenant's next version and makes it the active one; going
back is publishing an earlier version again. The active version is written atomically to
``MW_EMPLOYERS_DIR/<tenant>.yml``, where the action server's catalogue picks it up on its next
message (``bot.catalogue.live``). Migration: ``api/migrations/versions/*_0008_arrangements.py``.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import anyio.to_thread
import yaml
from sqlalchemy import (
    Boolean,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from api.desk.errors import DeskError
from api.desk.records import Agent
from api.desk.tables import TENANTS
from api.store.models import Base, BigId, UtcDateTime
from api.store.records import utcnow
from api.texts import desk as texts
from bot.catalogue import DEFAULT_ROOT, Catalogue, Problem, Report, default_catalogue
from bot.catalogue.kinds import EMPLOYER_KINDS
from bot.catalogue.loader import ERROR, overlay_files, validate_employer_text
from bot.engine import recommend
from bot.profile import Profile

logger = logging.getLogger(__name__)

#: The largest file accepted (characters); the example file is about 4,500.
MAX_YAML_CHARS = 100_000
#: The situation the preview shows the items for: someone working 32 hours a week for a parent.
PREVIEW_PROFILE = {"relationship": "parent", "work_hours_per_week": 32.0}


class ArrangementRow(Base):
    """One uploaded version of a tenant's arrangements (the YAML text as uploaded)."""

    __tablename__ = "employer_arrangements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "version", name="uq_employer_arrangements_version"),
        Index("ix_employer_arrangements_active", "tenant_id", "active"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    yaml_text: Mapped[str] = mapped_column(Text)
    items: Mapped[int] = mapped_column(Integer)  # how many arrangements the file holds
    uploaded_by: Mapped[str | None] = mapped_column(String(36))  # agent id
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_by: Mapped[str | None] = mapped_column(String(36))  # who last made it the active one
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=False)


def _table(row: type[Base]) -> Table:
    table = row.__table__
    assert isinstance(table, Table)
    return table


ARRANGEMENTS = _table(ArrangementRow)


# --- checking an upload ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem of an upload, for the admin: Dutch, with where it is."""

    severity: str  # "error" | "warning"
    message: str
    line: int | None = None
    item: str | None = None
    field: str | None = None
    detail: str | None = None  # the catalogue checker's own (English) words, for a developer

    def public(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "line": self.line,
            "item": self.item,
            "field": self.field,
            "message": self.message,
            "detail": self.detail,
        }


@dataclass
class Check:
    """What an upload holds: its findings and, when it has no errors, the items as shown."""

    findings: list[Finding] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    def public(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": [f.public() for f in self.findings if f.severity == ERROR],
            "warnings": [f.public() for f in self.findings if f.severity != ERROR],
            "items": self.items if self.ok else [],
        }


#: The catalogue checker's messages (bot.catalogue: loader, schema x-messages) -> a Dutch text of
#: api/texts/desk.py ARRANGEMENT_PROBLEMS; the first that matches wins. Named groups fill it in.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^YAML error", "yaml"),
        (r"^not UTF-8", "yaml"),
        (r"^tenant '(?P<value>[^']*)' does not match the file name", "other_tenant"),
        (r"^'(?P<value>[^']*)' differs from the file's tenant", "other_tenant"),
        (r"^expected a mapping with tenant, name, items", "top"),
        (r"^missing required top-level key '(?P<key>[^']*)'", "missing_top"),
        (r"^unknown top-level key '(?P<key>[^']*)'", "unknown_top"),
        (r"^missing required field", "missing"),
        (r"^unknown field", "unknown_field"),
        (r"^unknown condition key '(?P<key>[^']*)'", "unknown_condition"),
        (r"^unknown kind '(?P<value>[^']*)'", "kind"),
        (r"is not kebab-case", "id"),
        (r"^duplicate id", "duplicate_id"),
        (r"^expected a tenant id", "tenant_id"),
        (r"^expected the employer's name", "name"),
        (r"^expected a non-empty list of items", "no_items"),
        (r"^expected at least one step", "no_steps"),
        (r"^expected at least one", "at_least_one"),
        (r"^bad date", "date"),
        (r"lies in the future", "future"),
        (r"older than \d+ months", "old"),
        (r"was last seen current", "stale"),
        (r"does not look like a valid url", "url"),
        (r"does not look like a valid (?:phone|whatsapp)|write the number as quoted text", "phone"),
        (r"does not look like a valid email", "email"),
        (r"does not look like a valid chat", "url"),
        (r"^unknown placeholder \{(?P<key>[^}]*)\}", "placeholder"),
        (r"^unknown value '(?P<value>[^']*)' \(allowed: (?P<allowed>[^)]*)\)", "value"),
        (r"^expected one of (?P<allowed>.*), got '(?P<value>[^']*)'", "value"),
        (r"^expected a number above 0", "factor"),
        (r"^expected a formula or a pay sentence", "amount"),
        (r"^a factor needs a formula", "amount"),
        (r"^expected a whole number", "priority"),
        (r"^expected text", "text"),
        (r"^expected a mapping, got", "item"),
        (r"^expected (?:a list|a mapping|true or false|a number|a whole number|text)", "type"),
    )
)


def _dutch(problem: Problem) -> tuple[str, str | None]:
    """(Dutch message, the checker's own words) of one problem."""
    for pattern, key in _MESSAGES:
        match = pattern.search(problem.message)
        if match:
            values = {"value": "", "key": "", "allowed": "", **match.groupdict(default="")}
            return texts.ARRANGEMENT_PROBLEMS[key].format(**values), problem.message
    return texts.ARRANGEMENT_PROBLEMS["other"], problem.message


class _Lines:
    """Line numbers of an uploaded YAML text: of an item (by id or position) and a field in it."""

    def __init__(self, text: str) -> None:
        try:
            self.root: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            self.root = None

    def of(self, item: str | None, field_path: str | None) -> int | None:
        node = self.root
        if not isinstance(node, yaml.MappingNode):
            return None
        if item is not None:
            entries = self._get(node, "items")
            if not isinstance(entries, yaml.SequenceNode):
                return None
            node = self._item(entries, item)
            if node is None:
                return None
        line = node.start_mark.line + 1
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", field_path or ""):
            found: yaml.Node | None
            if part.startswith("[") and isinstance(node, yaml.SequenceNode):
                index = int(part[1:-1])
                found = node.value[index] if index < len(node.value) else None
            else:
                found = self._get(node, part)
            if found is None:
                break
            node = found
            line = node.start_mark.line + 1
        return line

    @staticmethod
    def _get(node: yaml.Node, key: str) -> yaml.Node | None:
        if not isinstance(node, yaml.MappingNode):
            return None
        for key_node, value in node.value:
            if getattr(key_node, "value", None) == key:
                return value if not isinstance(value, yaml.ScalarNode) or value.value != "" else key_node
        return None

    def _item(self, entries: yaml.SequenceNode, label: str) -> yaml.Node | None:
        if label.startswith("#") and label[1:].isdigit():
            index = int(label[1:]) - 1
            return entries.value[index] if 0 <= index < len(entries.value) else None
        for entry in entries.value:
            id_node = self._get(entry, "id")
            if isinstance(id_node, yaml.ScalarNode) and id_node.value == label:
                return entry
        return None


def _yaml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _upload_rules(text: str, lines: _Lines) -> list[Finding]:
    """What the catalogue allows but an upload may not: another kind than the employer's own, or a
    municipality (an employer's file speaks for the employer only)."""
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)  # all plain text: a bad date cannot stop it
    except yaml.YAMLError:
        return []
    entries = data.get("items") if isinstance(data, dict) else None
    found: list[Finding] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        raw_id = entry.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"
        kind = entry.get("kind")
        if isinstance(kind, str) and kind not in EMPLOYER_KINDS:
            found.append(
                Finding(
                    ERROR,
                    texts.ARRANGEMENT_PROBLEMS["kind"].format(value=kind),
                    lines.of(label, "kind"),
                    label,
                    "kind",
                )
            )
        for key in ("municipality", "municipality_of"):
            if key in entry:
                message = texts.ARRANGEMENT_PROBLEMS["municipality"]
                found.append(Finding(ERROR, message, lines.of(label, key), label, key))
    return found


def check_upload(
    text: str,
    tenant: str,
    employers_dir: Path | None,
    root: Path = DEFAULT_ROOT,
    today: date | None = None,
) -> Check:
    """Every problem of ``text`` as ``tenant``'s employer file, in Dutch, and the items as a person
    sees them (for a person working 32 hours a week for a parent) when there are no errors."""
    if len(text) > MAX_YAML_CHARS:
        return Check([Finding(ERROR, texts.ARRANGEMENT_PROBLEMS["too_long"].format(max=MAX_YAML_CHARS))])
    if not text.strip():
        return Check([Finding(ERROR, texts.ARRANGEMENT_PROBLEMS["empty"])])
    lines = _Lines(text)
    report = validate_employer_text(text, tenant, root, overlay_files(employers_dir), today=today)
    findings = _upload_rules(text, lines)
    seen = {(f.item, f.field) for f in findings}
    for problem in report.problems:
        if (problem.item, problem.field) in seen and problem.field in ("kind", "municipality"):
            continue  # said already, in the upload's own words
        message, detail = _dutch(problem)
        line = lines.of(problem.item, problem.field)
        if problem.message.startswith("YAML error"):
            line = _yaml_line(problem.message)
        elif problem.item is None and problem.field is None:
            line = None
        findings.append(Finding(problem.severity, message, line, problem.item, problem.field, detail))
    findings.sort(key=lambda f: (f.severity != ERROR, f.line or 0))
    check = Check(findings, count=len(report.items))
    if check.ok:
        check.items = _preview(report, tenant, employers_dir, root)
    return check


def _preview(report: Report, tenant: str, employers_dir: Path | None, root: Path) -> list[dict[str, Any]]:
    """The employer's items, and the law's items that name what it adds, as the engine renders them."""
    base = _catalogue(employers_dir, root)
    others = [item for item in base.items if item.tenant != tenant]
    employers = {**base.employers, **report.employers}
    sizes = {**base.employer_sizes, **report.employer_sizes}
    catalogue = Catalogue([*others, *report.items], employers, (), sizes)
    profile = Profile.from_dict({**PREVIEW_PROFILE, "tenant": tenant})
    shown = recommend(profile, catalogue, tenant)
    own = {item.id for item in report.items}
    added_to = {kind for item in report.items for kind in item.adds_to}
    items = [i for i in shown if i["id"] in own or (i["tenant"] is None and i["kind"] in added_to)]
    listed = {i["id"] for i in items}
    for item in report.items:  # not for this example person (other conditions): shown as written
        if item.id not in listed and item.variant_of is None:
            items.append(item.to_dict())
    return items


def _catalogue(employers_dir: Path | None, root: Path) -> Catalogue:
    if root == DEFAULT_ROOT and not overlay_files(employers_dir):
        return default_catalogue()
    from bot.catalogue.live import load_with_overlay

    return load_with_overlay(employers_dir, root)


# --- versions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    version: int
    items: int
    uploaded_by: str | None
    uploaded_at: datetime
    published_by: str | None
    published_at: datetime | None
    active: bool

    def public(self, names: dict[str, str]) -> dict[str, Any]:
        return {
            "version": self.version,
            "items": self.items,
            "uploaded_by": names.get(self.uploaded_by or ""),
            "uploaded_at": self.uploaded_at.isoformat(),
            "published_by": names.get(self.published_by or ""),
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "active": self.active,
        }


def _version(row: Any) -> Version:
    data = row._mapping
    return Version(
        version=data["version"],
        items=data["items"],
        uploaded_by=data["uploaded_by"],
        uploaded_at=data["uploaded_at"],
        published_by=data["published_by"],
        published_at=data["published_at"],
        active=bool(data["active"]),
    )


_VERSION_COLUMNS = (
    ARRANGEMENTS.c.version,
    ARRANGEMENTS.c["items"],
    ARRANGEMENTS.c.uploaded_by,
    ARRANGEMENTS.c.uploaded_at,
    ARRANGEMENTS.c.published_by,
    ARRANGEMENTS.c.published_at,
    ARRANGEMENTS.c.active,
)


class ArrangementStore:
    """The versions (synchronous; the service calls it in a thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def publish_new(self, tenant_id: str, text: str, items: int, agent_id: str) -> int:
        """Stores ``text`` as the tenant's next version and makes it the active one."""
        now = utcnow()
        with self.engine.begin() as connection:
            self._lock_tenant(connection, tenant_id)
            last = connection.execute(
                select(func.max(ARRANGEMENTS.c.version)).where(ARRANGEMENTS.c.tenant_id == tenant_id)
            ).scalar()
            version = int(last or 0) + 1
            self._deactivate(connection, tenant_id)
            connection.execute(
                insert(ARRANGEMENTS).values(
                    tenant_id=tenant_id,
                    version=version,
                    yaml_text=text,
                    items=items,
                    uploaded_by=agent_id,
                    uploaded_at=now,
                    published_by=agent_id,
                    published_at=now,
                    active=True,
                )
            )
        return version

    def publish_again(self, tenant_id: str, version: int, agent_id: str) -> bool:
        """Makes an earlier version the active one; False when the tenant has no such version."""
        with self.engine.begin() as connection:
            self._lock_tenant(connection, tenant_id)
            where = (ARRANGEMENTS.c.tenant_id == tenant_id) & (ARRANGEMENTS.c.version == version)
            if connection.execute(select(ARRANGEMENTS.c.id).where(where)).first() is None:
                return False
            self._deactivate(connection, tenant_id)
            connection.execute(
                update(ARRANGEMENTS)
                .where(where)
                .values(active=True, published_by=agent_id, published_at=utcnow())
            )
        return True

    @staticmethod
    def _lock_tenant(connection: Any, tenant_id: str) -> None:
        """One publication of a tenant at a time (PostgreSQL: a row lock; SQLite: one writer anyway)."""
        connection.execute(select(TENANTS.c.id).where(TENANTS.c.id == tenant_id).with_for_update())

    @staticmethod
    def _deactivate(connection: Any, tenant_id: str) -> None:
        connection.execute(
            update(ARRANGEMENTS)
            .where((ARRANGEMENTS.c.tenant_id == tenant_id) & ARRANGEMENTS.c.active)
            .values(active=False)
        )

    def versions(self, tenant_id: str) -> list[Version]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(*_VERSION_COLUMNS)
                .where(ARRANGEMENTS.c.tenant_id == tenant_id)
                .order_by(ARRANGEMENTS.c.version.desc())
            )
            return [_version(row) for row in rows]

    def text(self, tenant_id: str, version: int) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(ARRANGEMENTS.c.yaml_text).where(
                    (ARRANGEMENTS.c.tenant_id == tenant_id) & (ARRANGEMENTS.c.version == version)
                )
            ).scalar()

    def active_texts(self, tenant_id: str | None = None) -> dict[str, str]:
        """tenant -> the YAML text of its active version (of one tenant, or of all)."""
        query = select(ARRANGEMENTS.c.tenant_id, ARRANGEMENTS.c.yaml_text).where(ARRANGEMENTS.c.active)
        if tenant_id is not None:
            query = query.where(ARRANGEMENTS.c.tenant_id == tenant_id)
        with self.engine.connect() as connection:
            return {row.tenant_id: row.yaml_text for row in connection.execute(query)}


# --- the folder the action server reads -------------------------------------------------------------


class EmployersFolder:
    """Writes each tenant's active version to ``<folder>/<tenant>.yml``, atomically (a temporary
    file in the same folder, then a rename): a reader sees the old file or the new one."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()

    def write(self, tenant_id: str, text: str) -> bool:
        """True when the file changed."""
        target = self.folder / f"{tenant_id}.yml"
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                if target.read_text(encoding="utf-8") == text:
                    return False
            except OSError:
                pass
            handle, temporary = tempfile.mkstemp(prefix=f".{tenant_id}.", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return True

    def write_all(self, texts_by_tenant: dict[str, str]) -> int:
        return sum(self.write(tenant, text) for tenant, text in sorted(texts_by_tenant.items()))


# --- the service -----------------------------------------------------------------------------------


class ArrangementService:
    """The desk's "Regelingen": only a tenant's admins; always their own tenant."""

    def __init__(
        self,
        store: ArrangementStore,
        folder: EmployersFolder,
        names: Callable[[list[str]], dict[str, str]],
        root: Path = DEFAULT_ROOT,
    ) -> None:
        self.store = store
        self.folder = folder
        self.names = names  # agent ids -> display names (AccountStore.agent_names)
        self.root = root

    def sync_files(self) -> int:
        """Writes every tenant's active version to the folder (at start-up: a new or emptied folder,
        another replica's publication). Returns how many files changed."""
        changed = self.folder.write_all(self.store.active_texts())
        if changed:
            logger.info("employers folder: %d file(s) written from the active versions", changed)
        return changed

    @staticmethod
    def _admin(agent: Agent) -> None:
        if agent.role != "admin":
            raise DeskError(403, "admin_only")

    async def overview(self, agent: Agent) -> dict[str, Any]:
        """The tenant's versions, newest first, with who uploaded and published them."""
        self._admin(agent)
        versions = await anyio.to_thread.run_sync(self.store.versions, agent.tenant_id)
        ids: Iterable[str | None] = (x for v in versions for x in (v.uploaded_by, v.published_by))
        names = await anyio.to_thread.run_sync(self.names, sorted({i for i in ids if i}))
        return {
            "tenant": agent.tenant_id,
            "active_version": next((v.version for v in versions if v.active), None),
            "versions": [v.public(names) for v in versions],
        }

    async def check(self, agent: Agent, text: str) -> Check:
        self._admin(agent)
        return await anyio.to_thread.run_sync(
            lambda: check_upload(text, agent.tenant_id, self.folder.folder, self.root)
        )

    async def publish(self, agent: Agent, text: str) -> tuple[int, Check]:
        """Checks, stores as the next version, makes it active and writes the file; 422
        ``arrangements_invalid`` (with the findings) when the file has errors: nothing changes."""
        check = await self.check(agent, text)
        if not check.ok:
            raise InvalidArrangements(check)
        version = await anyio.to_thread.run_sync(
            self.store.publish_new, agent.tenant_id, text, check.count, agent.id
        )
        await self._write(agent.tenant_id)
        return version, check

    async def publish_again(self, agent: Agent, version: int) -> Check:
        """An earlier version becomes the active one again (checked again: the catalogue around it
        may have changed since)."""
        self._admin(agent)
        text = await anyio.to_thread.run_sync(self.store.text, agent.tenant_id, version)
        if text is None:
            raise DeskError(404, "version_not_found")
        check = await self.check(agent, text)
        if not check.ok:
            raise InvalidArrangements(check)
        if not await anyio.to_thread.run_sync(self.store.publish_again, agent.tenant_id, version, agent.id):
            raise DeskError(404, "version_not_found")
        await self._write(agent.tenant_id)
        return check

    async def version_text(self, agent: Agent, version: int) -> str:
        self._admin(agent)
        text = await anyio.to_thread.run_sync(self.store.text, agent.tenant_id, version)
        if text is None:
            raise DeskError(404, "version_not_found")
        return text

    async def _write(self, tenant_id: str) -> None:
        """The tenant's active version (read again: of two publications at once, the last one
        committed) to the folder."""
        active = await anyio.to_thread.run_sync(self.store.active_texts, tenant_id)
        if tenant_id in active:
            await anyio.to_thread.run_sync(self.folder.write, tenant_id, active[tenant_id])


class InvalidArrangements(DeskError):
    """422 with the Dutch findings of the upload."""

    def __init__(self, check: Check) -> None:
        super().__init__(422, "arrangements_invalid")
        self.check = check


def make_arrangements(folder: Path, engine: Engine, accounts: Any) -> ArrangementService:
    """The service, with the folder brought up to date from the database (a new or emptied folder,
    or a publication on another replica while this one was down)."""
    service = ArrangementService(ArrangementStore(engine), EmployersFolder(folder), accounts.agent_names)
    try:
        service.sync_files()
    except (OSError, SQLAlchemyError):
        logger.exception("employers folder: the active versions could not be written")
    return service
