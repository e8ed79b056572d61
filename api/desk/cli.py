"""Desk accounts from the command line (the database is MW_DATABASE_URL's, migrated first).

    python -m api.desk.cli create-tenant gemeente-enschede --name "Gemeente Enschede" \\
        --hours "ma-vr 09:00-17:00"
    python -m api.desk.cli set-hours gemeente-enschede --hours "ma-do 09:00-17:00; vr 09:00-12:00"
    python -m api.desk.cli list-tenants
    python -m api.desk.cli create-agent --tenant gemeente-enschede --email sanne@enschede.nl \\
        --name "Sanne" [--role agent|supervisor|admin]
    python -m api.desk.cli set-password --email sanne@enschede.nl
    python -m api.desk.cli deactivate-agent --email sanne@enschede.nl   (activate-agent undoes it)
    python -m api.desk.cli list-agents [--tenant gemeente-enschede]
    python -m api.desk.cli tenant-secret voorbeeld-zorggroep [--rotate]   (api/tenants/commands.py)
    python -m api.desk.cli tenant-origins voorbeeld-zorggroep https://intranet.voorbeeld.nl
    python -m api.desk.cli tenant-colour voorbeeld-zorggroep "#1f6f8b"
    python -m api.desk.cli insights gemeente-enschede [--month 2026-12] [--json]
    python -m api.desk.cli tenant-municipality gemeente-enschede GM0153   (or --clear)

`insights`: the tenant's figures of a finished month (default: the last one), as a Dutch table or JSON; every
group of fewer than 10 people is "< 10" (JSON: {"suppressed": true}), also where it could be worked
out from the other figures (api/insights). `create-tenant --municipality GM0153` (or
`tenant-municipality`) makes it a municipality's tenant: it also sees the public site's figures for
people cared for in that municipality.

Passwords are never arguments: they are asked twice at a terminal, or read as the first line of
standard input (`--password-stdin`, or whenever standard input is not a terminal).
Opening hours: "ma-vr 09:00-17:00; za 10:00-12:00", "altijd" or "gesloten" (api/desk/hours.py).
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from api.desk.accounts import AccountError, AccountStore
from api.desk.hours import HoursError, parse_hours
from api.desk.passwords import hash_password, password_problem
from api.desk.records import Role
from api.desk.sessions import SessionStore
from api.insights import cli as insights_cli
from api.settings import load_settings
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.tenants import commands as tenant_commands
from api.tenants.store import TenantKeys

TENANT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
DEFAULT_HOURS = "ma-vr 09:00-17:00"


class CliError(Exception):
    """One line for the person at the terminal."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m api.desk.cli", description="Organisaties en accounts van de servicedesk."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tenant = commands.add_parser("create-tenant", help="nieuwe organisatie met openingstijden")
    tenant.add_argument("tenant_id", help="zoals de widget hem meestuurt (data-tenant)")
    tenant.add_argument("--name", required=True, help="naam zoals mensen hem lezen")
    tenant.add_argument("--hours", default=DEFAULT_HOURS, help=f"openingstijden (standaard: {DEFAULT_HOURS})")
    tenant.add_argument("--timezone", default=None, help="tijdzone (standaard: MW_DESK_TIMEZONE)")

    hours = commands.add_parser("set-hours", help="openingstijden van een organisatie vervangen")
    hours.add_argument("tenant_id")
    hours.add_argument("--hours", required=True)
    hours.add_argument("--timezone", default=None)

    commands.add_parser("list-tenants", help="organisaties met hun openingstijden")

    agent = commands.add_parser("create-agent", help="nieuw account (wachtwoord via prompt of stdin)")
    agent.add_argument("--tenant", required=True)
    agent.add_argument("--email", required=True)
    agent.add_argument("--name", required=True, help="naam die collega's en de persoon in de chat zien")
    agent.add_argument("--role", default="agent", choices=("agent", "supervisor", "admin"))
    agent.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin")

    password = commands.add_parser("set-password", help="nieuw wachtwoord; logt alle sessies uit")
    password.add_argument("--email", required=True)
    password.add_argument("--password-stdin", action="store_true")

    toggles = (("deactivate-agent", "account uitzetten"), ("activate-agent", "account weer aanzetten"))
    for name, text in toggles:
        toggle = commands.add_parser(name, help=text)
        toggle.add_argument("--email", required=True)

    listing = commands.add_parser("list-agents", help="accounts, per organisatie")
    listing.add_argument("--tenant", default=None)
    tenant_commands.add_parsers(commands)  # intranet embedding: secret, origins, colour
    insights_cli.add_commands(commands, tenant)  # insights, tenant-municipality (api/insights/cli.py)
    return parser


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nog een keer: ") != password:
            raise CliError("De twee wachtwoorden zijn niet gelijk.")
    problem = password_problem(password)
    if problem:
        raise CliError(problem)
    return password


