"""The desk CLI's insight commands (registered in api/desk/cli.py):

    python -m api.desk.cli insights TENANT [--month YYYY-MM] [--json]
    python -m api.desk.cli tenant-municipality TENANT [GM0153 | --clear]
    python -m api.desk.cli create-tenant ... --municipality GM0153

`insights` prints the tenant's figures of a finished month (default: the last one, Amsterdam time) as a Dutch
table, or with --json as JSON: counts, with every group under 10 people as {"suppressed": true}.
A tenant with a municipality also gets the public site's figures for people cared for there.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import Engine

from api.desk.accounts import AccountError
from api.insights.figures import report, table
from api.insights.store import (
    InsightStore,
    UnknownTenant,
    is_finished,
    is_month,
    is_municipality,
    last_finished_month,
)
from api.store.records import utcnow
from api.texts import desk as texts
from bot.places import municipality_by_code

COMMANDS = ("insights", "tenant-municipality")


class InsightCliError(AccountError):
    """One Dutch line for the person at the terminal (the desk CLI prints it as an error)."""


def add_commands(commands: Any, create_tenant: argparse.ArgumentParser) -> None:
    """Adds `insights` and `tenant-municipality`, and `--municipality` to create-tenant."""
    municipality_help = (
        "CBS-code van de gemeente, bijvoorbeeld GM0153: ziet ook de cijfers van de openbare site"
    )
    create_tenant.add_argument("--municipality", default=None, help=municipality_help)

    insights = commands.add_parser("insights", help="cijfers per maand (groepen onder 10 verborgen)")
    insights.add_argument("tenant_id")
    insights.add_argument(
        "--month", default=None, help="JJJJ-MM (standaard: de vorige maand; alleen afgelopen maanden)"
    )
    insights.add_argument("--json", action="store_true", help="als JSON")

    setting = commands.add_parser("tenant-municipality", help="gemeente van een organisatie zetten of wissen")
    setting.add_argument("tenant_id")
    setting.add_argument("code", nargs="?", default=None, help=municipality_help)
    setting.add_argument("--clear", action="store_true", help="geen gemeente meer")


def municipality_code(value: str | None) -> str | None:
    """A CBS code of an existing municipality (upper case), or None for None."""
    if value is None:
        return None
    code = value.strip().upper()
    if not is_municipality(code) or municipality_by_code(code) is None:
        raise InsightCliError(texts.INSIGHT_ERRORS["municipality"].format(code=value))
    return code


def set_municipality(engine: Engine, tenant_id: str, code: str | None) -> str:
    try:
        tenant = InsightStore(engine).set_municipality(tenant_id, code)
    except UnknownTenant:
        raise InsightCliError(texts.INSIGHT_ERRORS["unknown_tenant"].format(tenant=tenant_id)) from None
    return _municipality_line(tenant.id, tenant.municipality)


def _municipality_line(tenant_id: str, code: str | None) -> str:
    if code is None:
        return f"{tenant_id} heeft geen gemeente."
    place = municipality_by_code(code)
    return f"Gemeente van {tenant_id}: {code} ({place.display_name if place else code})."


def run(args: argparse.Namespace, engine: Engine) -> str:
    store = InsightStore(engine)
    try:
        if args.command == "tenant-municipality":
            if args.clear or args.code is not None:
                return set_municipality(
                    engine, args.tenant_id, None if args.clear else municipality_code(args.code)
                )
            return _municipality_line(args.tenant_id, store.tenant(args.tenant_id).municipality)
        month = args.month or last_finished_month(utcnow())
        if not is_month(month):
            raise InsightCliError(texts.INSIGHT_ERRORS["month"])
        if not is_finished(month, utcnow()):
            raise InsightCliError(texts.ERRORS["month_not_finished"])
        data = report(store, args.tenant_id, month)
    except UnknownTenant:
        raise InsightCliError(texts.INSIGHT_ERRORS["unknown_tenant"].format(tenant=args.tenant_id)) from None
    return json.dumps(data, ensure_ascii=False, indent=2) if args.json else table(data)
