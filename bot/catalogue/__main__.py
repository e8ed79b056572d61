"""``python -m bot.catalogue check [--root DIR] [--today YYYY-MM-DD] [--quiet]``;
``python -m bot.catalogue schema [--write]`` prints (or writes) bot/catalogue/item.schema.json."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.catalogue.loader import DEFAULT_ROOT, validate
from bot.catalogue.schema import SCHEMA_FILE, schema_text, write_schema_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.catalogue", description="Check the catalogue files.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="load every file and report every problem")
    check.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="catalogue folder")
    check.add_argument("--today", type=_date, default=None, help="date to age verified_on against")
    check.add_argument("--quiet", action="store_true", help="print errors only, no warnings")
    schema = commands.add_parser("schema", help="print the JSON Schema of a catalogue file")
    schema.add_argument("--write", action="store_true", help=f"write it to {SCHEMA_FILE.name}")
    args = parser.parse_args(argv)
    if args.command == "schema":
        if not args.write:
            print(schema_text(), end="")
        else:
            print(f"{SCHEMA_FILE.name}: {'written' if write_schema_file() else 'already current'}")
        return 0

    report = validate(args.root, today=args.today)
    for problem in report.problems:
        if problem.severity == "error" or not args.quiet:
            print(problem)
    summary = (
        f"{len(report.items)} items in {report.files} files: "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )
    print(summary, file=sys.stderr if report.errors else sys.stdout)
    return 1 if report.errors else 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
