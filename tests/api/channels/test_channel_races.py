"""What the review found about webhooks arriving together: one conversation per person, one answer
per provider message, a webhook that does not wait for a turn, provider ids never stored plainly."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from api.channels.service import ChannelMessage, ChannelService
from tests.api.channels.conftest import Channels
from tests.api.channels.webhooks import new_wamid, wa_status, wa_text

PHONE = "31677788899"


def _service(channels: Channels) -> ChannelService:
    service = channels.gateway.services.channels
    assert service is not None
    return service


def test_two_quick_messages_of_a_new_person_make_one_conversation(channels: Channels) -> None:
    service = _service(channels)

    async def both() -> list[Any]:
        first = ChannelMessage("whatsapp", PHONE, new_wamid(), text="hoi")
        second = ChannelMessage("whatsapp", PHONE, new_wamid(), text="ik heb een vraag")
        return list(await asyncio.gather(service.accept(first), service.accept(second)))

    accepted = channels.call(both)
    assert len({item.conversation_id for item in accepted}) == 1
    assert channels.rows("SELECT count(*) FROM conversations") == [(1,)]


def test_the_same_provider_message_at_once_is_stored_once(channels: Channels) -> None:
    service = _service(channels)
    message = ChannelMessage("whatsapp", PHONE, new_wamid(), text="hoi")

    async def twice() -> None:
        await asyncio.gather(service.accept(message), service.accept(message))

    channels.call(twice)
    assert channels.rows("SELECT count(*) FROM messages WHERE direction = 'in'") == [(1,)]


def test_a_retry_after_the_conversation_was_closed_is_not_answered_again(channels: Channels) -> None:
    payload = wa_text(PHONE, "hallo", message_id=new_wamid())
    channels.wa_post(payload)
    channels.settle()
    [(conversation_id,)] = channels.rows("SELECT id FROM conversations")

    async def close() -> None:
        await channels.gateway.services.conversations.change_state(conversation_id, ["bot"], "closed")

    channels.call(close)
    channels.wa_post(payload)  # Meta retries the same message later
    channels.settle()
    assert channels.rows("SELECT count(*) FROM conversations") == [(1,)]
    assert channels.gateway.rasa.texts_sent() == ["hallo"]


def test_storing_a_message_does_not_wait_for_a_turn_of_the_same_conversation(channels: Channels) -> None:
    service = _service(channels)
    channels.gateway.rasa.delay = 2.0
    first = channels.call(service.accept, ChannelMessage("whatsapp", PHONE, new_wamid(), text="een"))

    async def while_the_turn_runs() -> float:
        turn = asyncio.create_task(service.answer(first))
        await asyncio.sleep(0.2)  # the turn holds the conversation's lock, waiting for Rasa
        started = time.monotonic()
        await service.accept(ChannelMessage("whatsapp", PHONE, new_wamid(), text="twee"))
        took = time.monotonic() - started
        await turn
        return took

    assert channels.call(while_the_turn_runs) < 1.0


def test_provider_message_ids_are_stored_keyed_hashed(channels: Channels) -> None:
    wamid = new_wamid()
    channels.wa_post(wa_text(PHONE, "hallo", message_id=wamid))
    channels.settle()
    answer_wamid = channels.whatsapp.wamids[-1]
    stored = [
        row[0] for row in channels.rows("SELECT client_message_id FROM messages WHERE direction = 'in'")
    ]
    assert len(stored) == 1 and wamid not in stored[0]
    sent_ids = [row[0] for row in channels.rows("SELECT provider_id FROM outbox_sent")]
    assert sent_ids and not any(answer_wamid in provider_id for provider_id in sent_ids)
    channels.wa_post(wa_status(PHONE, answer_wamid, "failed"))  # still found by its hash
    assert ("failed",) in channels.rows("SELECT status FROM outbox")


def test_a_message_to_another_number_of_the_app_is_not_ours(channels: Channels) -> None:
    channels.wa_post(wa_text(PHONE, "hallo", phone_number_id="999999"))
    assert channels.rows("SELECT count(*) FROM messages") == [(0,)]
