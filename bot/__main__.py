"""Command line: ``python -m bot recommend --profile FILE|-`` and ``python -m bot places "Goor"``.

Bad input gives one line on stderr and exit code 2; a broken catalogue gives exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from bot.catalogue import DEFAULT_ROOT, CatalogueError, load_catalogue
from bot.engine import open_questions, recommend
from bot.profile import Profile, ProfileError

EXIT_BAD_INPUT = 2
EXIT_BROKEN_CATALOGUE = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: fout: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m bot", description="Mantelwijzer: aanbevelingen en plaatsnamen.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, text in (
        ("recommend", "aanbevelingen voor een profiel (JSON-lijst)"),
        ("questions", "velden die nog ontbreken en het advies zouden veranderen (JSON-lijst)"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--profile", required=True, help="JSON-bestand met het profiel, of - voor stdin")
        sub.add_argument("--tenant", default=None, help="tenant-id van de werkgever")
        sub.add_argument("--catalogue", type=Path, default=DEFAULT_ROOT, help="map met de catalogus")
    places = commands.add_parser("places", help="zoek de gemeente bij een plaatsnaam")
    places.add_argument("text", help='plaats of gemeente, bijvoorbeeld "Goor"')
    places.add_argument("--json", action="store_true", help="antwoord als JSON")
    args = parser.parse_args(argv)

    if args.command == "places":
        return _places(args.text, as_json=args.json)
    try:
        profile = Profile.from_dict(_read_profile(args.profile))
        catalogue = load_catalogue(args.catalogue)
    except (_InputError, ProfileError) as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except CatalogueError as exc:
        return _fail(f"de catalogus heeft fouten; draai 'python -m bot.catalogue check' ({exc})", 1)
    if args.command == "recommend":
        result: Any = recommend(profile, catalogue, tenant=args.tenant)
    else:
        result = open_questions(profile, catalogue, tenant=args.tenant)
    _write_json(result)
    return 0


class _InputError(ValueError):
    pass


def _read_profile(source: str) -> Any:
    name = "stdin" if source == "-" else source
    try:
        text = sys.stdin.buffer.read().decode("utf-8") if source == "-" else Path(source).read_text("utf-8")
    except FileNotFoundError:
        raise _InputError(f"Profiel niet gevonden: {name}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError(f"Profiel {name} is niet te lezen: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _InputError(
            f"Profiel {name} is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}"
        ) from None


def _places(text: str, as_json: bool) -> int:
    """One Dutch line (or JSON) for a place name; exit 0 when it names one municipality, else 1."""
    try:
        from bot import places
    except ImportError:
        return _fail("bot.places is er nog niet", 1)
    match = places.resolve_place(text)
    formatter = getattr(places, "format_place_match", None)
    if as_json or not callable(formatter):
        _write_json(_place_dict(match))
    else:
        sys.stdout.buffer.write(f"{formatter(match)}\n".encode())
    return 0 if match.municipality is not None else 1


def _place_dict(match: Any) -> dict[str, Any]:
    def municipality(m: Any) -> dict[str, Any] | None:
        if m is None:
            return None
        return {"code": m.code, "name": m.name, "display_name": m.display_name, "twente": m.twente}

    return {
        "municipality": municipality(match.municipality),
        "candidates": [municipality(c) for c in match.candidates],
        "town": match.town,
        "corrected": bool(getattr(match, "corrected", False)),
    }


def _write_json(value: Any) -> None:
    sys.stdout.buffer.write(json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


def _fail(message: str, code: int) -> int:
    print(f"fout: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
