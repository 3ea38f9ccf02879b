"""The chat rate limit, held in the database so that every bot process sharing it agrees.

A sliding-window counter: updates are counted per user per minute in ``rate_limits`` (one
atomic upsert), and the estimate is this minute's count plus last minute's, weighted by how
much of last minute still lies in the window. Two processes behind one load balancer therefore
see one limit, not one each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from corpus.storage.models import RateLimitRow
from corpus.storage.store import Store


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    first_refusal: bool  # the update that went over the limit (say so once, then stay quiet)


class RateLimit:
    """At most ``limit`` updates per user in any ``window`` seconds, across processes."""

    def __init__(
        self,
        store: Store,
        limit: int = 30,
        window: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store, self.limit, self.window, self.clock = store, limit, window, clock
        dialect = store.engine.dialect.name
        self._insert = postgresql.insert if dialect == "postgresql" else sqlite.insert

    def check(self, user_id: int) -> Verdict:
        """Count one update from ``user_id`` and say whether it is within the limit."""
        now = self.clock()
        minute = int(now // self.window)
        weight = 1.0 - (now % self.window) / self.window
        table = RateLimitRow.__table__
        upsert = self._insert(table).values(user_id=user_id, minute=minute, count=1)
        upsert = upsert.on_conflict_do_update(
            index_elements=["user_id", "minute"], set_={"count": table.c.count + 1}
        ).returning(table.c.count)
        with self.store.session() as s:
            s.execute(delete(table).where(table.c.user_id == user_id, table.c.minute < minute - 1))
            current = int(s.execute(upsert).scalar_one())
            before = s.scalar(
                select(table.c.count).where(
                    table.c.user_id == user_id, table.c.minute == minute - 1
                )
            )
        estimate = (before or 0) * weight + current
        allowed = estimate <= self.limit
        return Verdict(allowed, not allowed and estimate - 1 <= self.limit)
