"""Questions left outside opening hours, with how the person wants to be contacted and their consent.

A question waits in its desk's queue (`open`), an agent claims it (`claimed`, atomically) and, once
the person has been contacted, marks it done: then the row is deleted, contact details and all.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Engine, Row, delete, insert, select, update

from api.desk.records import ContactMethod, LeftQuestion
from api.desk.tables import AGENTS, LEFT_QUESTIONS
from api.store.records import utcnow


def _question(row: Row[Any]) -> LeftQuestion:
    data = row._mapping
    return LeftQuestion(
        id=data["id"],
        tenant_id=data["tenant_id"],
        conversation_id=data["conversation_id"],
        question=data["question"],
        contact_method=cast(ContactMethod, data["contact_method"]),
        contact_value=data["contact_value"],
        consent_text=data["consent_text"],
        consent_at=data["consent_at"],
        created_at=data["created_at"],
        state=data["state"],
        assignee_id=data["assignee_id"],
        assignee_name=data.get("display_name"),
    )


_COLUMNS = (*LEFT_QUESTIONS.c, AGENTS.c.display_name)
_FROM = LEFT_QUESTIONS.outerjoin(AGENTS, AGENTS.c.id == LEFT_QUESTIONS.c.assignee_id)


class QuestionStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(
        self,
        tenant_id: str,
        conversation_id: str,
        question: str,
        contact_method: ContactMethod,
        contact_value: str,
        consent_text: str,
    ) -> LeftQuestion:
        now = utcnow()
        with self.engine.begin() as connection:
            question_id = connection.execute(
                insert(LEFT_QUESTIONS)
                .values(
                    tenant_id=tenant_id,
                    conversation_id=conversation_id,
                    question=question,
                    contact_method=contact_method,
                    contact_value=contact_value,
                    consent_text=consent_text,
                    consent_at=now,
                    created_at=now,
                    state="open",
                )
                .returning(LEFT_QUESTIONS.c.id)
            ).scalar_one()
        found = self.get(question_id)
        assert found is not None
        return found

    def get(self, question_id: int) -> LeftQuestion | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*_COLUMNS).select_from(_FROM).where(LEFT_QUESTIONS.c.id == question_id)
            ).first()
            return _question(row) if row is not None else None

    def for_tenant(self, tenant_id: str) -> list[LeftQuestion]:
        """Open and claimed questions of a desk, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(*_COLUMNS)
                .select_from(_FROM)
                .where(LEFT_QUESTIONS.c.tenant_id == tenant_id)
                .order_by(LEFT_QUESTIONS.c.created_at, LEFT_QUESTIONS.c.id)
            )
            return [_question(row) for row in rows]

    def open_for_conversation(self, conversation_id: str) -> int:
        with self.engine.connect() as connection:
            return len(
                connection.execute(
                    select(LEFT_QUESTIONS.c.id).where(LEFT_QUESTIONS.c.conversation_id == conversation_id)
                ).all()
            )

    def claim(self, question_id: int, agent_id: str) -> bool:
        """Atomic: True for the one agent whose claim changed an open question."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(LEFT_QUESTIONS)
                .where(LEFT_QUESTIONS.c.id == question_id, LEFT_QUESTIONS.c.state == "open")
                .values(state="claimed", assignee_id=agent_id, claimed_at=utcnow())
            )
            return result.rowcount == 1

    def remove(self, question_id: int) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(delete(LEFT_QUESTIONS).where(LEFT_QUESTIONS.c.id == question_id))
            return result.rowcount == 1
