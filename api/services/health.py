"""Readiness: is the database reachable, does every Rasa process answer, the action server, Redis?"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import anyio.to_thread
import httpx
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from api.rasa.client import RasaClient


class HealthChecks:
    def __init__(
        self,
        engine: Engine,
        rasa: RasaClient,
        http: httpx.AsyncClient,
        action_server_url: str,
        timeout: float,
        bus_ping: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self._engine = engine
        self._bus_ping = bus_ping  # only a shared bus (Redis) can be down
        self._rasa = rasa
        self._http = http
        self._action_server_url = action_server_url
        self._timeout = timeout

    async def run(self) -> dict[str, dict[str, str]]:
        """{"database": {"status": "up"}, "rasa": {"status": "down", "detail": ...}, ...}"""
        database, action_server, *rasa = await asyncio.gather(
            self._database(),
            self._action_server(),
            *(self._rasa_process(url) for url in self._rasa.urls),
        )
        checks = {"database": _status(database), "action_server": _status(action_server)}
        if len(rasa) == 1:
            checks["rasa"] = _status(rasa[0])
        else:
            for number, problem in enumerate(rasa, start=1):
                checks[f"rasa_{number}"] = _status(problem)
        if self._bus_ping is not None:
            checks["event_bus"] = _status(await self._event_bus())
        return checks

    async def _event_bus(self) -> str | None:
        assert self._bus_ping is not None
        try:
            up = await asyncio.wait_for(self._bus_ping(), self._timeout)
        except TimeoutError:
            return "timeout"
        except Exception as exc:  # a readiness probe answers, whatever happens
            return type(exc).__name__
        return None if up else "connect_failed"

    async def _database(self) -> str | None:
        def ping() -> None:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))

        try:
            await asyncio.wait_for(anyio.to_thread.run_sync(ping), self._timeout)
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            return type(exc).__name__
        except Exception as exc:  # a readiness probe answers, whatever happens
            return type(exc).__name__
        return None

    async def _rasa_process(self, url: str) -> str | None:
        try:
            return await self._rasa.check(url, self._timeout)
        except Exception as exc:  # a readiness probe answers, whatever happens
            return type(exc).__name__

    async def _action_server(self) -> str | None:
        try:
            response = await self._http.get(f"{self._action_server_url}/health", timeout=self._timeout)
        except httpx.TimeoutException:
            return "timeout"
        except httpx.TransportError:
            return "connect_failed"
        except Exception as exc:  # a readiness probe answers, whatever happens
            return type(exc).__name__
        return None if response.status_code == 200 else f"http_{response.status_code}"


def _status(problem: str | None) -> dict[str, str]:
    return {"status": "up"} if problem is None else {"status": "down", "detail": problem}
