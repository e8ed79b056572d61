"""Login backoff: after a few failed sign-ins an account (or a client address) must wait before
the next attempt: 1 s, then twice as long after every further failure, up to a cap. Never a lock:
after the wait one attempt is let through again, and a success resets the account's count.

The counts live in the database (`login_failures`), so several gateway replicas agree. An attempt
is counted *before* its password is checked (its rows locked while counting), so a burst of parallel
guesses cannot slip past the count; a success takes its own count back. Keys are keyed hashes
(HMAC-SHA256) of the e-mail address and of the client address: neither is stored.
A count is forgotten after `forget_after` without failures.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, case, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from api.desk.tables import DESK_KEYS, LOGIN_FAILURES
from api.store.records import utcnow

_KEY_NAME = "login_failures"
_TRIES = 8  # compare-and-set rounds before an attempt is asked to come back in a second


class _Raced(Exception):
    """Another request changed a count between our read and our write."""


@dataclass(frozen=True)
class BackoffRule:
    free_failures: int  # failures without a wait
    max_seconds: float  # the cap
    first_seconds: float = 1.0

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after the last of `failures` failures."""
        if failures < self.free_failures:
            return 0.0
        return min(self.max_seconds, self.first_seconds * 2 ** min(failures - self.free_failures, 32))


@dataclass(frozen=True)
class _Counted:
    key: str
    version: int  # the row's version after our count
    before: int  # failures before our count (after forgetting)
    before_at: datetime | None


@dataclass(frozen=True)
class Admission:
    """An attempt that was let through and counted as a failure until settled."""

    counted: tuple[_Counted, ...]


class LoginBackoff:
    def __init__(
        self,
        engine: Engine,
        *,
        account: BackoffRule,
        address: BackoffRule,
        key: str = "",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.rules = {"account": account, "address": address}
        self._secret = key.encode() if key else b""
        self.clock = clock
        longest = max(account.max_seconds, address.max_seconds)
        self.forget_after = timedelta(seconds=max(15 * 60, 3 * longest))

    # --- keys ----------------------------------------------------------------------------------

    def _key_bytes(self) -> bytes:
        if not self._secret:
            self._secret = self._stored_key().encode()
        return self._secret

    def _stored_key(self) -> str:
        """The random key in `desk_keys`, made by whichever replica needs it first."""
        for _ in range(3):
            with self.engine.begin() as connection:
                found = connection.execute(
                    select(DESK_KEYS.c.key).where(DESK_KEYS.c.name == _KEY_NAME)
                ).scalar()
                if found:
                    return str(found)
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        insert(DESK_KEYS).values(
                            name=_KEY_NAME, key=secrets.token_hex(32), created_at=utcnow()
                        )
                    )
            except IntegrityError:  # another replica made it at the same moment: read theirs
                continue
        raise RuntimeError("no key for the login backoff")

    def account_key(self, email: str) -> str:
        return self._hash("account", email)

    def address_key(self, address: str) -> str:
        return self._hash("address", address)

    def _hash(self, kind: str, value: str) -> str:
        return hmac.new(self._key_bytes(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    # --- attempts ------------------------------------------------------------------------------

    def _current(self, failures: int, last: datetime, now: datetime) -> int:
        return 0 if now - last > self.forget_after else failures

    def admit(self, keys: Sequence[tuple[str, str]], now: datetime | None = None) -> Admission | int:
        """`keys`: (kind, key) pairs ("account" / "address"). The whole seconds to wait when any of
        them is still waiting (nothing counted), else the attempt, counted as a failure."""
        for _ in range(_TRIES):
            try:
                return self._admit_once(keys, now)
            except (_Raced, IntegrityError):
                continue
        return 1

    def _admit_once(self, keys: Sequence[tuple[str, str]], now: datetime | None) -> Admission | int:
        table = LOGIN_FAILURES
        with self.engine.begin() as connection:
            # A write first: it locks the existing rows (PostgreSQL) or the database (SQLite) until
            # the end of this transaction, so concurrent attempts count one after the other.
            keyed = table.c.key.in_([key for _, key in keys])
            connection.execute(update(table).where(keyed).values(version=table.c.version))
            now = now or self.clock()  # after the lock: no one counted later than this
            rows = {row.key: row for row in connection.execute(select(table).where(keyed))}
            wait = 0.0
            for kind, key in keys:
                row = rows.get(key)
                if row is not None:
                    seconds = self.rules[kind].wait_after(
                        self._current(row.failures, row.last_failure_at, now)
                    )
                    if seconds > 0:
                        wait = max(
                            wait, (row.last_failure_at + timedelta(seconds=seconds) - now).total_seconds()
                        )
            if wait > 0:
                return max(1, math.ceil(wait))
            counted = []
            for _, key in keys:
                row = rows.get(key)
                if row is None:
                    connection.execute(
                        insert(table).values(key=key, failures=1, last_failure_at=now, version=1)
                    )
                    counted.append(_Counted(key, 1, 0, None))
                    continue
                before = self._current(row.failures, row.last_failure_at, now)
                result = connection.execute(
                    update(table)
                    .where(table.c.key == key, table.c.version == row.version)
                    .values(failures=before + 1, last_failure_at=now, version=row.version + 1)
                )
                if result.rowcount != 1:
                    raise _Raced
                counted.append(
                    _Counted(key, row.version + 1, before, row.last_failure_at if before else None)
                )
            return Admission(tuple(counted))

    def failed(self, admission: Admission) -> None:
        """The password was wrong: the wait counts from now (checking it took a while)."""
        now = self.clock()
        keys = [counted.key for counted in admission.counted]
        with self.engine.begin() as connection:
            connection.execute(
                update(LOGIN_FAILURES)
                .where(LOGIN_FAILURES.c.key.in_(keys), LOGIN_FAILURES.c.last_failure_at < now)
                .values(last_failure_at=now)
            )

    def succeeded(self, admission: Admission, account_key: str) -> None:
        """The password was right: the account starts again from zero; the address's count is
        taken back (a success is no failure, but does not wipe others' failures)."""
        with self.engine.begin() as connection:
            connection.execute(delete(LOGIN_FAILURES).where(LOGIN_FAILURES.c.key == account_key))
            # the cleaning of long-forgotten counts happens here, now and then
            connection.execute(
                delete(LOGIN_FAILURES).where(
                    LOGIN_FAILURES.c.last_failure_at < self.clock() - self.forget_after
                )
            )
        self.take_back(admission, skip=account_key)

    def take_back(self, admission: Admission, skip: str | None = None) -> None:
        """Undoes the count of an attempt that was not a failure (or never checked: too busy)."""
        table = LOGIN_FAILURES
        with self.engine.begin() as connection:
            for counted in admission.counted:
                if counted.key == skip:
                    continue
                mine = (table.c.key == counted.key) & (table.c.version == counted.version)
                if counted.before == 0 or counted.before_at is None:
                    result = connection.execute(delete(table).where(mine))
                else:
                    result = connection.execute(
                        update(table)
                        .where(mine)
                        .values(
                            failures=counted.before,
                            last_failure_at=counted.before_at,
                            version=table.c.version + 1,
                        )
                    )
                if result.rowcount != 1:  # counted again since: take one off what is there now
                    connection.execute(
                        update(table)
                        .where(table.c.key == counted.key)
                        .values(
                            failures=case((table.c.failures > 0, table.c.failures - 1), else_=0),
                            version=table.c.version + 1,
                        )
                    )
