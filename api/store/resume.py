"""Resume codes and the further tokens of a resumed conversation (issue 17). Synchronous, one
transaction per method; only hashes are stored (the code and the tokens never)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select

from api.store.conversations import CONVERSATIONS, RESUME_CODES, TOKENS
from api.store.records import utcnow

#: Tokens a conversation keeps from resumes (the oldest goes when a new one comes): a code used
#: again and again does not grow the table without end.
MAX_TOKENS = 10


@dataclass(frozen=True)
class Resumable:
    conversation_id: str
    expires_at: datetime


class ResumeStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def set_code(self, conversation_id: str, code_hash: str, expires_at: datetime) -> bool:
        """The conversation's one code (an earlier one is replaced). False when it is gone."""
        with self.engine.begin() as connection:
            found = connection.execute(
                select(CONVERSATIONS.c.id).where(CONVERSATIONS.c.id == conversation_id).with_for_update()
            ).first()
            if found is None:
                return False
            connection.execute(delete(RESUME_CODES).where(RESUME_CODES.c.conversation_id == conversation_id))
            connection.execute(
                insert(RESUME_CODES).values(
                    conversation_id=conversation_id,
                    code_hash=code_hash,
                    created_at=utcnow(),
                    expires_at=expires_at,
                )
            )
            return True

    def find(self, code_hash: str, now: datetime) -> Resumable | None:
        """The conversation of a code that has not expired."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(RESUME_CODES.c.conversation_id, RESUME_CODES.c.expires_at).where(
                    RESUME_CODES.c.code_hash == code_hash, RESUME_CODES.c.expires_at > now
                )
            ).first()
        return Resumable(row.conversation_id, row.expires_at) if row is not None else None

    def add_token(self, conversation_id: str, token_hash: str) -> bool:
        """Another token for the conversation (the oldest beyond MAX_TOKENS goes). False when the
        conversation is gone (erased meanwhile)."""
        with self.engine.begin() as connection:
            found = connection.execute(
                select(CONVERSATIONS.c.id).where(CONVERSATIONS.c.id == conversation_id).with_for_update()
            ).first()
            if found is None:
                return False
            connection.execute(
                insert(TOKENS).values(
                    conversation_id=conversation_id, token_hash=token_hash, created_at=utcnow()
                )
            )
            keep = (
                select(TOKENS.c.id)
                .where(TOKENS.c.conversation_id == conversation_id)
                .order_by(TOKENS.c.id.desc())
                .limit(MAX_TOKENS)
            )
            connection.execute(
                delete(TOKENS).where(TOKENS.c.conversation_id == conversation_id, TOKENS.c.id.not_in(keep))
            )
            return True

    def token_hashes(self, conversation_id: str) -> list[str]:
        with self.engine.connect() as connection:
            return list(
                connection.scalars(
                    select(TOKENS.c.token_hash).where(TOKENS.c.conversation_id == conversation_id)
                )
            )

    def purge_expired(self, now: datetime) -> int:
        with self.engine.begin() as connection:
            return connection.execute(delete(RESUME_CODES).where(RESUME_CODES.c.expires_at <= now)).rowcount
