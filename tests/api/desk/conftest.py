"""Fixtures for the support desk: a gateway with the desk on, two tenants, their agents, and a
browser-like client per agent (its own session cookie and CSRF token)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx
import pytest

from api.desk.accounts import AccountStore
from api.desk.hours import parse_hours
from api.desk.passwords import hash_password
from api.desk.records import Role
from api.desk.service import DeskService
from api.desk.sessions import COOKIE, csrf_token
from tests.api.conftest import Conversation, Gateway, GatewayFactory
from tests.api.test_events import frames

PASSWORD = "een-lang-wachtwoord"
TENANT = "gemeente-a"
OTHER_TENANT = "werkgever-b"
HANDOFF = {"custom": {"type": "handoff", "reason": "user_request", "summary": {"relationship": "parent"}}}


@lru_cache(maxsize=1)
def password_hash() -> str:
    """Hashed once: argon2 is slow on purpose."""
    return hash_password(PASSWORD)


def handoff_or_echo(body: dict[str, Any]) -> httpx.Response:
    """The fake bot: hands over when asked for a person ("mens", or the gateway's /request_human),
    else answers."""
    outputs = (
        ({"text": "Ik zoek een medewerker voor je."}, HANDOFF)
        if "mens" in body["message"] or body["message"] == "/request_human"
        else ({"text": f"bot: {body['message']}"},)
    )
    return httpx.Response(200, json=[{"recipient_id": body["sender"], **o} for o in outputs])


@dataclass
class AgentClient:
    """One agent in one browser: requests carry its session cookie and CSRF token."""

    gateway: Gateway
    email: str
    token: str = ""
    csrf: str = ""
    agent_id: str = ""

    def login(self, password: str = PASSWORD) -> httpx.Response:
        client = self.gateway.client
        response = client.post("/desk/api/login", json={"email": self.email, "password": password})
        if response.status_code == 200:
            self.token = response.cookies[COOKIE]
            self.csrf = response.json()["csrf_token"]
            self.agent_id = response.json()["agent"]["id"]
        client.cookies.clear()  # every agent keeps its own cookie
        return response

    def headers(self, csrf: bool = True) -> dict[str, str]:
        headers = {"Cookie": f"{COOKIE}={self.token}"} if self.token else {}
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        return headers

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.gateway.client.get(f"/desk/api{path}", params=params, headers=self.headers(False))

    def post(self, path: str, body: Any = None, csrf: bool = True) -> httpx.Response:
        response = self.gateway.client.post(f"/desk/api{path}", json=body, headers=self.headers(csrf))
        self.gateway.client.cookies.clear()
        return response

    def claim(self, conversation: Conversation) -> httpx.Response:
        return self.post(f"/conversations/{conversation.id}/claim")

    def reply(self, conversation: Conversation, text: str) -> httpx.Response:
        return self.post(f"/conversations/{conversation.id}/messages", {"text": text})

    def view(self, conversation: Conversation) -> httpx.Response:
        return self.get(f"/conversations/{conversation.id}")

    @contextmanager
    def events(self) -> Iterator[Iterator[dict[str, Any]]]:
        """The agent's live stream as parsed frames, without heartbeats."""
        path = "/desk/api/stream"
        with self.gateway.client.stream("GET", path, headers=self.headers(False)) as response:
            assert response.status_code == 200, response.read()
            yield (f for f in frames(response.iter_lines()) if "event" in f)


@dataclass
class Desk:
    gateway: Gateway

    @property
    def service(self) -> DeskService:
        desk = self.gateway.services.desk
        assert desk is not None
        return desk

    @property
    def accounts(self) -> AccountStore:
        return self.service.accounts

    def add_agent(
        self, email: str, tenant: str = TENANT, role: Role = "agent", name: str = ""
    ) -> AgentClient:
        self.accounts.create_agent(
            tenant, email, name or email.split("@")[0].capitalize(), role, password_hash()
        )
        return AgentClient(self.gateway, email)

    def agent(self, email: str, tenant: str = TENANT, role: Role = "agent") -> AgentClient:
        """A new account with a session (made directly: a real login costs ~0.3 s of argon2)."""
        client = self.add_agent(email, tenant, role)
        agent = self.accounts.agent_by_email(email)
        assert agent is not None
        client.token = self.service.sessions.create(agent.id)
        client.csrf = csrf_token(client.token)
        client.agent_id = agent.id
        return client

    def waiting(self, tenant: str | None = TENANT, text: str = "ik wil een mens spreken") -> Conversation:
        """A person whose conversation waits in the queue."""
        conversation = self.gateway.start(tenant=tenant) if tenant else self.gateway.start()
        reply = conversation.send(text)
        assert reply.json()["state"] == "waiting", reply.text
        return conversation

    def run(self, make: Any) -> Any:
        assert self.gateway.client.portal is not None
        return self.gateway.client.portal.call(make)

    def audit(self, action: str, conversation: Conversation | None = None) -> list[tuple[Any, ...]]:
        sql = "SELECT agent_id, action, conversation_id, detail FROM audit_log WHERE action = ?"
        params: list[Any] = [action]
        if conversation is not None:
            sql += " AND conversation_id = ?"
            params.append(conversation.id)
        return self.gateway.rows(sql + " ORDER BY id", *params)


DeskFactory = Callable[..., Desk]


@pytest.fixture
def make_desk(make_gateway: GatewayFactory) -> DeskFactory:
    """A gateway with the desk on and two tenants that are always open, each with an account."""

    def build(**settings: Any) -> Desk:
        values: dict[str, Any] = {
            "desk_enabled": True,
            "rate_limit_enabled": False,
            "sse_heartbeat_seconds": 0.2,
            **settings,
        }
        gateway = make_gateway(**values)
        gateway.rasa.reply = handoff_or_echo
        desk = Desk(gateway)
        always = parse_hours("altijd")
        desk.accounts.create_tenant(TENANT, "Gemeente A", "Europe/Amsterdam", always)
        desk.accounts.create_tenant(OTHER_TENANT, "Werkgever B", "Europe/Amsterdam", always)
        desk.add_agent("team@a.nl", TENANT)
        desk.add_agent("team@b.nl", OTHER_TENANT)
        return desk

    return build


@pytest.fixture
def desk(make_desk: DeskFactory) -> Desk:
    return make_desk()


@pytest.fixture
def anna(desk: Desk) -> AgentClient:
    return desk.agent("anna@a.nl")


@pytest.fixture
def bram(desk: Desk) -> AgentClient:
    return desk.agent("bram@a.nl")


@pytest.fixture
def bob(desk: Desk) -> AgentClient:
    """An agent of the other tenant."""
    return desk.agent("bob@b.nl", OTHER_TENANT)
