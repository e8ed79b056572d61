"""Two gateway replicas sharing one database and a real Redis event bus: the person talks to one,
the agent to the other, and everything still arrives live."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import GatewayFactory
from tests.api.desk.conftest import TENANT, AgentClient, Desk, DeskFactory, handoff_or_echo
from tests.api.redis_server import RedisServer, running_redis
from tests.api.test_events import frames

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


@pytest.fixture
def replicas(
    make_desk: DeskFactory, make_gateway: GatewayFactory, redis_server: RedisServer
) -> tuple[Desk, Desk]:
    settings = {"event_bus_url": redis_server.url, "sse_heartbeat_seconds": 0.2}
    first = make_desk(**settings)
    second = make_gateway(desk_enabled=True, rate_limit_enabled=False, **settings)
    second.rasa.reply = handoff_or_echo
    return first, Desk(second)


def test_an_agent_on_one_replica_talks_live_with_a_person_on_another(replicas: tuple[Desk, Desk]) -> None:
    person_side, agent_side = replicas
    anna = agent_side.agent("anna@a.nl", TENANT)
    with anna.events() as desk_stream:
        assert next(desk_stream)["event"] == "queue"
        person = person_side.waiting()
        assert (
            next(f for f in desk_stream if f["event"] == "conversation")["data"]["item"]["state"] == "waiting"
        )
        headers = person.headers
        with person_side.gateway.client.stream("GET", f"{person.url}/events", headers=headers) as response:
            person_stream = (f for f in frames(response.iter_lines()) if "event" in f)
            assert anna.claim(person).status_code == 200
            assert next(person_stream)["data"]["state"] == "assigned"
            anna.reply(person, "Hoi, ik ben Anna.")
            reply = next(person_stream)
        person.send("Fijn, dank je.")
        message = next(f for f in desk_stream if f["event"] == "message" and f["data"]["sender"] == "user")
    assert reply["data"]["message"]["text"] == "Hoi, ik ben Anna."
    assert message["data"]["message"]["text"] == "Fijn, dank je."


def test_a_claim_is_atomic_across_replicas(replicas: tuple[Desk, Desk]) -> None:
    first, second = replicas
    anna: AgentClient = first.agent("anna@a.nl", TENANT)
    bram: AgentClient = second.agent("bram@a.nl", TENANT)
    person = first.waiting()
    assert anna.claim(person).status_code == 200
    assert bram.claim(person).status_code == 409
