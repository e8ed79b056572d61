"""Persistence of the gateway: conversations and messages (SQLAlchemy 2, Alembic)."""

from api.store.conversations import ConversationStore
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.store.records import ConversationRecord, MessageRecord, NewMessage, State

__all__ = [
    "ConversationRecord",
    "ConversationStore",
    "MessageRecord",
    "NewMessage",
    "State",
    "make_engine",
    "upgrade",
]
