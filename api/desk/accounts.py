"""Tenants, their opening hours and their desk accounts (synchronous; services call it in a thread)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from api.desk.hours import Interval, OpeningHours
from api.desk.records import Agent, Role, Tenant
from api.desk.tables import AGENTS, OPENING_HOURS, ROLES, TENANTS
from api.store.records import utcnow


class AccountError(ValueError):
    """A refused change to tenants or accounts; str() is one Dutch line."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _agent(row: Row[Any]) -> Agent:
    data = row._mapping
    return Agent(
        id=data["id"],
        tenant_id=data["tenant_id"],
        email=data["email"],
        display_name=data["display_name"],
        role=cast(Role, data["role"]),
        active=bool(data["active"]),
        password_hash=data["password_hash"],
    )


class AccountStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- tenants ---------------------------------------------------------------------------------

    def create_tenant(self, tenant_id: str, name: str, timezone: str, hours: Iterable[Interval]) -> Tenant:
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    insert(TENANTS).values(id=tenant_id, name=name, timezone=timezone, created_at=utcnow())
                )
                self._write_hours(connection, tenant_id, hours)
        except IntegrityError:
            raise AccountError(f"De organisatie '{tenant_id}' bestaat al.") from None
        tenant = self.tenant(tenant_id)
        assert tenant is not None
        return tenant

    def set_hours(self, tenant_id: str, hours: Iterable[Interval], timezone: str | None = None) -> Tenant:
        with self.engine.begin() as connection:
            if self._tenant(connection, tenant_id) is None:
                raise AccountError(f"De organisatie '{tenant_id}' bestaat niet.")
            if timezone is not None:
                connection.execute(update(TENANTS).where(TENANTS.c.id == tenant_id).values(timezone=timezone))
            connection.execute(delete(OPENING_HOURS).where(OPENING_HOURS.c.tenant_id == tenant_id))
            self._write_hours(connection, tenant_id, hours)
        tenant = self.tenant(tenant_id)
        assert tenant is not None
        return tenant

    @staticmethod
    def _write_hours(connection: Connection, tenant_id: str, hours: Iterable[Interval]) -> None:
        rows = [
            {"tenant_id": tenant_id, "weekday": i.weekday, "opens": i.opens, "closes": i.closes}
            for i in hours
        ]
        if rows:
            connection.execute(insert(OPENING_HOURS), rows)

    def tenant(self, tenant_id: str) -> Tenant | None:
        with self.engine.connect() as connection:
            return self._tenant(connection, tenant_id)

    @staticmethod
    def _tenant(connection: Connection, tenant_id: str) -> Tenant | None:
        row = connection.execute(select(TENANTS).where(TENANTS.c.id == tenant_id)).first()
        if row is None:
            return None
        hours = connection.execute(
            select(OPENING_HOURS.c.weekday, OPENING_HOURS.c.opens, OPENING_HOURS.c.closes).where(
                OPENING_HOURS.c.tenant_id == tenant_id
            )
        )
        intervals = tuple(sorted(Interval(r.weekday, r.opens, r.closes) for r in hours))
        return Tenant(row.id, row.name, row.timezone, OpeningHours(row.timezone, intervals))

    def tenants(self) -> list[Tenant]:
        with self.engine.connect() as connection:
            ids = list(connection.scalars(select(TENANTS.c.id).order_by(TENANTS.c.id)))
            return [t for t in (self._tenant(connection, i) for i in ids) if t is not None]

    # --- agents ----------------------------------------------------------------------------------

    def create_agent(
        self, tenant_id: str, email: str, display_name: str, role: Role, password_hash: str
    ) -> Agent:
        if role not in ROLES:
            raise AccountError(f"Onbekende rol '{role}' (kies uit {', '.join(ROLES)}).")
        agent_id = str(uuid.uuid4())
        try:
            with self.engine.begin() as connection:
                if self._tenant(connection, tenant_id) is None:
                    raise AccountError(f"De organisatie '{tenant_id}' bestaat niet.")
                connection.execute(
                    insert(AGENTS).values(
                        id=agent_id,
                        tenant_id=tenant_id,
                        email=normalise_email(email),
                        display_name=display_name.strip(),
                        role=role,
                        password_hash=password_hash,
                        active=True,
                        created_at=utcnow(),
                    )
                )
        except IntegrityError:
            address = normalise_email(email)
            raise AccountError(f"Er is al een account met het e-mailadres {address}.") from None
        agent = self.agent(agent_id)
        assert agent is not None
        return agent

    def agent(self, agent_id: str) -> Agent | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(AGENTS).where(AGENTS.c.id == agent_id)).first()
            return _agent(row) if row is not None else None

    def agent_by_email(self, email: str) -> Agent | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(AGENTS).where(AGENTS.c.email == normalise_email(email))).first()
            return _agent(row) if row is not None else None

    def agents(self, tenant_id: str | None = None) -> list[Agent]:
        query = select(AGENTS).order_by(AGENTS.c.tenant_id, AGENTS.c.email)
        if tenant_id is not None:
            query = query.where(AGENTS.c.tenant_id == tenant_id)
        with self.engine.connect() as connection:
            return [_agent(row) for row in connection.execute(query)]

    def agent_names(self, agent_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(agent_ids))
        if not ids:
            return {}
        with self.engine.connect() as connection:
            rows = connection.execute(select(AGENTS.c.id, AGENTS.c.display_name).where(AGENTS.c.id.in_(ids)))
            return {row.id: row.display_name for row in rows}

    def set_password(self, agent_id: str, password_hash: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(AGENTS).where(AGENTS.c.id == agent_id).values(password_hash=password_hash)
            )

    def set_active(self, email: str, active: bool) -> Agent:
        with self.engine.begin() as connection:
            result = connection.execute(
                update(AGENTS).where(AGENTS.c.email == normalise_email(email)).values(active=active)
            )
            if result.rowcount != 1:
                raise AccountError(f"Er is geen account met het e-mailadres {normalise_email(email)}.")
        agent = self.agent_by_email(email)
        assert agent is not None
        return agent

    def note_login(self, agent_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(AGENTS).where(AGENTS.c.id == agent_id).values(last_login_at=utcnow()))

    def count_agents(self, tenant_id: str) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count())
                    .select_from(AGENTS)
                    .where(AGENTS.c.tenant_id == tenant_id, AGENTS.c.active.is_(True))
                ).scalar_one()
            )
