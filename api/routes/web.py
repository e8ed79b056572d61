"""The demo page, the widget script and the other static files (written in api/static/)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.deps import ServicesDep
from api.errors import ApiError

router = APIRouter(include_in_schema=False)


def _static_file(services: ServicesDep, name: str, media_type: str) -> FileResponse:
    path = services.settings.static_dir / name
    if not path.is_file():
        raise ApiError(404, "route_not_found")
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-cache"})


@router.get("/")
async def demo_page(services: ServicesDep) -> FileResponse:
    return _static_file(services, "index.html", "text/html; charset=utf-8")


@router.get("/widget.js")
async def widget(services: ServicesDep) -> FileResponse:
    return _static_file(services, "widget.js", "text/javascript; charset=utf-8")
