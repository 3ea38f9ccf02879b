"""Alembic environment. townreport runs migrations itself (corpus.storage.store.open_store);
developers can also run ``alembic -c corpus/storage/alembic.ini upgrade head`` with
``TOWNREPORT_DATABASE_URL`` set."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from corpus.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # several processes may start at once against one database
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7461727)")
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("TOWNREPORT_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    with create_engine(url).connect() as conn:
        _run(conn)
        conn.commit()
