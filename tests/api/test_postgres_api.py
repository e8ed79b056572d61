"""The whole public API on a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.container import Overrides
from api.main import create_app
from tests.api.conftest import TestClient, make_settings
from tests.api.fakes import FakeRasa, fake_crisis
from tests.tenants import tenant_token

pytestmark = pytest.mark.postgres


def test_conversation_on_postgresql(postgres_database_url: str, tmp_path: Path) -> None:
    rasa = FakeRasa()
    settings = make_settings(postgres_database_url, tmp_path / "tracker.db")
    app = create_app(settings, Overrides(rasa_transport=rasa.transport(), crisis=fake_crisis))
    with TestClient(app) as client:
        token = tenant_token(app.state.services.store.engine, "werkgever-a")
        started = client.post("/api/v1/conversations", json={"tenant_token": token}).json()
        url = f"/api/v1/conversations/{started['conversation_id']}"
        headers = {"Authorization": f"Bearer {started['token']}"}
        body = {"text": "hoi", "client_message_id": "m1"}
        first = client.post(f"{url}/messages", json=body, headers=headers)
        again = client.post(f"{url}/messages", json=body, headers=headers)
        assert first.status_code == again.status_code == 200
        assert first.json() == again.json()
        assert len(rasa.messages) == 1
        transcript = client.get(f"{url}/messages", headers=headers).json()
        assert [m["sender"] for m in transcript["messages"]] == ["system", "system", "user", "bot"]
        assert client.get("/readyz").json()["checks"]["database"] == {"status": "up"}
        assert client.delete(url, headers=headers).status_code == 204
        assert client.get(f"{url}/messages", headers=headers).status_code == 404
