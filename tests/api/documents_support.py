"""Shared by the documents tests: a bot that shows an overview (with its profile), PDF and docx text."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from api.services.documents import today_in_nl
from bot.catalogue import default_catalogue
from bot.engine import recommend
from bot.profile import Profile
from tests.api.fakes import Reply, bot_says

#: A working caregiver: 32 hours a week, cares for a brother or sister with dementia in Enschede.
PROFILE: dict[str, Any] = {
    "relationship": "sibling",
    "condition": "dementia",
    "care_hours_per_week": 10.0,
    "lives_together": False,
    "recipient_municipality": "GM0153",
    "employment": "employee",
    "work_hours_per_week": 32.0,
    "employer_size": "large",
}


def overview_items(profile: dict[str, Any] = PROFILE, count: int = 6) -> list[dict[str, Any]]:
    """The engine's best items, as the overview message carries them."""
    return recommend(Profile.from_dict(profile), default_catalogue())[:count]


def overview_reply(profile: dict[str, Any] | None = PROFILE, count: int = 6) -> Reply:
    """Rasa answering with the overview payload (with `profile` unless None)."""
    custom: dict[str, Any] = {
        "type": "recommendations",
        "text": "Dit is je overzicht.",
        "items": overview_items(profile or PROFILE, count),
    }
    if profile is not None:
        custom["profile"] = dict(profile)
    return bot_says({"custom": custom})


def pdf_text(content: bytes) -> str:
    """The PDF's text with all whitespace as single spaces (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    return " ".join(" ".join(paragraph.text for paragraph in document.paragraphs).split())


def is_docx(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "word/document.xml" in archive.namelist()


def today() -> date:
    return today_in_nl()


def days_from_today(days: int) -> date:
    return today() + timedelta(days=days)


def first_page_png(content: bytes, path: Path, scale: float = 1.5) -> None:
    """A picture of a PDF's first page (PDFium), for the screenshots a person can look at."""
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        document[0].render(scale=scale).to_pil().save(path)
    finally:
        document.close()
