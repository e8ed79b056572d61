"""The gateway app: `uvicorn --factory api.main:create_app` (settings from MW_* variables)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.container import Overrides, Services
from api.errors import install_error_handlers
from api.logs import configure_logging
from api.middleware import BodyLimitMiddleware, ForwardedForMiddleware, RequestLogMiddleware
from api.routes import channels, conversations, desk, documents, health, intranet_demo, questions, web
from api.settings import Settings, load_settings
from api.tenants.origins import OriginRegistry, TenantCORSMiddleware


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    """A new gateway app. Nothing connects before start-up (the lifespan)."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    origins = OriginRegistry(settings.cors_origins)  # MW_CORS_ORIGINS and the tenants' own

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await Services.start(settings, overrides, origins)
        app.state.services = services
        try:
            yield
        finally:
            await services.close()

    app = FastAPI(
        title="Mantelwijzer gateway",
        version="1.0",
        description="Public web API of Mantelwijzer (see docs/gateway.md).",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    install_error_handlers(app)
    app.include_router(conversations.router)
    app.include_router(documents.router)  # issue 14: overview PDF, mail, letters
    app.include_router(channels.router)  # issue 15: WhatsApp and Telegram webhooks
    app.include_router(questions.router)
    app.include_router(desk.router)
    app.include_router(health.router)
    app.include_router(web.router)
    app.include_router(intranet_demo.router)  # issue 16: only with MW_INTRANET_DEMO_TENANT
    app.mount(
        "/static",
        web.StaticFilesWithDeskPolicy(directory=settings.static_dir, check_dir=False),
        name="static",
    )
    # Outermost last: forwarded-for ( request log ( CORS ( body limit ( app ) ) ) )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        larger={"/desk/api/arrangements": settings.arrangements_max_body_bytes},
    )
    app.add_middleware(
        TenantCORSMiddleware,
        registry=origins,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
        expose_headers=["Retry-After", "Content-Disposition"],  # documents' file names
        max_age=600,
    )
    app.add_middleware(RequestLogMiddleware)
    app.add_middleware(ForwardedForMiddleware, trusted=settings.trusted_proxies)
    return app
