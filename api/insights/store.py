"""Recording the anonymous facts of each conversation, and reading them per month (synchronous;
the gateway calls it in a worker thread).

A conversation gets its row the first time there is something to count (an overview, or a request
for a person) and keeps it, found through `insight_links`, while it exists: a second overview
updates the row, it never adds one. The month is the month the conversation started (Amsterdam
time), so a conversation counts once, in that month.
"""

from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, delete, insert, select, update

from api.desk.tables import TENANTS
from api.insights.payload import Insight
from api.insights.tables import INSIGHT_LINKS, INSIGHTS
from api.store.records import ConversationRecord, utcnow
from bot.profile import CBS_CODE_RE

ZONE = ZoneInfo("Europe/Amsterdam")
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_MONTH = re.compile(MONTH_PATTERN)


def month_of(moment: datetime) -> str:
    """ "2026-12": the month of a moment in Amsterdam."""
    return moment.astimezone(ZONE).strftime("%Y-%m")


def last_finished_month(now: datetime) -> str:
    """The month before `now`'s (Amsterdam): the newest whose figures are shown."""
    local = now.astimezone(ZONE)
    year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def is_finished(month: str, now: datetime) -> bool:
    """Only finished months are shown: figures that still change as people talk would give away
    one person's answers to whoever compares two readings."""
    return month <= last_finished_month(now)


def is_month(value: str) -> bool:
    return bool(_MONTH.match(value))


def is_municipality(code: str) -> bool:
    return bool(CBS_CODE_RE.match(code))


@dataclass(frozen=True)
class Fact:
    """One conversation as the figures count it (no id, no time, no text)."""

    needs: tuple[str, ...]
    burden: str | None
    kinds: tuple[str, ...]
    asked_for_person: bool
    waited_minutes: int | None


@dataclass(frozen=True)
class TenantScope:
    id: str
    name: str
    municipality: str | None


class UnknownTenant(LookupError):
    pass


class InsightStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- recording (the gateway's hooks) ---------------------------------------------------------

    def record_overview(self, conversation: ConversationRecord, insight: Insight) -> None:
        """The bot showed an overview: its needs, burden and municipality replace the row's (the
        person may have corrected them), its kinds are added to those shown before."""
        with self.engine.begin() as connection:
            key = self._key(connection, conversation)
            shown = connection.execute(select(INSIGHTS.c.kinds).where(INSIGHTS.c.key == key)).scalar_one()
            connection.execute(
                update(INSIGHTS)
                .where(INSIGHTS.c.key == key)
                .values(
                    needs=list(insight.needs),
                    burden=insight.burden,
                    # only the public site's conversations are counted for a municipality
                    municipality=insight.municipality if conversation.tenant is None else None,
                    kinds=sorted(set(shown or ()) | set(insight.kinds)),
                )
            )

    def record_asked(self, conversation: ConversationRecord) -> None:
        """The conversation was handed to a person (asked for, or by the bot)."""
        with self.engine.begin() as connection:
            key = self._key(connection, conversation)
            connection.execute(update(INSIGHTS).where(INSIGHTS.c.key == key).values(asked_for_person=True))

    def record_state(self, conversation: ConversationRecord, now: datetime | None = None) -> None:
        """Waiting for the desk starts the clock; the first claim records how long it took."""
        now = now or utcnow()
        with self.engine.begin() as connection:
            link = connection.execute(
                select(INSIGHT_LINKS).where(INSIGHT_LINKS.c.conversation_id == conversation.id)
            ).first()
            if link is None:
                return
            where = INSIGHT_LINKS.c.conversation_id == conversation.id
            if conversation.state == "waiting":
                if link.waiting_since is None:
                    connection.execute(update(INSIGHT_LINKS).where(where).values(waiting_since=now))
                return
            if conversation.state == "assigned" and link.waiting_since is not None:
                minutes = max(0, math.floor((now - link.waiting_since).total_seconds() / 60 + 0.5))
                connection.execute(
                    update(INSIGHTS)
                    .where(INSIGHTS.c.key == link.insight_key, INSIGHTS.c.waited_minutes.is_(None))
                    .values(waited_minutes=minutes, asked_for_person=True)
                )
            connection.execute(update(INSIGHT_LINKS).where(where).values(waiting_since=None))

    def forget(self, conversation_id: str) -> bool:
        """The person's erasure: their row goes (the link with it). True when there was one."""
        with self.engine.begin() as connection:
            key = connection.execute(
                select(INSIGHT_LINKS.c.insight_key).where(INSIGHT_LINKS.c.conversation_id == conversation_id)
            ).scalar()
            if key is None:
                return False
            connection.execute(delete(INSIGHT_LINKS).where(INSIGHT_LINKS.c.insight_key == key))
            connection.execute(delete(INSIGHTS).where(INSIGHTS.c.key == key))
            return True

    def _key(self, connection: Connection, conversation: ConversationRecord) -> str:
        """The key of the conversation's row, made (with the row) the first time."""
        found = connection.execute(
            select(INSIGHT_LINKS.c.insight_key).where(INSIGHT_LINKS.c.conversation_id == conversation.id)
        ).scalar()
        if found is not None:
            return str(found)
        key = secrets.token_urlsafe(24)
        connection.execute(
            insert(INSIGHTS).values(
                key=key,
                tenant=conversation.tenant,
                municipality=None,
                month=month_of(conversation.created_at),
                needs=[],
                burden=None,
                kinds=[],
                asked_for_person=False,
            )
        )
        # under the conversation's lock: no other turn makes it meanwhile (the primary key would refuse)
        connection.execute(insert(INSIGHT_LINKS).values(conversation_id=conversation.id, insight_key=key))
        return key

    # --- reading (the figures) -------------------------------------------------------------------

    def facts(self, month: str, *, tenant: str | None = None, municipality: str | None = None) -> list[Fact]:
        """A tenant's conversations of `month`; with `municipality` (and no tenant) the public
        site's conversations about people who live there."""
        query = select(
            INSIGHTS.c.needs,
            INSIGHTS.c.burden,
            INSIGHTS.c.kinds,
            INSIGHTS.c.asked_for_person,
            INSIGHTS.c.waited_minutes,
        ).where(INSIGHTS.c.month == month)
        if tenant is not None:
            query = query.where(INSIGHTS.c.tenant == tenant)
        elif municipality is not None:
            query = query.where(INSIGHTS.c.tenant.is_(None), INSIGHTS.c.municipality == municipality)
        else:
            raise ValueError("a tenant or a municipality")
        with self.engine.connect() as connection:
            return [
                Fact(
                    needs=tuple(_strings(row.needs)),
                    burden=row.burden,
                    kinds=tuple(_strings(row.kinds)),
                    asked_for_person=bool(row.asked_for_person),
                    waited_minutes=row.waited_minutes,
                )
                for row in connection.execute(query)
            ]

    def tenant(self, tenant_id: str) -> TenantScope:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(TENANTS.c.id, TENANTS.c.name, TENANTS.c.municipality).where(TENANTS.c.id == tenant_id)
            ).first()
        if row is None:
            raise UnknownTenant(tenant_id)
        return TenantScope(row.id, row.name, row.municipality)

    def set_municipality(self, tenant_id: str, code: str | None) -> TenantScope:
        """The municipality whose residents' public-site figures the tenant sees (None: none)."""
        if code is not None and not is_municipality(code):
            raise ValueError(code)
        with self.engine.begin() as connection:
            where = TENANTS.c.id == tenant_id
            done = connection.execute(update(TENANTS).where(where).values(municipality=code))
            if not done.rowcount:
                raise UnknownTenant(tenant_id)
        return self.tenant(tenant_id)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
