"""Canned replies ("standaardantwoorden"): a tenant's short standard answers for the composer.

Every agent of a tenant reads its list (and picks one in the composer: it fills the text field,
the agent edits it, nothing is sent at once); supervisors and admins add, edit and delete them.
Another tenant's reply is a 404, as if it did not exist. The audit log records each change by id,
never the title or the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from api.desk.audit import AuditLog
from api.desk.errors import DeskError
from api.desk.records import Agent
from api.desk.tables import CANNED_REPLIES
from api.store.records import utcnow
from api.threads import in_thread

TITLE_MAX = 80
TEXT_MAX = 2000  # the composer's own limit (api/static/desk/index.html, #reply maxlength)
PER_TENANT_MAX = 200


@dataclass(frozen=True)
class CannedReply:
    id: int
    tenant_id: str
    title: str
    text: str
    updated_at: datetime

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "updated_at": self.updated_at.isoformat(),
        }


class CannedReplyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def for_tenant(self, tenant_id: str) -> list[CannedReply]:
        query = (
            select(CANNED_REPLIES)
            .where(CANNED_REPLIES.c.tenant_id == tenant_id)
            .order_by(func.lower(CANNED_REPLIES.c.title), CANNED_REPLIES.c.id)
        )
        with self.engine.connect() as connection:
            return [_reply(row) for row in connection.execute(query)]

    def get(self, tenant_id: str, reply_id: int) -> CannedReply | None:
        query = select(CANNED_REPLIES).where(
            CANNED_REPLIES.c.id == reply_id, CANNED_REPLIES.c.tenant_id == tenant_id
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
            return _reply(row) if row is not None else None

    def count(self, tenant_id: str) -> int:
        query = (
            select(func.count()).select_from(CANNED_REPLIES).where(CANNED_REPLIES.c.tenant_id == tenant_id)
        )
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar() or 0)

    def add(self, tenant_id: str, title: str, text: str) -> int:
        now = utcnow()
        values = {"tenant_id": tenant_id, "title": title, "text": text, "created_at": now, "updated_at": now}
        with self.engine.begin() as connection:
            result = connection.execute(insert(CANNED_REPLIES).values(**values))
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def edit(self, tenant_id: str, reply_id: int, title: str, text: str) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(
                update(CANNED_REPLIES)
                .where(CANNED_REPLIES.c.id == reply_id, CANNED_REPLIES.c.tenant_id == tenant_id)
                .values(title=title, text=text, updated_at=utcnow())
            )
            return result.rowcount == 1

    def remove(self, tenant_id: str, reply_id: int) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(CANNED_REPLIES).where(
                    CANNED_REPLIES.c.id == reply_id, CANNED_REPLIES.c.tenant_id == tenant_id
                )
            )
            return result.rowcount == 1


def _reply(row: Any) -> CannedReply:
    return CannedReply(row.id, row.tenant_id, row.title, row.text, row.updated_at)


def _checked(title: str, text: str) -> tuple[str, str]:
    title, text = title.strip(), text.strip()
    if not title or len(title) > TITLE_MAX:
        raise DeskError(422, "canned_title", field="title", max=TITLE_MAX)
    if not text or len(text) > TEXT_MAX:
        raise DeskError(422, "canned_text", field="text", max=TEXT_MAX)
    return title, text


class CannedReplies:
    """The rules around the store: who may change what, validation, the audit log."""

    def __init__(self, store: CannedReplyStore, audit: AuditLog) -> None:
        self.store = store
        self.audit = audit

    async def for_agent(self, agent: Agent) -> list[dict[str, Any]]:
        return [reply.public() for reply in await in_thread(self.store.for_tenant, agent.tenant_id)]

    async def add(self, agent: Agent, title: str, text: str) -> dict[str, Any]:
        self._may_manage(agent)
        title, text = _checked(title, text)
        if await in_thread(self.store.count, agent.tenant_id) >= PER_TENANT_MAX:
            raise DeskError(422, "canned_full", max=PER_TENANT_MAX)
        reply_id = await in_thread(self.store.add, agent.tenant_id, title, text)
        await self._audit(agent, "canned_add", reply_id)
        return await self._get(agent, reply_id)

    async def edit(self, agent: Agent, reply_id: int, title: str, text: str) -> dict[str, Any]:
        self._may_manage(agent)
        title, text = _checked(title, text)
        if not await in_thread(self.store.edit, agent.tenant_id, reply_id, title, text):
            raise DeskError(404, "canned_not_found")
        await self._audit(agent, "canned_edit", reply_id)
        return await self._get(agent, reply_id)

    async def remove(self, agent: Agent, reply_id: int) -> None:
        self._may_manage(agent)
        if not await in_thread(self.store.remove, agent.tenant_id, reply_id):
            raise DeskError(404, "canned_not_found")
        await self._audit(agent, "canned_delete", reply_id)

    async def _get(self, agent: Agent, reply_id: int) -> dict[str, Any]:
        reply = await in_thread(self.store.get, agent.tenant_id, reply_id)
        if reply is None:  # deleted by a colleague meanwhile
            raise DeskError(404, "canned_not_found")
        return reply.public()

    @staticmethod
    def _may_manage(agent: Agent) -> None:
        if not agent.supervises:
            raise DeskError(403, "forbidden")

    async def _audit(self, agent: Agent, action: str, reply_id: int) -> None:
        await in_thread(
            self.audit.record, action, tenant_id=agent.tenant_id, agent_id=agent.id, canned_reply=reply_id
        )
