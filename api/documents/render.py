"""Documents from templates: HTML (Jinja2, autoescaped), PDF (WeasyPrint from that HTML), .docx
(python-docx, from the same content) and the mail's plain text. CPU-bound and synchronous: the
service calls these in a worker thread. Nothing is written to disk."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.shared import Pt
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.documents.model import Bullets, Heading, Letter, Overview, Paragraph

TEMPLATES = Path(__file__).with_name("templates")

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html; charset=utf-8"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def overview_html(overview: Overview, *, print_view: bool = False) -> str:
    return _environment().get_template("overview.html").render(o=overview, print_view=print_view)


def overview_text(overview: Overview) -> str:
    return _environment().get_template("overview.txt").render(o=overview)


def letter_html(letter: Letter) -> str:
    return _environment().get_template("letter.html").render(l=letter)


def pdf(html: str, title: str) -> bytes:
    """HTML -> PDF. Relative URLs are not followed (base_url None: nothing is fetched)."""
    from weasyprint import HTML as WeasyHTML  # Pango is loaded on first use, not at import of the app

    document = WeasyHTML(string=html, base_url=None).render()
    document.metadata.title = title
    document.metadata.authors = ["Mantelwijzer"]
    result: bytes = document.write_pdf()
    return result


def overview_pdf(overview: Overview) -> bytes:
    return pdf(overview_html(overview), f"Je overzicht van Mantelwijzer ({overview.date})")


def letter_pdf(letter: Letter) -> bytes:
    return pdf(letter_html(letter), letter.title)


def letter_docx(letter: Letter) -> bytes:
    """The same content as the PDF, as an editable Word document."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    document.core_properties.title = letter.title
    document.core_properties.author = letter.sender[0] if letter.sender else ""
    if letter.is_letter:
        for line in letter.sender:
            document.add_paragraph(line)
        if letter.recipient:
            document.add_paragraph("\n".join(letter.recipient))
        document.add_paragraph(letter.date)
        subject = document.add_paragraph()
        subject.add_run(letter.subject or "").bold = True
        document.add_paragraph(letter.salutation or "")
    else:
        document.add_heading(letter.title, level=1)
        document.add_paragraph(f"Gemaakt op {letter.date}")
    for block in letter.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=2)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(block.text)
            run.italic = block.note
    if letter.closing:
        document.add_paragraph(letter.closing[0])
        document.add_paragraph("\n" + " ".join(letter.closing[1:]))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
