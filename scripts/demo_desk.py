"""The demo organisations `make run` starts with (idempotent; run by hand the same way):

    .venv/bin/python scripts/demo_desk.py

- `mantelwijzer-demo`, "Mantelwijzer (demo)": the public site's desk (MW_DESK_DEFAULT_TENANT), open
  always, with the agent demo@mantelwijzer.test. Its password is made once and kept in
  var/demo-desk-password (readable by you only); the command prints where.
- `voorbeeld-zorggroep`, the fictional employer of the intranet demo (MW_INTRANET_DEMO_TENANT), with
  a signing secret; the gateway signs the demo page's tenant_token with it.

The same by hand with the desk CLI: `create-tenant mantelwijzer-demo --name ... --hours altijd`,
`create-agent --tenant mantelwijzer-demo --email ... --name ...`, `tenant-secret voorbeeld-zorggroep`.
For a demo on this machine only: never use these accounts in production.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.desk.accounts import AccountStore  # noqa: E402
from api.desk.hours import parse_hours  # noqa: E402
from api.desk.passwords import hash_password  # noqa: E402
from api.store.db import make_engine  # noqa: E402
from api.store.migrate import upgrade  # noqa: E402
from api.tenants.store import TenantKeys  # noqa: E402

DESK_TENANT = "mantelwijzer-demo"
DESK_NAME = "Mantelwijzer (demo)"
AGENT_EMAIL = "demo@mantelwijzer.test"
AGENT_NAME = "Demo-medewerker"
INTRANET_TENANT = "voorbeeld-zorggroep"
INTRANET_NAME = "Voorbeeld Zorggroep (fictief)"
TIMEZONE = "Europe/Amsterdam"


def password_file(var_dir: Path) -> Path:
    return var_dir / "demo-desk-password"


def _password(var_dir: Path) -> str:
    path = password_file(var_dir)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(password + "\n")
    return password


def seed(database_url: str, var_dir: Path) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        accounts = AccountStore(engine)
        if accounts.tenant(DESK_TENANT) is None:
            accounts.create_tenant(DESK_TENANT, DESK_NAME, TIMEZONE, parse_hours("altijd"))
        if accounts.agent_by_email(AGENT_EMAIL) is None:
            hashed = hash_password(_password(var_dir))
            accounts.create_agent(DESK_TENANT, AGENT_EMAIL, AGENT_NAME, "admin", hashed)
        if accounts.tenant(INTRANET_TENANT) is None:
            accounts.create_tenant(INTRANET_TENANT, INTRANET_NAME, TIMEZONE, parse_hours("ma-vr 09:00-17:00"))
        TenantKeys(engine).secret(INTRANET_TENANT)
    finally:
        engine.dispose()


def main() -> int:
    var_dir = Path(os.environ.get("MW_VAR_DIR", str(ROOT / "var")))
    database_url = os.environ.get("MW_DATABASE_URL") or f"sqlite:///{var_dir / 'gateway.db'}"
    seed(database_url, var_dir)
    print(f"Demo-servicedesk: {AGENT_EMAIL}, wachtwoord in {password_file(var_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
