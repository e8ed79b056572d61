"""``python -m bot.catalogue check [--root DIR] [--today YYYY-MM-DD] [--quiet]``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.catalogue.loader import DEFAULT_ROOT, validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.catalogue", description="Check the catalogue files.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="load every file and report every problem")
    check.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="catalogue folder")
    check.add_argument("--today", type=_date, default=None, help="date to age verified_on against")
    check.add_argument("--quiet", action="store_true", help="print errors only, no warnings")
    args = parser.parse_args(argv)

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
