"""PostgreSQL's full-text index: a passage's tokens as an ``int4[]`` of their hashes,
written with the row, under a GIN index (migration 0012); candidates newest first without
reading every match of a common token (see :class:`PostgresHashes`)."""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    text,
)

from corpus.storage.fts import IndexRow, _bind, _by_levels, _filters, _params

# testing a passage in the window (its hashes read) costs about as much as fetching this many
# GIN matches
WINDOW_COST = 4
FLOOR_KEPT_S = 300.0  # how long the statistics' rarest share is taken as read


def token_hash(token: str) -> int:
    """A token's key in PostgreSQL's index: the first 4 bytes of its UTF-8 MD5, big-endian,
    as a signed 32-bit integer. The same in every process and version, and the same as
    migration 0012's SQL function ``token_hashes`` computes in the database."""
    return int.from_bytes(
        hashlib.md5(token.encode(), usedforsecurity=False).digest()[:4], "big", signed=True
    )


def indexed(token: str) -> bool:
    """Whether PostgreSQL's index keeps a token: all but a single Han character (U+4E00 to
    U+9FFF), a sixth of a passage's tokens, which a question never asks for (it asks for
    words of two characters or more, and digits: ``corpus.search.answer._index_tokens``)."""
    return bool(token) and not (len(token) == 1 and "\u4e00" <= token <= "\u9fff")


def token_hashes(tokens: str) -> list[int]:
    """A passage's tokens (joined by spaces) as stored: distinct hashes of those
    :func:`indexed`, ascending."""
    return sorted({_hash_of(t) for t in tokens.split(" ") if indexed(t)})


@lru_cache(maxsize=500_000)  # the vocabulary, not the text: a token met again is not hashed
def _hash_of(token: str) -> int:
    return token_hash(token)


