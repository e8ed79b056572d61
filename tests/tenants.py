"""A tenant's signed `tenant_token` for tests, made as an intranet's server makes it: the tenant is
created when missing (no desk: no opening hours, no agents), its secret read with TenantKeys."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from api.desk.accounts import AccountStore
from api.store.records import utcnow
from api.tenants.store import TenantKeys
from api.tenants.tokens import sign


def ensure_tenant(engine: Engine, tenant: str, name: str | None = None) -> None:
    accounts = AccountStore(engine)
    if accounts.tenant(tenant) is None:
        accounts.create_tenant(tenant, name or tenant, "Europe/Amsterdam", ())


def tenant_token(engine: Engine, tenant: str, lifetime: timedelta = timedelta(minutes=30)) -> str:
    ensure_tenant(engine, tenant)
    return sign(tenant, TenantKeys(engine).secret(tenant), utcnow(), lifetime)
