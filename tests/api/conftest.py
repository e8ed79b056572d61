"""Fixtures for the gateway tests: settings on temporary files, a fake Rasa, an app, a conversation."""

from __future__ import annotations

import sqlite3
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette: "install httpx2" (a warning about the future)
    from fastapi.testclient import TestClient

from api.container import Overrides, Services
from api.main import create_app
from api.services.handoff import HandoffPolicy
from api.settings import Settings
from tests.api.fakes import ACTIONS_URL, RASA_URL, SECRET, TOKEN, FakeRasa, fake_crisis
from tests.api.postgres import postgres_database_url, postgres_url  # noqa: F401  (fixtures)
from tests.tenants import tenant_token


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'gateway.db'}"


@pytest.fixture
def tracker_db(tmp_path: Path) -> Path:
    return tmp_path / "var" / "rasa-tracker.db"


def make_settings(database_url: str, tracker_db: Path, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "rasa_url": RASA_URL,
        "rasa_secret": SECRET,
        "rasa_token": TOKEN,
        "action_server_url": ACTIONS_URL,
        "rasa_tracker_db_url": f"sqlite:///{tracker_db}",
        "purge_on_startup": False,
        "purge_interval_hours": 0,
        "log_level": "WARNING",
    }
    values.update(changes)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@dataclass
class Gateway:
    """A running test app: its client, its services and the fake behind it."""

    client: TestClient
    rasa: FakeRasa
    settings: Settings

    @property
    def services(self) -> Services:
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        return services

    def start(self, **body: Any) -> Conversation:
        """Starts a conversation; a `tenant` gets a token signed with its secret (the tenant is
        made when missing), as an intranet's server would sign it."""
        if body.get("tenant") and "tenant_token" not in body:
            body["tenant_token"] = tenant_token(self.services.store.engine, body["tenant"])
        response = self.client.post("/api/v1/conversations", json=body or None)
        assert response.status_code == 201, response.text
        data = response.json()
        return Conversation(self, data["conversation_id"], data["token"], data["messages"])

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Reads the gateway's SQLite file directly (what is really stored)."""
        path = self.settings.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            return list(connection.execute(sql, params))


@dataclass
class Conversation:
    gateway: Gateway
    id: str
    token: str
    first_messages: list[dict[str, Any]]

    @property
    def url(self) -> str:
        return f"/api/v1/conversations/{self.id}"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def send(self, text: str = "hallo", client_message_id: str | None = None, **extra: Any) -> Any:
        body = {"text": text, "client_message_id": client_message_id or str(uuid.uuid4()), **extra}
        return self.gateway.client.post(f"{self.url}/messages", json=body, headers=self.headers)

    def say(self, text: str = "hallo", **extra: Any) -> list[dict[str, Any]]:
        response = self.send(text, **extra)
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages


GatewayFactory = Callable[..., Gateway]


@pytest.fixture
def make_gateway(database_url: str, tracker_db: Path, fake_rasa: FakeRasa) -> Iterator[GatewayFactory]:
    """Builds and starts an app: `make_gateway(handoff=OpenDesk(), rate_limit_enabled=False)`."""
    clients: list[TestClient] = []

    def build(
        handoff: HandoffPolicy | None = None, crisis: Any = fake_crisis, **settings_changes: Any
    ) -> Gateway:
        settings = make_settings(database_url, tracker_db, **settings_changes)
        overrides = Overrides(rasa_transport=fake_rasa.transport(), crisis=crisis, handoff=handoff)
        client = TestClient(create_app(settings, overrides))
        client.__enter__()
        clients.append(client)
        return Gateway(client, fake_rasa, settings)

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def gateway(make_gateway: GatewayFactory) -> Gateway:
    return make_gateway()


@pytest.fixture
def conversation(gateway: Gateway) -> Conversation:
    return gateway.start()
