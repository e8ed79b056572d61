"""Desk sessions: a random token in an HttpOnly, SameSite=Strict cookie, stored only as its hash.

The CSRF token is derived from the session token (HMAC), so it needs no storage: the page gets it
from the login answer or `GET /desk/api/me` and sends it back in the `X-CSRF-Token` header of every
state-changing request. A session ends after `idle` without requests or at its absolute expiry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Engine, delete, select, update

from api.desk.tables import AGENT_SESSIONS
from api.store.records import utcnow

COOKIE = "mw_desk_session"
CSRF_HEADER = "X-CSRF-Token"
# Requests within this long of the last one do not write last_seen_at again.
_TOUCH_EVERY = timedelta(seconds=60)


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(token: str) -> str:
    return hmac.new(token.encode(), b"mantelwijzer-desk-csrf", hashlib.sha256).hexdigest()


def csrf_matches(token: str, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(csrf_token(token), sent or "")


@dataclass(frozen=True)
class SessionCheck:
    status: Literal["valid", "expired", "unknown"]
    agent_id: str | None = None


class SessionStore:
    def __init__(self, engine: Engine, idle: timedelta, lifetime: timedelta) -> None:
        self.engine = engine
        self.idle = idle
        self.lifetime = lifetime

    def create(self, agent_id: str) -> str:
        """A new session for the agent; returns the token for the cookie."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        with self.engine.begin() as connection:
            connection.execute(
                AGENT_SESSIONS.insert().values(
                    id=session_id(token),
                    agent_id=agent_id,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + self.lifetime,
                )
            )
            # Ended sessions of anyone are cleaned up now and then, here.
            connection.execute(delete(AGENT_SESSIONS).where(AGENT_SESSIONS.c.expires_at < now))
        return token

    def check(self, token: str, *, touch: bool = True, now: datetime | None = None) -> SessionCheck:
        """Whether the token opens a session; with `touch`, the request counts as activity."""
        now = now or utcnow()
        key = session_id(token)
        with self.engine.begin() as connection:
            row = connection.execute(select(AGENT_SESSIONS).where(AGENT_SESSIONS.c.id == key)).first()
            if row is None:
                return SessionCheck("unknown")
            if row.expires_at <= now or row.last_seen_at + self.idle <= now:
                connection.execute(delete(AGENT_SESSIONS).where(AGENT_SESSIONS.c.id == key))
                return SessionCheck("expired")
            if touch and now - row.last_seen_at >= _TOUCH_EVERY:
                connection.execute(
                    update(AGENT_SESSIONS).where(AGENT_SESSIONS.c.id == key).values(last_seen_at=now)
                )
            return SessionCheck("valid", row.agent_id)

    def end(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(AGENT_SESSIONS).where(AGENT_SESSIONS.c.id == session_id(token)))

    def end_all(self, agent_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(AGENT_SESSIONS).where(AGENT_SESSIONS.c.agent_id == agent_id))
