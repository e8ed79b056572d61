"""Alembic environment: uses the connection handed over by api.store.migrate, or MW_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import api.desk.tables  # noqa: F401  (registers the desk's tables on Base.metadata)
from api.insights import tables as insight_tables  # noqa: F401  (the insight figures' tables)
from api.store.db import make_engine
from api.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from api.settings import Settings

    engine = make_engine(Settings().database_url)
    with engine.connect() as new_connection:
        _run(new_connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run them against a database")
run_migrations_online()
