"""SQLite's full-text index: a contentless FTS5 table over passage tokens (migration 0010)
and their report's year (0013); FTS5 streams rowids newest first and stops after the limit."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

from corpus.storage.fts import IndexRow, _by_levels

if TYPE_CHECKING:
    from sqlalchemy import Connection

# a question's reads come on the driver's own connection (corpus.storage.reads.DriverReads);
# writes, and reads of a store without one, on SQLAlchemy's
Conn: TypeAlias = "Connection | sqlite3.Connection"

SAMPLE = 1000  # matches read to tell how common a token is
# a level whose rarest token is held by at most this many passages has its matches' years
# checked row by row; above, the match holds the years' tokens (each holds a year's share of
# the index, a posting list read in full: 0.09 ms at 1,000 reports, whatever the level)
FEW = 500  # measured at 1,000 reports: below ~500 matches the row-by-row check is the cheaper
_NEWEST = "SELECT rowid FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
# a row's year token: a private-use character (a token character to FTS5's unicode61, never
# one of a question's tokens) and the year's digits
YEAR_MARK = "\ue000"


def year_token(year: int) -> str:
    return f"{YEAR_MARK}{year}"


def indexed(tokens: str, year: int) -> str:
    """What a passage's FTS5 row holds: its tokens and its report's year."""
    return f"{tokens} {year_token(year)}" if tokens else year_token(year)


@lru_cache(maxsize=16)
def _newest_in_years(years: int) -> str:
    """The same within current reports of some years: the join drops superseded reports'
    passages and checks the year. The match may also hold the years' tokens, so that FTS5
    gives only those years' rows (worth it unless the tokens' own matches are few)."""
    return (
        "SELECT p.id FROM passage_fts JOIN passages p ON p.id = passage_fts.rowid "
        "JOIN reports r ON r.id = p.report_id WHERE passage_fts MATCH ?"
        f" AND r.superseded_at IS NULL AND r.year IN ({', '.join('?' * years)})"
        " ORDER BY passage_fts.rowid DESC LIMIT ?"
    )


def _ids(conn: Conn, sql: str, params: tuple[object, ...]) -> list[int]:
    """The first column of ``sql``'s rows, on the driver's cursor (SQLAlchemy's execution
    costs as much again as a candidates statement); on a SQLAlchemy connection, an error is
    read again through SQLAlchemy, to be raised as it words it."""
    if isinstance(conn, sqlite3.Connection):
        return [r[0] for r in conn.execute(sql, params).fetchall()]
    try:
        cursor = conn.connection.cursor()
        try:
            cursor.execute(sql, params)
            return [r[0] for r in cursor.fetchall()]
        finally:
            cursor.close()
    except sqlite3.Error:
        return [r[0] for r in conn.exec_driver_sql(sql, params)]


class SqliteFts5:
    """A contentless FTS5 table (migration 0010): it keeps the index, not the tokens."""

    forgets_by_tokens = True

    passage_columns = ("report_id", "section_ordinal", "ordinal", "text")

    def __init__(self) -> None:
        # the passages counted when shares were last read: a question's shares were read in
        # this process, so it is known then; stale, it only chooses how a level is read
        self._passages: int | None = None

    def passage_values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["report_id"], row["section_ordinal"], row["ordinal"], row["text"])

    def add(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        if rows:
            conn.exec_driver_sql(
                "INSERT INTO passage_fts(rowid, tokens) VALUES (?, ?)",
                [(i, indexed(tokens, year)) for i, tokens, year in rows],
            )

    def remove(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        if rows:  # a contentless table forgets a row only when told its tokens
            conn.exec_driver_sql(
                "INSERT INTO passage_fts(passage_fts, rowid, tokens) VALUES ('delete', ?, ?)",
                [(i, indexed(tokens, year)) for i, tokens, year in rows],
            )

    def candidates(
        self,
        conn: Conn,
        tokens: Sequence[str],
        years: Sequence[int] | None,
        limit: int,
        shares: Mapping[str, float] | None = None,
    ) -> list[int]:
        if not years or shares is None:
            return _by_levels(self._newest, conn, tokens, years, limit)
        passages = self._passages or _ids(conn, "SELECT max(rowid) FROM passages", ())[0] or 1

        def newest(c: Conn, level: Sequence[str], ys: Sequence[int] | None, n: int) -> list[int]:
            few = min((shares.get(t, 0.0) for t in level), default=0.0) * passages <= FEW
            return self._newest(c, level, ys, n, few)

        return _by_levels(newest, conn, tokens, years, limit)

    def _newest(
        self,
        conn: Conn,
        tokens: Sequence[str],
        years: Sequence[int] | None,
        limit: int,
        few: bool = False,
    ) -> list[int]:
        """Passages holding every token, newest first (plain SQL, the driver's parameters:
        a question runs one to a few of these). ``few``: the tokens' matches are few, so
        their years are checked row by row (the same passages either way)."""
        if not tokens:
            return []
        query = " AND ".join(_quoted(t) for t in tokens)
        if not years:  # FTS5 alone streams rowids; superseded passages are dropped on fetch
            return _ids(conn, _NEWEST, (query, limit))
        if not few:  # many matches: FTS5 gives only those of the years' rows
            in_years = " OR ".join(_quoted(year_token(y)) for y in years)
            query = f"({query}) AND ({in_years})"
        return _ids(conn, _newest_in_years(len(years)), (query, *years, limit))

    def frequencies(self, conn: Conn, tokens: Sequence[str]) -> dict[str, float]:
        """Exact below :data:`SAMPLE` matches; above, the density of the token among the
        passages since its SAMPLE-th newest match. Either way at most SAMPLE rowids are
        read (an fts5vocab count reads the token's whole posting list: 5 ms for 法治 at
        10,000 reports, 50 ms at 100,000)."""
        if not tokens:
            return {}
        total = _ids(conn, "SELECT max(rowid) FROM passages", ())[0] or 1  # one row, NULL if none
        self._passages = total
        shares: dict[str, float] = {}
        for token in tokens:
            rows = _ids(conn, _NEWEST, (_quoted(token.lower()), SAMPLE))
            if len(rows) < SAMPLE:
                shares[token] = len(rows) / total
            else:
                shares[token] = min(1.0, SAMPLE / (total - rows[-1] + 1))
        return shares

    def refresh_statistics(self, conn: Connection) -> None:
        return None  # the shares are counted from the index itself, always current

    def keep_current(self, conn: Connection) -> None:
        return None  # no planner statistics to go stale; the shares are counted when asked


def _quoted(token: str) -> str:
    """A token as an FTS5 string (a phrase of itself)."""
    return '"' + token.replace('"', '""') + '"'
