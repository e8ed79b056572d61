"""Database engine: SQLite file (WAL, foreign keys on) by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory databases or other backends)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def secure_delete(dbapi_connection: Any, _: Any = None) -> None:
    """Deleted rows and freed pages are overwritten with zeros (per connection): what a person
    erased does not linger in the file's free space."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    secure_delete(dbapi_connection)


def checkpoint(engine: Engine) -> bool:
    """After an erasure on SQLite: copies the write-ahead log into the database and truncates it
    to zero bytes, so no older page (with erased text) stays in the `-wal` file. Waits for
    readers (the busy timeout). True when the log is empty; always True for other databases,
    and for SQLite files not in WAL mode (nothing to do)."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        connection.commit()
    return not busy


def make_engine(url: str) -> Engine:
    """An engine for `url`; creates the folder of a SQLite file. Statement parameters (which hold
    what people wrote) are never put into error messages."""
    path = sqlite_path(url)
    if is_sqlite(url):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, hide_parameters=True, connect_args={"timeout": 30, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, hide_parameters=True, pool_pre_ping=True)
