"""The chat rate limit, held in the database so that every bot process sharing it agrees.

A sliding-window counter: updates are counted per user per minute in the store (one atomic
upsert, :meth:`corpus.storage.store.Store.count_update`), and the estimate is this minute's
count plus last minute's, weighted by how much of last minute still lies in the window. Two
processes behind one load balancer therefore see one limit, not one each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

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

    def check(self, user_id: int) -> Verdict:
        """Count one update from ``user_id`` and say whether it is within the limit."""
        now = self.clock()
        minute = int(now // self.window)
        weight = 1.0 - (now % self.window) / self.window
        current, before = self.store.count_update(user_id, minute)
        estimate = before * weight + current
        allowed = estimate <= self.limit
        return Verdict(allowed, not allowed and estimate - 1 <= self.limit)
