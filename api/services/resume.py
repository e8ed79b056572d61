"""Resume codes (issue 17): a way back to one's conversation from another tab, another browser
or later, and to erase it from there.

A code is 80 random bits written as 16 characters of Crockford's base32 in four groups
(`7K3M-Q9XD-2HVA-8RTC`). Only its SHA-256 is stored (80 bits need no salt or key: guessing one of
the codes in use is hopeless, and wrong attempts are limited per address). A conversation has one
code at a time (a new one replaces it); it is valid as long as the conversation is kept without
further activity (MW_RETENTION_DAYS), or until the conversation is erased or purged (it is deleted
with it), so that "the code works until …" is never later than the conversation can last.
Resuming gives a new token for the conversation; the old tab's token stays valid. Neither the code
nor a token is ever logged.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from api.services.errors import ConversationNotFound, ResumeCodeUnknown
from api.services.lifecycle import hash_token
from api.store.records import utcnow
from api.store.resume import ResumeStore
from api.threads import in_thread

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
_READ_AS = {"I": "1", "L": "1", "O": "0"}  # what people mistype, read as Crockford does
CODE_LENGTH = 16  # 16 x 5 bits = 80 bits


def new_code() -> str:
    """80 random bits, as `XXXX-XXXX-XXXX-XXXX`."""
    value = int.from_bytes(secrets.token_bytes(10), "big")
    chars = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))
    return "-".join(chars[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise(code: str) -> str | None:
    """The 16 characters of a code as typed (any case, with or without dashes or spaces; I, L and
    O read as 1, 1 and 0), or None when it cannot be one."""
    chars = "".join(_READ_AS.get(c, c) for c in code.upper() if c not in "- \t")
    if len(chars) != CODE_LENGTH or any(c not in ALPHABET for c in chars):
        return None
    return chars


def hash_code(code: str) -> str:
    """The stored form of a normalised code."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class Resumed:
    conversation_id: str
    token: str
    expires_at: datetime


class ResumeCodes:
    def __init__(self, store: ResumeStore, days: int) -> None:
        self._store = store
        self._valid = timedelta(days=days)

    async def issue(self, conversation_id: str) -> IssuedCode:
        """A new code for the conversation (the earlier one no longer works)."""
        code = new_code()
        expires_at = utcnow() + self._valid
        stored = hash_code(code.replace("-", ""))
        if not await in_thread(self._store.set_code, conversation_id, stored, expires_at):
            raise ConversationNotFound
        return IssuedCode(code, expires_at)

    async def resume(self, code: str) -> Resumed:
        """A new token for the conversation of a valid code; ResumeCodeUnknown otherwise."""
        chars = normalise(code)
        if chars is None:
            raise ResumeCodeUnknown
        found = await in_thread(self._store.find, hash_code(chars), utcnow())
        if found is None:
            raise ResumeCodeUnknown
        token = secrets.token_urlsafe(32)
        if not await in_thread(self._store.add_token, found.conversation_id, hash_token(token)):
            raise ResumeCodeUnknown  # erased in between
        return Resumed(found.conversation_id, token, found.expires_at)

    async def purge_expired(self) -> int:
        return await in_thread(self._store.purge_expired, utcnow())
