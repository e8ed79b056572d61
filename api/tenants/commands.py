"""The desk CLI's commands for intranet embedding (registered in api/desk/cli.py):

    python -m api.desk.cli tenant-secret voorbeeld-zorggroep [--rotate] [--grace-hours 24]
    python -m api.desk.cli tenant-origins voorbeeld-zorggroep https://intranet.voorbeeld.nl [...] | --clear
    python -m api.desk.cli tenant-colour voorbeeld-zorggroep "#1f6f8b" | --clear

`tenant-secret` prints only the secret (for a script to pass on to the intranet's server); the
intranet's server signs each page's `tenant_token` with it (docs/gateway.md, "Intranets").
"""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from typing import Any

from api.tenants.origins import origin_problem
from api.tenants.store import DEFAULT_GRACE, TenantKeys, UnknownTenant

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
COMMANDS = ("tenant-secret", "tenant-origins", "tenant-colour")


MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: the widget's white text on this colour


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white on `colour` ("#rrggbb")."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return 1.05 / (luminance + 0.05)


class TenantCommandError(Exception):
    """One Dutch line for the person at the terminal."""


def add_parsers(commands: Any) -> None:
    secret = commands.add_parser("tenant-secret", help="geheim waarmee het intranet de tenant_token tekent")
    secret.add_argument("tenant_id")
    secret.add_argument("--rotate", action="store_true", help="nieuw geheim; het oude blijft even geldig")
    secret.add_argument(
        "--grace-hours",
        type=float,
        default=DEFAULT_GRACE.total_seconds() / 3600,
        help="hoe lang het oude geheim na --rotate geldig blijft (standaard: 24)",
    )
    origins = commands.add_parser("tenant-origins", help="websites die de chat van deze organisatie tonen")
    origins.add_argument("tenant_id")
    origins.add_argument("origins", nargs="*", help="bijvoorbeeld https://intranet.voorbeeld.nl")
    origins.add_argument("--clear", action="store_true", help="alle websites weghalen")
    colour = commands.add_parser("tenant-colour", help="kleur van de chat op het intranet")
    colour.add_argument("tenant_id")
    colour.add_argument("colour", nargs="?", help='bijvoorbeeld "#1f6f8b"')
    colour.add_argument("--clear", action="store_true", help="standaardkleur")


def run(args: argparse.Namespace, keys: TenantKeys) -> str:
    try:
        return _run(args, keys)
    except UnknownTenant:
        raise TenantCommandError(
            f"De organisatie '{args.tenant_id}' bestaat niet. Maak hem eerst met create-tenant."
        ) from None


def _run(args: argparse.Namespace, keys: TenantKeys) -> str:
    if args.command == "tenant-secret":
        if args.grace_hours < 0:
            raise TenantCommandError("--grace-hours kan niet negatief zijn.")
        return keys.secret(args.tenant_id, rotate=args.rotate, grace=timedelta(hours=args.grace_hours))
    if args.command == "tenant-origins":
        if args.clear == bool(args.origins):
            raise TenantCommandError("Geef een of meer websites, of --clear.")
        for origin in args.origins:
            if problem := origin_problem(origin):
                raise TenantCommandError(problem)
        origins = sorted({origin.lower() for origin in args.origins})  # browsers send them in lower case
        keys.set_origins(args.tenant_id, origins)
        shown = ", ".join(origins) or "geen (elke website met een geldige tenant_token)"
        return f"Websites van {args.tenant_id}: {shown}. Binnen 30 seconden actief."
    if args.clear == bool(args.colour):
        raise TenantCommandError('Geef een kleur als "#1f6f8b", of --clear.')
    if args.colour and not COLOUR.match(args.colour):
        raise TenantCommandError(f"'{args.colour}' is geen kleur: schrijf hem als #1f6f8b.")
    if args.colour and contrast_with_white(args.colour) < MIN_CONTRAST:
        raise TenantCommandError(
            f"Witte tekst is op {args.colour} slecht te lezen (contrast "
            f"{contrast_with_white(args.colour):.1f}, minstens {MIN_CONTRAST}). Kies een donkerdere kleur."
        )
    keys.set_colour(args.tenant_id, args.colour.lower() if args.colour else None)
    return f"Kleur van {args.tenant_id}: {args.colour.lower() if args.colour else 'standaard'}."
