"""Password hashing with Argon2id (argon2-cffi's recommended parameters).

Hashing costs tens of milliseconds and 64 MiB on purpose: call these in a worker thread.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 256

_hasher = PasswordHasher()


def password_problem(password: str) -> str | None:
    """None when the password may be used, else one Dutch line saying why not."""
    if len(password) < MIN_LENGTH:
        return f"Het wachtwoord is te kort: gebruik minstens {MIN_LENGTH} tekens."
    if len(password) > MAX_LENGTH:
        return f"Het wachtwoord is te lang: gebruik hoogstens {MAX_LENGTH} tekens."
    if password.strip() != password:
        return "Het wachtwoord mag niet met een spatie beginnen of eindigen."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters (rehash after a good login)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password-only-for-timing")


def spend_verify_time(password: str) -> None:
    """Verifies against a dummy hash, so an unknown e-mail address takes as long as a wrong password."""
    verify_password(_dummy_hash(), password)
