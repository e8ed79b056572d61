"""The desk's tenants and accounts, made with its documented CLI (`python -m api.desk.cli`), for
the tests that run a gateway: shared by the browser tests and the channel stack tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "desk-test-wachtwoord"


def desk_cli(database_url: str, *args: str, password: str | None = None) -> str:
    env = {**os.environ, "MW_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "api.desk.cli", *args],
        cwd=ROOT,
        env=env,
        input=f"{password}\n" if password is not None else "",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def seed_tenant(database_url: str, tenant: str, name: str, hours: str) -> None:
    """Creates the tenant, or sets its hours when a test of this session made it already."""
    if re.search(rf"^{re.escape(tenant)}\t", desk_cli(database_url, "list-tenants"), re.MULTILINE):
        desk_cli(database_url, "set-hours", tenant, "--hours", hours)
    else:
        desk_cli(database_url, "create-tenant", tenant, "--name", name, "--hours", hours)


def seed_agent(database_url: str, tenant: str, email: str, name: str) -> str:
    account = ("--tenant", tenant, "--email", email, "--name", name)
    desk_cli(database_url, "create-agent", *account, "--password-stdin", password=PASSWORD)
    return email