class PostgresHashes:
    """An ``int4[]`` of token hashes written with the row (migration 0012; no token text
    beside it) under a GIN index: ``@>`` finds the passages holding every token asked."""

    forgets_by_tokens = False

    def __init__(self) -> None:
        self._floor_read: tuple[float, float] | None = None  # (when, share)

    passage_columns = ("report_id", "section_ordinal", "ordinal", "text", "hashes")

    def passage_values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """A passage row for ``COPY``: its hashes worked out here, in the writing process,
        as the text of an ``int4[]`` the server only parses (its ``token_hashes`` function,
        kept for migrations, took 6 ms of server time per report)."""
        hashes = "{" + ",".join(map(str, token_hashes(row["tokens"]))) + "}"
        return (row["report_id"], row["section_ordinal"], row["ordinal"], row["text"], hashes)

    def add(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        return None  # written with the row

    def remove(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        return None  # deleting the row deletes its index entry

    def candidates(
        self,
        conn: Connection,
        tokens: Sequence[str],
        years: Sequence[int] | None,
        limit: int,
        shares: Mapping[str, float] | None = None,
    ) -> list[int]:
        if shares is None:  # once: pg_stats is not cheap to read (2–15 ms at 100,000 reports)
            shares = self.frequencies(conn, tokens)
        sizes = _sizes(conn)

        def newest(c: Connection, level: Sequence[str], ys: Sequence[int] | None, n: int):  # type: ignore[no-untyped-def]
            return self._newest(c, level, ys, n, shares, sizes)

        return _by_levels(newest, conn, tokens, years, limit)

    def _newest(
        self,
        conn: Connection,
        tokens: Sequence[str],
        years: Sequence[int] | None,
        limit: int,
        shares: Mapping[str, float],
        sizes: tuple[float, float],
    ) -> list[int]:
        """Passages holding every token, newest first.

        A GIN match cannot stop early: it returns every match, in heap order, to be sorted.
        That is cheap when the matches are few and costs a heap fetch per match when they
        are many (法治: 60% of all passages). So when the matches should outnumber the
        passages a window tests (share² × passages > limit × :data:`WINDOW_COST`), those of the newest reports are
        tested first, through the report index: as many reports as should hold ``limit``
        matches at the rarest token's share, then four times as many each step. Only if √(passages × limit) passages hold fewer than ``limit``
        matches are the older ones asked of the GIN index, and then the matches are known
        to be sparse. Neither step reads more than about that many rows, however many
        passages match; a common token is usually done after a few hundred.
        """
        if not tokens or not all(map(indexed, tokens)):
            return []  # a token the index does not keep is held by none
        query = _query(tokens)
        # the rarest token's share bounds the level's; common words go together more often
        # than independence would say, so the bound is the better guess. A token the
        # statistics leave out is rarer than the rarest they keep, but may still be in
        # thousands of passages: that share is its bound
        floor = self._floor(conn)
        rarest = min(tokens, key=lambda t: shares.get(t, floor))
        share = shares.get(rarest, floor)
        passages, per_report = sizes
        if share * share * passages <= WINDOW_COST * limit:
            # few matches (a rare token, or common ones rarely together): the GIN index
            # fetches only those, fewer than the window would test
            lead = token_hash(rarest)  # as _query hashes it
            return self._newest_matches(conn, query, years, limit, share * passages, lead)
        newest, cap = _newest_reports(conn, years, limit, passages, per_report)
        found: list[int] = []
        # first as many reports as should hold `limit` matches at that share
        # then four times as many each step, up to the cap
        end, step = 0, max(1, math.ceil(2 * limit / (share * per_report)))
        while end < len(newest) and end < cap:
            start, end = end, min(end + step, cap, len(newest))
            found += self._in_reports(conn, query, newest[start:end], limit - len(found))
            if len(found) >= limit:
                return found
            step *= 4
        if len(newest) <= cap:
            return found  # every report was tested
        return found + self._matches(conn, query, years, limit - len(found), below=newest[end - 1])

    def _in_reports(
        self, conn: Connection, query: list[int], reports: Sequence[int], limit: int
    ) -> list[int]:
        """Matches among the passages of ``reports``, through the report index."""
        sql = text(
            "SELECT id FROM passages WHERE report_id = ANY(:reports) "
            "AND hashes @> CAST(:q AS int4[]) ORDER BY id DESC LIMIT :limit"
        )
        rows = conn.execute(sql, {"q": query, "reports": list(reports), "limit": limit})
        return [r[0] for r in rows]

    def _newest_matches(
        self,
        conn: Connection,
        query: list[int],
        years: Sequence[int] | None,
        limit: int,
        expected: float,
        lead: int | None = None,
    ) -> list[int]:
        """Through the GIN index, newest first, up to ``expected`` matches in all: when they
        may be many (a token in 1% of 2 million passages is 20,000 heap fetches to sort),
        asked of the newest passages first, as many as should hold twice ``limit`` matches,
        then four times as many each step. Each step ANDs the GIN bitmap with the primary
        key's over the id range, so only matches in the range are fetched from the heap. Once
        the matches found so far say that few are left below (at most four times ``limit``,
        at the density seen), the rest is one plain GIN match: its heap fetches are those
        few, not a bitmap of most of the table. ``lead``: the hash of the rarest token (one
        of ``query``), the one the bitmaps are made of."""
        if expected <= 4 * limit:
            return self._matches(conn, query, years, limit, below=None)
        top = (conn.exec_driver_sql("SELECT max(id) FROM passages").scalar() or 0) + 1
        span = max(limit, math.ceil(2 * limit * top / expected))
        found: list[int] = []
        upper = top
        with _bitmaps_only(conn):
            while upper > 1 and len(found) < limit:
                lower = max(0, upper - span)
                found += self._matches(
                    conn, query, years, limit - len(found), None, (lower, upper), lead
                )
                upper, span = lower, span * 4
                if len(found) * upper <= 4 * limit * (top - upper):
                    break  # few are left below, at the density seen
        if upper > 1 and len(found) < limit:
            # the newest matches of the whole index begin with those found
            return self._matches(conn, query, years, limit, below=None)
        return found

    def _matches(
        self,
        conn: Connection,
        query: list[int],
        years: Sequence[int] | None,
        limit: int,
        below: int | None,
        ids: tuple[int, int] | None = None,
        lead: int | None = None,
    ) -> list[int]:
        """Through the GIN index (of reports older than ``below``, and passages of ids in
        ``ids`` [low, high), if given: then by the GIN bitmap of ``lead``, one of
        ``query``'s hashes, the first if not given)."""
        # match through the GIN index first (the planner would rather walk the primary key
        # backwards, testing every passage), then keep the newest
        older = " AND report_id < :below" if below is not None else ""
        held = "hashes @> CAST(:q AS int4[])"
        extra: dict[str, object] = {"below": below} if below is not None else {}
        if ids is not None:
            # the bitmaps of one hash and of the id range, ANDed; the others tested on the
            # rows found (an expression the index cannot answer): with every hash in the
            # index condition, the planner takes tokens that go together (根治 欠薪: 9,880
            # passages) as independent, expects 47 matches, skips the AND and fetches all
            # 9,880 (110 → 6 ms)
            held = "hashes @> CAST(:lead AS int4[]) AND id >= :low AND id < :high"
            if len(query) > 1:
                held += " AND (hashes || '{}'::int4[]) @> CAST(:q AS int4[])"
            extra.update(low=ids[0], high=ids[1], lead=[query[0] if lead is None else lead])
        matches = (
            "WITH m AS MATERIALIZED (SELECT id, report_id FROM passages WHERE "
            + held
            + older
            + ") "
        )
        if not years:  # superseded passages are dropped on fetch
            sql = text(matches + "SELECT id FROM m ORDER BY id DESC LIMIT :limit")
            return [r[0] for r in conn.execute(sql, {"q": query, "limit": limit, **extra})]
        sql = _bind(
            matches
            + "SELECT m.id FROM m JOIN reports r ON r.id = m.report_id WHERE TRUE"
            + _filters(years)
            + " ORDER BY m.id DESC LIMIT :limit",
            years,
        )
        return [r[0] for r in conn.execute(sql, _params(years, q=query, limit=limit, **extra))]

    def _floor(self, conn: Connection) -> float:
        """The share of the rarest token the statistics keep: every token they leave out is
        rarer. Read from pg_stats (10–15 ms at 100,000 reports) at most every
        :data:`FLOOR_KEPT_S` seconds; a stale floor only changes how candidates are
        looked for, never which."""
        now = time.monotonic()
        if self._floor_read is None or now - self._floor_read[0] > FLOOR_KEPT_S:
            value = conn.execute(
                text(
                    "SELECT f[array_length(f, 1) - 2] FROM (SELECT s.most_common_elem_freqs AS f "
                    "FROM pg_stats s WHERE s.schemaname = current_schema() "
                    "AND s.tablename = 'passages' AND s.attname = 'hashes') x"
                )
            ).scalar()
            self._floor_read = (now, float(value or 0.0))
        return self._floor_read[1]

    def frequencies(self, conn: Connection, tokens: Sequence[str]) -> dict[str, float]:
        """From the planner's statistics of the tokens' hashes (only those asked for are
        read out): cheap, and as fresh as the last ANALYZE."""
        if not tokens:
            return {}
        hashes = {t: token_hash(t.lower()) for t in tokens}
        sql = text(
            "SELECT u.e, u.f FROM pg_stats s, unnest(s.most_common_elems::text::int4[], "
            "s.most_common_elem_freqs) AS u(e, f) WHERE s.schemaname = current_schema() "
            "AND s.tablename = 'passages' AND s.attname = 'hashes' AND u.e = ANY(:h)"
        )
        common = dict(conn.execute(sql, {"h": list(set(hashes.values()))}).all())
        return {t: float(common[h]) for t, h in hashes.items() if h in common}

    def refresh_statistics(self, conn: Connection) -> None:
        # the planner needs fresh numbers after a bulk load, not only the token statistics
        conn.exec_driver_sql("ANALYZE reports, passages, figures")

    def keep_current(self, conn: Connection) -> None:
        """ANALYZE as the reports double: a plan made while a table was tiny (the foreign-key
        checks' among them) would scan it whole on every insert once it is large. The first
        time, everything, so that a new database has token statistics at once; after that
        only the key columns, which is cheap (the full refresh follows a bulk ingest)."""
        known = conn.exec_driver_sql(
            "SELECT reltuples FROM pg_class WHERE oid = 'reports'::regclass"
        ).scalar()
        count = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM reports").scalar() or 0
        if known is None or known < 0:
            self.refresh_statistics(conn)
        elif count > 2 * max(known, 16):
            conn.exec_driver_sql("ANALYZE reports")
            conn.exec_driver_sql("ANALYZE passages (id, report_id)")
            conn.exec_driver_sql("ANALYZE figures (report_id, passage_id)")


@contextmanager
def _bitmaps_only(conn: Connection) -> Iterator[None]:
    """Index scans off for the statements inside (in the caller's transaction), so that a
    GIN bitmap is ANDed with the primary key's over an id range: the planner, its row
    estimate for a range of new ids stale since the last ANALYZE, would rather walk the key
    testing every passage of the range (24,000 heap rows for 53 matches: 93 → 9 ms)."""
    was = conn.exec_driver_sql(
        "SELECT current_setting('enable_indexscan'), set_config('enable_indexscan', 'off', true)"
    ).scalar()
    try:
        yield
    finally:
        conn.execute(text("SELECT set_config('enable_indexscan', :v, true)"), {"v": was})


def _sizes(conn: Connection) -> tuple[float, float]:
    """Passages, and passages per report, as the planner last counted them."""
    passages, reports = conn.exec_driver_sql(
        "SELECT (SELECT reltuples FROM pg_class WHERE oid = 'passages'::regclass), "
        "(SELECT reltuples FROM pg_class WHERE oid = 'reports'::regclass)"
    ).one()
    if not reports or reports <= 0 or not passages or passages <= 0:
        return 1.0, 25.0
    return float(passages), float(passages / reports)


def _newest_reports(
    conn: Connection, years: Sequence[int] | None, limit: int, passages: float, per_report: float
) -> tuple[list[int], int]:
    """Ids of the newest current reports (of ``years``, if given), newest first, one more
    than the cap if there are more; and the cap: the reports whose passages make about
    √(passages × limit)."""
    cap = max(20, math.ceil(math.sqrt(passages * limit) / per_report))
    sql = _bind(
        "SELECT r.id FROM reports r WHERE TRUE" + _filters(years) + " ORDER BY r.id DESC LIMIT :n",
        years,
    )
    return [r[0] for r in conn.execute(sql, _params(years, n=cap + 1))], cap


def _query(tokens: Sequence[str]) -> list[int]:
    """The hashes a passage holding every one of ``tokens`` holds."""
    return sorted({token_hash(t) for t in tokens})
