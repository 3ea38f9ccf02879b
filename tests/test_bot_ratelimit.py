"""The chat rate limit lives in the database: two processes' stores share one count."""

from __future__ import annotations

from bot.ratelimit import RateLimit
from corpus.storage.store import open_store


def test_the_limit_holds_across_processes_sharing_a_database(db_url: str) -> None:
    now = [1_000_000.0]
    first, second = open_store(db_url), open_store(db_url)  # as two bot processes would
    try:
        a = RateLimit(first, limit=3, window=60, clock=lambda: now[0])
        b = RateLimit(second, limit=3, window=60, clock=lambda: now[0])
        verdicts = [a.check(7), b.check(7), a.check(7), b.check(7), a.check(7)]
        assert [v.allowed for v in verdicts] == [True, True, True, False, False]
        assert [v.first_refusal for v in verdicts] == [False, False, False, True, False]
        assert b.check(8).allowed  # per user
        now[0] += 60 * 2  # two windows later the user may ask again
        assert a.check(7).allowed and b.check(7).allowed
        now[0] += 30  # half of the last minute still counts
        assert [a.check(7).allowed for _ in range(2)] == [True, False]
    finally:
        first.engine.dispose()
        second.engine.dispose()