def _hours(spec: str) -> str:
    try:
        parse_hours(spec)
    except HoursError as exc:
        raise CliError(f"Openingstijden: {exc}") from None
    return spec


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CliError(f"Onbekende tijdzone '{name}' (bijvoorbeeld Europe/Amsterdam).") from None
    return name


def _run(args: argparse.Namespace, accounts: AccountStore, sessions: SessionStore, default_tz: str) -> str:
    if args.command in tenant_commands.COMMANDS:
        return tenant_commands.run(args, TenantKeys(accounts.engine))
    if args.command in insights_cli.COMMANDS:
        return insights_cli.run(args, accounts.engine)
    if args.command == "create-tenant":
        if not TENANT_ID.match(args.tenant_id):
            raise CliError("De code mag letters, cijfers, '-', '_' en '.' bevatten (hoogstens 64 tekens).")
        if not args.name.strip():
            raise CliError("Geef een naam met --name.")
        tz = _timezone(args.timezone or default_tz)
        intervals = parse_hours(_hours(args.hours))
        municipality = insights_cli.municipality_code(args.municipality)
        tenant = accounts.create_tenant(args.tenant_id, args.name.strip(), tz, intervals)
        if municipality:
            insights_cli.set_municipality(accounts.engine, tenant.id, municipality)
        return f"Organisatie {tenant.id} ({tenant.name}) gemaakt; open: {tenant.hours.describe()} ({tz})."
    if args.command == "set-hours":
        new_zone = _timezone(args.timezone) if args.timezone else None
        tenant = accounts.set_hours(args.tenant_id, parse_hours(_hours(args.hours)), new_zone)
        return f"Openingstijden van {tenant.id}: {tenant.hours.describe()} ({tenant.timezone})."
    if args.command == "list-tenants":
        rows = [f"{t.id}\t{t.name}\t{t.hours.describe()}\t{t.timezone}" for t in accounts.tenants()]
        return "\n".join(rows) or "Nog geen organisaties."
    if args.command == "create-agent":
        if not EMAIL.match(args.email.strip()):
            raise CliError(f"'{args.email}' is geen e-mailadres.")
        if not args.name.strip() or len(args.name) > 100:
            raise CliError("Geef een naam van 1 tot 100 tekens met --name.")
        if accounts.tenant(args.tenant) is None:
            raise CliError(f"De organisatie '{args.tenant}' bestaat niet. Maak hem eerst met create-tenant.")
        role: Role = args.role
        password = _read_password(args.password_stdin)
        agent = accounts.create_agent(args.tenant, args.email, args.name, role, hash_password(password))
        return f"Account {agent.email} ({agent.display_name}, {agent.role}) gemaakt voor {agent.tenant_id}."
    if args.command == "set-password":
        found = accounts.agent_by_email(args.email)
        if found is None:
            raise CliError(f"Er is geen account met het e-mailadres {args.email.strip().lower()}.")
        accounts.set_password(found.id, hash_password(_read_password(args.password_stdin)))
        sessions.end_all(found.id)
        return f"Nieuw wachtwoord voor {found.email}; bestaande sessies zijn beëindigd."
    if args.command in ("deactivate-agent", "activate-agent"):
        active = args.command == "activate-agent"
        agent = accounts.set_active(args.email, active)
        if not active:
            sessions.end_all(agent.id)
        return f"Account {agent.email} staat {'aan' if active else 'uit'}."
    if args.command == "list-agents":
        agents = accounts.agents(args.tenant)
        rows = [
            f"{a.tenant_id}\t{a.email}\t{a.display_name}\t{a.role}\t{'actief' if a.active else 'uit'}"
            for a in agents
        ]
        return "\n".join(rows) or "Nog geen accounts."
    raise CliError(f"Onbekende opdracht {args.command}.")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        accounts = AccountStore(engine)
        sessions = SessionStore(engine, idle=_NO_TIME, lifetime=_NO_TIME)
        print(_run(args, accounts, sessions, settings.desk_timezone))
        return 0
    except (CliError, AccountError, tenant_commands.TenantCommandError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    finally:
        engine.dispose()


_NO_TIME = timedelta(0)  # this CLI only ends sessions

if __name__ == "__main__":
    sys.exit(main())
