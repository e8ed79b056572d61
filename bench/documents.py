"""How long each document takes to make (issue 14): median and slowest of N runs, in milliseconds.

    .venv/bin/python bench/documents.py [--runs 5] [--png /tmp/mw-docs]

Made in-process, the way the gateway makes them (content, then HTML -> PDF with WeasyPrint, or
.docx with python-docx), for a person working 32 hours a week who cares for a brother or sister
in Enschede. The first run of each also counts fonts and templates loading; the catalogue is
loaded once before timing (the gateway keeps it). Figures only: nothing is asserted.

With --png, the PDF's first page of the overview and of the langdurend-zorgverlof letter are
saved as PNG too (Chromium through Playwright opens the HTML the PDF is made from, in print
media at A4 width; WeasyPrint itself no longer writes PNG), with the PDFs beside them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.documents import letters, render
from api.documents.overview import build_overview
from api.texts.documents import FIELD_LABELS
from bot.catalogue import default_catalogue
from bot.engine import recommend
from bot.profile import Profile

PROFILE = Profile.from_dict(
    {
        "relationship": "sibling",
        "care_hours_per_week": 10,
        "recipient_municipality": "GM0153",
        "employment": "employee",
        "work_hours_per_week": 32,
        "employer_size": "large",
    }
)
TODAY = date(2027, 1, 4)
FIELDS = letters.parse_fields(
    {
        "name": "Sam de Vries",
        "employer": "Bakkerij Jansen",
        "manager": "Anne",
        "start_date": (TODAY + timedelta(days=30)).isoformat(),
        "weeks": 6,
        "hours_per_week": 16,
    },
    TODAY,
    lambda name: FIELD_LABELS[name],
)


def _time(make: Callable[[], object], runs: int) -> tuple[float, float, float, int]:
    """(first, median, max) milliseconds, and the size of the result."""
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = make()
        times.append((time.perf_counter() - started) * 1000)
        size = len(result) if isinstance(result, (bytes, str)) else 0
    return times[0], statistics.median(times), max(times), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--png", type=Path, help="save PNGs of the first pages here")
    args = parser.parse_args()

    started = time.perf_counter()
    ranked = recommend(PROFILE, default_catalogue())
    print(f"catalogue load + recommend (once): {(time.perf_counter() - started) * 1000:.0f} ms")
    overview = build_overview(PROFILE, ranked[:8], TODAY, ranked)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("overview.pdf (8 items + 'meer')", lambda: render.overview_pdf(overview)),
        ("overview.html (print view)", lambda: render.overview_html(overview, print_view=True)),
        ("overview mail text", lambda: render.overview_text(overview)),
    ]
    for kind in letters.KINDS:
        letter = letters.build_letter(kind, PROFILE, FIELDS, TODAY)
        cases.append((f"{kind}.pdf", lambda letter=letter: render.letter_pdf(letter)))  # type: ignore[misc]
        cases.append((f"{kind}.docx", lambda letter=letter: render.letter_docx(letter)))  # type: ignore[misc]

    print(f"{'document':38} {'first':>8} {'median':>8} {'max':>8} {'bytes':>8}   ({args.runs} runs)")
    for name, make in cases:
        first, median, slowest, size = _time(make, args.runs)
        print(f"{name:38} {first:8.0f} {median:8.0f} {slowest:8.0f} {size:8d}")

    if args.png:
        save_pngs(args.png, overview)
    return 0


def save_pngs(folder: Path, overview: object) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    letter = letters.build_letter("langdurend-zorgverlof", PROFILE, FIELDS, TODAY)
    pages = {
        "overzicht": (render.overview_html(overview), render.overview_pdf(overview)),  # type: ignore[arg-type]
        "brief-langdurend-zorgverlof": (render.letter_html(letter), render.letter_pdf(letter)),
    }
    a4_width, a4_height = 794, 1123  # CSS pixels at 96 dpi
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": a4_width, "height": a4_height}, device_scale_factor=1.5)
        page.emulate_media(media="print")
        for name, (html, pdf) in pages.items():
            (folder / f"{name}.pdf").write_bytes(pdf)
            page.set_content(html.replace("<body", '<body style="padding: 2cm"', 1))
            page.screenshot(
                path=str(folder / f"{name}-pagina-1.png"),
                clip={"x": 0, "y": 0, "width": a4_width, "height": a4_height},
            )
            print(f"saved {folder / f'{name}-pagina-1.png'} and {name}.pdf")
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
