"""The insight tables (migration: api/migrations/versions/20261206_0007_insights.py).

`insights` holds one anonymous row per conversation and month: what the figures are counted from.
It has no conversation id, no time but the month, and no text. `insight_links` ties a conversation
to its row by a random key while the conversation exists: the retention purge deletes the
conversation (and with it, by the foreign key, the link), so the row stays without any way back;
the person's own erasure deletes the row through the link first (api/services/erasure.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from api.store.models import Base, JsonType, UtcDateTime

BURDENS = ("light", "moderate", "heavy")


class InsightRow(Base):
    """One conversation's anonymous facts, counted in the month the conversation started."""

    __tablename__ = "insights"
    __table_args__ = (
        CheckConstraint(
            "burden IS NULL OR burden IN ('light', 'moderate', 'heavy')", name="ck_insights_burden"
        ),
        Index("ix_insights_tenant_month", "tenant", "month"),
        Index("ix_insights_municipality_month", "municipality", "month"),
    )

    key: Mapped[str] = mapped_column(String(43), primary_key=True)  # random, never shown
    tenant: Mapped[str | None] = mapped_column(String(64))
    # CBS code of where the person cared for lives; only for conversations without a tenant
    municipality: Mapped[str | None] = mapped_column(String(6))
    month: Mapped[str] = mapped_column(String(7))  # "2026-12", Europe/Amsterdam
    needs: Mapped[list[str]] = mapped_column(JsonType)  # bot.profile.NEEDS values
    burden: Mapped[str | None] = mapped_column(String(16))
    kinds: Mapped[list[str]] = mapped_column(JsonType)  # catalogue kinds of the items shown
    asked_for_person: Mapped[bool] = mapped_column(Boolean, default=False)
    waited_minutes: Mapped[int | None] = mapped_column(Integer)  # until an agent claimed it


class InsightLinkRow(Base):
    """Which row is a conversation's: only while the conversation exists. `waiting_since` is when
    it last started waiting for the desk (for `waited_minutes`)."""

    __tablename__ = "insight_links"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    insight_key: Mapped[str] = mapped_column(ForeignKey("insights.key", ondelete="CASCADE"), unique=True)
    waiting_since: Mapped[datetime | None] = mapped_column(UtcDateTime())


def _table(row: type[Base]) -> Table:
    table = row.__table__
    assert isinstance(table, Table)
    return table


INSIGHTS = _table(InsightRow)
INSIGHT_LINKS = _table(InsightLinkRow)
