"""Tenants' signing secrets, allowed origins and appearance (synchronous; call it in a thread).

A secret is 32 random bytes (URL-safe base64). Rotating keeps the old secret valid for a grace
period, so pages signed a moment ago keep working while the intranet's server takes the new one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, insert, or_, select, update

from api.desk.tables import TENANT_SECRETS, TENANTS
from api.store.records import utcnow

DEFAULT_GRACE = timedelta(hours=24)


class UnknownTenant(LookupError):
    """No tenant with that id (the CLI says so; the public API never does)."""


@dataclass(frozen=True)
class Appearance:
    """What the widget shows of the tenant once its token is accepted."""

    id: str
    name: str
    colour: str | None


class TenantKeys:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @staticmethod
    def _require(connection: Connection, tenant_id: str, lock: bool = False) -> None:
        """Raises UnknownTenant; `lock`: holds the tenant's row (PostgreSQL) so that two rotations
        at once follow each other."""
        query = select(TENANTS.c.id).where(TENANTS.c.id == tenant_id)
        if connection.execute(query.with_for_update() if lock else query).first() is None:
            raise UnknownTenant(tenant_id)

    def secret(self, tenant_id: str, rotate: bool = False, grace: timedelta = DEFAULT_GRACE) -> str:
        """The tenant's current secret; made when it has none, or (`rotate`) a new one, every
        earlier one still valid for `grace`."""
        now = utcnow()
        with self.engine.begin() as connection:
            self._require(connection, tenant_id, lock=True)
            current = TENANT_SECRETS.c.tenant_id == tenant_id, TENANT_SECRETS.c.valid_until.is_(None)
            newest = connection.scalars(
                select(TENANT_SECRETS.c.secret).where(*current).order_by(TENANT_SECRETS.c.id.desc())
            ).first()
            if newest is not None and not rotate:
                return str(newest)
            # every current row: two first calls at once (SQLite has no row lock) may have made two
            connection.execute(update(TENANT_SECRETS).where(*current).values(valid_until=now + grace))
            fresh = secrets.token_urlsafe(32)
            connection.execute(
                insert(TENANT_SECRETS).values(
                    tenant_id=tenant_id, secret=fresh, created_at=now, valid_until=None
                )
            )
            return fresh

    def valid_secrets(self, tenant_id: str, now: datetime | None = None) -> list[str]:
        """The current secret first, then rotated ones still in their grace period."""
        moment = now or utcnow()
        query = (
            select(TENANT_SECRETS.c.secret)
            .where(
                TENANT_SECRETS.c.tenant_id == tenant_id,
                or_(TENANT_SECRETS.c.valid_until.is_(None), TENANT_SECRETS.c.valid_until > moment),
            )
            .order_by(TENANT_SECRETS.c.valid_until.is_not(None), TENANT_SECRETS.c.created_at.desc())
        )
        with self.engine.connect() as connection:
            return [str(s) for s in connection.scalars(query)]

    def set_origins(self, tenant_id: str, origins: list[str]) -> None:
        with self.engine.begin() as connection:
            self._require(connection, tenant_id)
            connection.execute(update(TENANTS).where(TENANTS.c.id == tenant_id).values(origins=origins))

    def set_colour(self, tenant_id: str, colour: str | None) -> None:
        with self.engine.begin() as connection:
            self._require(connection, tenant_id)
            connection.execute(update(TENANTS).where(TENANTS.c.id == tenant_id).values(colour=colour))

    def origins(self) -> dict[str, tuple[str, ...]]:
        """Every tenant's allowed origins (tenants without any are left out)."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(TENANTS.c.id, TENANTS.c.origins))
            return {row.id: tuple(row.origins) for row in rows if row.origins}

    def appearance(self, tenant_id: str) -> Appearance | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(TENANTS.c.id, TENANTS.c.name, TENANTS.c.colour).where(TENANTS.c.id == tenant_id)
            ).first()
            return Appearance(row.id, row.name, row.colour) if row is not None else None
