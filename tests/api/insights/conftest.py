"""Fixtures for the insight figures: the desk's gateway (two tenants, always open), a fake bot that
shows an overview with an `insight` key or hands over, and rows made directly for group sizes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

import httpx
from sqlalchemy import Engine, insert, select, update

from api.insights.store import last_finished_month
from api.insights.tables import INSIGHT_LINKS, INSIGHTS
from api.store.records import utcnow
from tests.api.conftest import Conversation, Gateway
from tests.api.desk.conftest import (  # noqa: F401  (fixtures)
    HANDOFF,
    AgentClient,
    Desk,
    anna,
    bob,
    desk,
    make_desk,
)

OVERVIEW_TEXT = "Dit is je overzicht."
INSIGHT = {"needs": ["leave", "respite"], "burden": "moderate", "municipality": "GM0153"}
ITEMS = [
    {"id": "kortdurend-zorgverlof", "kind": "kortdurend-zorgverlof", "title": "Kortdurend zorgverlof"},
    {"id": "mantelzorglijn", "kind": "mantelzorglijn", "title": "Mantelzorglijn"},
]


def overview(
    insight: dict[str, Any] | None = None, items: Iterable[dict[str, Any]] = ITEMS
) -> dict[str, Any]:
    """The bot's recommendations payload as actions/overview.py sends it."""
    return {
        "custom": {
            "type": "recommendations",
            "text": OVERVIEW_TEXT,
            "items": list(items),
            "profile": {"needs": (insight or INSIGHT)["needs"]},
            "insight": dict(insight or INSIGHT),
        }
    }


class Bot:
    """The fake bot: "overzicht" shows an overview with `insight`, "mens" hands over, else echo."""

    def __init__(self) -> None:
        self.insight: dict[str, Any] = dict(INSIGHT)
        self.items: list[dict[str, Any]] = list(ITEMS)

    def __call__(self, body: dict[str, Any]) -> httpx.Response:
        message = body["message"]
        if "overzicht" in message:
            outputs: list[dict[str, Any]] = [overview(self.insight, self.items)]
        elif "mens" in message or message == "/request_human":
            outputs = [{"text": "Ik zoek een medewerker voor je."}, HANDOFF]
        elif "wis" in message:
            outputs = [{"custom": {"type": "erase_request"}}]
        else:
            outputs = [{"text": f"bot: {message}"}]
        return httpx.Response(200, json=[{"recipient_id": body["sender"], **o} for o in outputs])


def with_bot(gateway: Gateway) -> Bot:
    bot = Bot()
    gateway.rasa.reply = bot
    return bot


def rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(INSIGHTS))]


def link_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return len(connection.execute(select(INSIGHT_LINKS)).all())


def month_is_over(engine: Engine) -> None:
    """What was recorded now, as if its month were over (only finished months are shown)."""
    with engine.begin() as connection:
        connection.execute(update(INSIGHTS).values(month=last_finished_month(utcnow())))


def add_rows(engine: Engine, count: int, month: str, tenant: str | None = None, **values: Any) -> None:
    """`count` anonymous rows as the gateway records them (for group sizes without conversations)."""
    row = {
        "tenant": tenant,
        "municipality": None,
        "needs": [],
        "burden": None,
        "kinds": [],
        "asked_for_person": False,
        "waited_minutes": None,
        "month": month,
        **values,
    }
    if count:
        with engine.begin() as connection:
            connection.execute(
                insert(INSIGHTS), [{**row, "key": secrets.token_urlsafe(24)} for _ in range(count)]
            )


def shown_overview(conversation: Conversation) -> list[dict[str, Any]]:
    return conversation.say("laat mijn overzicht zien")
