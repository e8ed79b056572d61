"""/healthz (alive) and /readyz (database, Rasa, action server, Redis when shared: each up or down)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Gateway, GatewayFactory
from tests.api.fakes import TOKEN
from tests.api.redis_server import running_redis


def test_healthz_says_ok(gateway: Gateway) -> None:
    assert gateway.client.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_200_when_everything_is_up(gateway: Gateway) -> None:
    response = gateway.client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": {"status": "up"}, "rasa": {"status": "up"}, "action_server": {"status": "up"}},
    }


def test_readyz_asks_rasa_status_with_the_token(gateway: Gateway) -> None:
    gateway.client.get("/readyz")
    [status] = [r for r in gateway.rasa.requests if r.url.path == "/status"]
    assert status.url.params["token"] == TOKEN


def test_readyz_is_503_and_names_rasa_when_it_is_down(gateway: Gateway) -> None:
    gateway.rasa.rasa_up = False
    response = gateway.client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready"
    assert body["checks"]["rasa"] == {"status": "down", "detail": "connect_failed"}
    assert body["checks"]["action_server"] == {"status": "up"}


def test_readyz_names_the_action_server_when_it_is_down(gateway: Gateway) -> None:
    gateway.rasa.actions_up = False
    body = gateway.client.get("/readyz").json()
    assert body["checks"]["action_server"] == {"status": "down", "detail": "connect_failed"}
    assert body["checks"]["rasa"] == {"status": "up"}


def test_readyz_reports_a_wrong_rasa_token(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rasa_token="wrong")
    assert gateway.client.get("/readyz").json()["checks"]["rasa"] == {"status": "down", "detail": "http_401"}


def test_readyz_checks_every_rasa_process(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rasa_url="http://rasa.test:5005,http://rasa.test:5006")
    checks = gateway.client.get("/readyz").json()["checks"]
    assert checks["rasa_1"] == checks["rasa_2"] == {"status": "up"}


@pytest.mark.redis
def test_readyz_checks_redis_when_the_event_bus_is_shared(make_gateway: GatewayFactory) -> None:
    with running_redis() as redis_server:
        gateway = make_gateway(event_bus_url=redis_server.url)
        assert gateway.client.get("/readyz").json()["checks"]["event_bus"] == {"status": "up"}
        redis_server.stop()
        response = gateway.client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["event_bus"] == {"status": "down", "detail": "connect_failed"}


def test_readyz_has_no_event_bus_check_in_process(gateway: Gateway) -> None:
    assert "event_bus" not in gateway.client.get("/readyz").json()["checks"]
