"""Long texts into parts a messaging provider accepts (WhatsApp: 4096 characters a text, 1024 an
interactive body; Telegram: 4096).

A part ends at the best bound within the limit: a paragraph bound (blank line), else a sentence
bound (". ", "? ", "! ", a newline), else a space. Web addresses, e-mail addresses and phone
numbers ("030 760 60 55", "0800-0113") are never cut: a run of text without spaces is only cut when
it alone is longer than the limit. Parts are stripped and never empty.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

# Where a part may end (the index where the part's text stops), strongest first.
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE = re.compile(r"[.?!…][\"'”’)\]]*(?=\s)|(?=\n)")
_SPACE = re.compile(r"(?=\s)")

# What is never cut where it has spaces or punctuation in it. Runs without spaces are kept whole
# anyway; these also cover a phone number written with spaces and an address ending a sentence.
_PROTECTED = re.compile(
    r"(?:https?://|www\.)\S+"  # a web address
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|(?:\+31[ \u00a0-]?|\b0)[0-9](?:[ \u00a0-]?[0-9]){6,10}\b",  # a Dutch phone number
    re.IGNORECASE,
)


def utf16_length(text: str) -> int:
    """The length in UTF-16 code units: how Telegram counts (an emoji may count as 2)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _weight(char: str, utf16: bool) -> int:
    return 2 if utf16 and ord(char) > 0xFFFF else 1


def _measure(text: str, utf16: bool) -> int:
    return utf16_length(text) if utf16 else len(text)


class _Bounds:
    """The allowed bounds of one text, per strength, sorted."""

    def __init__(self, text: str) -> None:
        spans = [match.span() for match in _PROTECTED.finditer(text)]
        starts = [start for start, _ in spans]

        def allowed(index: int) -> bool:
            at = bisect.bisect_left(starts, index) - 1  # the last span starting before index
            return at < 0 or index >= spans[at][1]

        def positions(pattern: re.Pattern[str], end: bool) -> list[int]:
            found = (match.end() if end else match.start() for match in pattern.finditer(text))
            return sorted({index for index in found if allowed(index)})

        self.levels = [
            positions(_PARAGRAPH, end=False),
            positions(_SENTENCE, end=True),
            positions(_SPACE, end=False),
        ]

    def last_within(self, low: int, high: int) -> int | None:
        """The last bound of the strongest kind with low < bound <= high."""
        for level in self.levels:
            at = bisect.bisect_right(level, high) - 1
            if at >= 0 and level[at] > low:
                return level[at]
        return None

    def first_within(self, low: int, high: int) -> int | None:
        """The first bound of the strongest kind with low <= bound < high."""
        for level in self.levels:
            at = bisect.bisect_left(level, low)
            if at < len(level) and level[at] < high:
                return level[at]
        return None


def _window_end(text: str, start: int, limit: int, utf16: bool) -> int:
    """The largest end with text[start:end] within the limit."""
    if not utf16:
        return min(len(text), start + limit)
    used = 0
    end = start
    while end < len(text):
        used += _weight(text[end], utf16)
        if used > limit:
            break
        end += 1
    return end


def _window_start(text: str, end: int, limit: int, utf16: bool) -> int:
    """The smallest start with text[start:end] within the limit."""
    if not utf16:
        return max(0, end - limit)
    used = 0
    start = end
    while start > 0:
        used += _weight(text[start - 1], utf16)
        if used > limit:
            break
        start -= 1
    return start


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _parts(text: str, limit: int, utf16: bool) -> Iterator[str]:
    bounds = _Bounds(text)
    start = _skip_space(text, 0)
    while start < len(text):
        rest = text[start:].rstrip()
        if _measure(rest, utf16) <= limit:
            yield rest
            return
        end = _window_end(text, start, limit, utf16)
        cut = bounds.last_within(start, end)
        if cut is None:  # one run without spaces, longer than the limit on its own
            cut = max(end, start + 1)
        part = text[start:cut].strip()
        if part:
            yield part
        start = _skip_space(text, cut)


def _check(limit: int) -> None:
    if limit < 2:
        raise ValueError("limit must be at least 2")


def split_text(text: str, limit: int, *, utf16: bool = False) -> list[str]:
    """`text` in parts of at most `limit` characters (UTF-16 code units when `utf16`), in order.

    A text within the limit comes back as one part, unchanged; a blank text as no parts."""
    _check(limit)
    if not text.strip():
        return []
    if _measure(text, utf16) <= limit:
        return [text]
    return list(_parts(text, limit, utf16))


def split_last(text: str, limit: int, *, utf16: bool = False) -> tuple[str, str]:
    """(head, tail): the longest tail within `limit` that starts at the best bound, and what comes
    before it (stripped; may be longer than the limit, or empty). For a message whose last part
    has a smaller limit (WhatsApp's interactive body), so its buttons stay under the last words."""
    _check(limit)
    stripped = text.strip()
    if _measure(stripped, utf16) <= limit:
        return "", stripped
    low = _window_start(stripped, len(stripped), limit, utf16)
    bounds = _Bounds(stripped)
    cut = bounds.first_within(max(low, 1), len(stripped))
    if cut is None:  # the text ends in one run without spaces, longer than the limit
        cut = low
    # A bound is where the part before it ends: the tail starts after the whitespace there.
    head, tail = stripped[:cut].strip(), stripped[cut:].strip()
    if not tail:
        return split_last(head, limit, utf16=utf16)
    return head, tail
