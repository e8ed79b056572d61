"""The intranet demo (MW_INTRANET_DEMO_TENANT, set by `make run`): this gateway plays the employer's
intranet server. It signs each page view's tenant_token with the tenant's secret using the example
code the page shows (api/tenants/example_signer.py), exactly as a real intranet would, and serves a
fresh token for the widget's refresh function. Off (404) unless the setting names a tenant."""

from __future__ import annotations

import html
import inspect

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse

from api.deps import ServicesDep
from api.errors import ApiError
from api.tenants import example_signer
from api.tenants.store import TenantKeys, UnknownTenant
from api.threads import in_thread

router = APIRouter(include_in_schema=False)

_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


async def _token(services: ServicesDep) -> str:
    tenant = services.settings.intranet_demo_tenant
    if not tenant:
        raise ApiError(404, "route_not_found")
    try:
        secret = await in_thread(TenantKeys(services.store.engine).secret, tenant)
    except UnknownTenant:
        raise ApiError(404, "route_not_found") from None
    return example_signer.make_tenant_token(tenant, secret)


@router.get("/intranet-demo.html")
async def intranet_demo(services: ServicesDep) -> HTMLResponse:
    token = await _token(services)
    page = (services.settings.static_dir / "intranet-demo.html").read_text(encoding="utf-8")
    page = page.replace("__TENANT__", html.escape(services.settings.intranet_demo_tenant))
    page = page.replace("__TENANT_TOKEN__", html.escape(token))
    page = page.replace("__EXAMPLE_CODE__", html.escape(inspect.getsource(example_signer)))
    return HTMLResponse(page, headers=_NO_STORE)


@router.get("/intranet-demo/token")
async def intranet_demo_token(services: ServicesDep) -> JSONResponse:
    return JSONResponse({"token": await _token(services)}, headers=_NO_STORE)
