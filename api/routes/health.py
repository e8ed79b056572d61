"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Something the gateway needs is down"}})
async def readyz(services: ServicesDep) -> JSONResponse:
    """Database, Rasa and the action server, each `up` or `down` (503 when any is down)."""
    checks = await services.health.run()
    ready = all(check["status"] == "up" for check in checks.values())
    body: dict[str, Any] = {"status": "ready" if ready else "not_ready", "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503)
