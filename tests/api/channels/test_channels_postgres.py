"""The outbox and the sealed addresses on a real PostgreSQL (the claim and the in-order query)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from api.texts import ERASED
from tests.api.channels.conftest import ChannelsFactory
from tests.api.channels.webhooks import wa_text
from tests.api.fakes import bot_says

pytestmark = pytest.mark.postgres

PHONE = "31611112222"


@pytest.fixture
def database_url(postgres_database_url: str) -> str:
    """The gateway of `make_channels` on PostgreSQL instead of SQLite."""
    return postgres_database_url


def test_outage_retry_order_and_erasure_on_postgresql(make_channels: ChannelsFactory) -> None:
    channels = make_channels()
    engine = channels.gateway.services.store.engine
    channels.whatsapp.go_down()
    try:
        channels.wa_post(wa_text(PHONE, "een"))
        channels.wa_post(wa_text(PHONE, "twee"))
        time.sleep(1.0)
    finally:
        channels.whatsapp.come_back()
    channels.whatsapp.wait_for(4)
    assert channels.whatsapp.texts()[2:] == ["echo: een", "echo: twee"]
    channels.gateway.rasa.reply = bot_says({"custom": {"type": "erase_request"}})
    channels.wa_post(wa_text(PHONE, "wis mijn gegevens"))
    channels.whatsapp.wait_for(5)
    assert channels.whatsapp.texts()[4] == ERASED
    with engine.connect() as connection:
        for table in ("conversations", "messages", "outbox", "channel_addresses"):
            assert connection.scalar(text(f"SELECT count(*) FROM {table}")) == 0, table
