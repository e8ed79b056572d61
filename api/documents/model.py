"""What a document says, as plain data: the renderers (HTML, PDF, .docx, mail text) only lay it out.

Dutch (B1, "je") is written by `overview.py` and `letters.py`; nothing here knows FastAPI.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # set apart ("Let op: ...")


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Heading | Paragraph | Bullets


@dataclass(frozen=True)
class Letter:
    """A letter to the employer, or (without sender and recipient) the sheet for the talk."""

    kind: str
    title: str
    date: str  # in Dutch: "4 januari 2027"
    blocks: tuple[Block, ...]
    sender: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    subject: str | None = None
    salutation: str | None = None
    closing: tuple[str, ...] = ()

    @property
    def is_letter(self) -> bool:
        return self.salutation is not None

    def text(self) -> str:
        """Every line as plain text (tests, and the length of what was made)."""
        lines = [self.title, *self.sender, self.date, *self.recipient]
        lines += [self.subject or "", self.salutation or ""]
        for block in self.blocks:
            lines += list(block.items) if isinstance(block, Bullets) else [block.text]
        return "\n".join(line for line in [*lines, *self.closing] if line)


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    url: str | None = None

    @property
    def tel(self) -> str | None:
        """The phone number for a tel: link ("030 760 60 55" -> "0307606055")."""
        if not self.phone:
            return None
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return digits or None


@dataclass(frozen=True)
class OverviewItem:
    title: str
    summary: str
    reasons: tuple[str, ...]
    amount: str | None
    first_step: str | None
    contact: Contact
    source: str | None
    source_url: str | None
    verified_on: str | None  # in Dutch


@dataclass(frozen=True)
class OverviewGroup:
    title: str
    items: tuple[OverviewItem, ...]


@dataclass(frozen=True)
class Overview:
    date: str
    situation: tuple[tuple[str, str], ...]  # (what, value) the assistant understood
    leave: str | None  # the leave maxima for the person's hours
    groups: tuple[OverviewGroup, ...]
    more: tuple[OverviewItem, ...] = ()  # the engine's other items: titles and contact only
    help_lines: tuple[Contact, ...] = field(default_factory=tuple)

    @property
    def items(self) -> tuple[OverviewItem, ...]:
        return tuple(item for group in self.groups for item in group.items)
