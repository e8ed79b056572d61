"""The demo page, the widget script, the desk page and the other static files (in api/static/)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.types import Scope

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
    """The public site's page; only our own and the tenants' origins may frame it."""
    response = _static_file(services, "index.html", "text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = f"frame-ancestors {services.tenants.frame_ancestors()}"
    return response


def widget_script(static_dir: Path) -> bytes:
    """/widget.js as served: api/static/shared.js (what the desk shares with the widget) and
    widget.js in one block, so that the shared `const` stays inside it and an integrator's page
    still gets one script with one global (`Mantelwijzer`)."""
    shared = (static_dir / "shared.js").read_text(encoding="utf-8")
    widget = (static_dir / "widget.js").read_text(encoding="utf-8")
    return ("{\n" + shared + "\n" + widget + "\n}\n").encode("utf-8")


@router.get("/widget.js")
async def widget(request: Request, services: ServicesDep) -> Response:
    try:
        body = widget_script(services.settings.static_dir)
    except FileNotFoundError:
        raise ApiError(404, "route_not_found") from None
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"Cache-Control": "no-cache", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


# The desk loads nothing from anywhere else, and no other site may frame it.
_DESK_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@router.get("/desk")
async def desk_page(services: ServicesDep) -> FileResponse:
    """The support desk (api/static/desk/), when MW_DESK_ENABLED is true."""
    if services.desk is None:
        raise ApiError(404, "route_not_found")
    response = _static_file(services, "desk/index.html", "text/html; charset=utf-8")
    response.headers.update(_DESK_HEADERS)
    return response


class StaticFilesWithDeskPolicy(StaticFiles):
    """/static/…: the desk's page is served only at /desk (with its headers), never as
    /static/desk/index.html; the desk's other files, and shared.js that it loads, get the desk's
    headers too."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        parts = path.replace("\\", "/").split("/")
        if parts == ["intranet-demo.html"]:  # a template: only /intranet-demo.html fills it in
            raise HTTPException(status_code=404)
        if parts == ["widget.js"]:  # alone it lacks shared.js: to the widget as /widget.js serves it
            return RedirectResponse("../widget.js", status_code=308)
        if parts[0] != "desk" and parts != ["shared.js"]:  # the desk loads shared.js too
            return await super().get_response(path, scope)
        if parts[-1].lower().endswith((".html", ".htm")) or parts == ["desk"]:
            raise HTTPException(status_code=404)
        response = await super().get_response(path, scope)
        response.headers.update(_DESK_HEADERS)
        return response
