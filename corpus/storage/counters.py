"""Counters kept in the database (the chat rate limit's updates per user and minute): the one
atomic upsert each dialect writes differently. Only :mod:`corpus.storage.store` calls it."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select

from corpus.storage.models import RateLimitRow


def count_update(conn: Connection, user_id: int, minute: int) -> tuple[int, int]:
    """Count one update of ``user_id`` in ``minute``; forget its older minutes. Returns this
    minute's count (this one included) and the previous minute's."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = RateLimitRow.__table__
    upsert = (
        insert(table)
        .values(user_id=user_id, minute=minute, count=1)
        .on_conflict_do_update(
            index_elements=["user_id", "minute"], set_={"count": table.c.count + 1}
        )
        .returning(table.c.count)
    )
    conn.execute(delete(table).where(table.c.user_id == user_id, table.c.minute < minute - 1))
    current = int(conn.execute(upsert).scalar_one())
    before = conn.execute(
        select(table.c.count).where(table.c.user_id == user_id, table.c.minute == minute - 1)
    ).scalar()
    return current, int(before or 0)
