"""The one place where databases differ: each dialect's full-text index over passage tokens
(the interface here; SQLite's in ``fts_sqlite.py``, PostgreSQL's in ``fts_postgres.py``).

A passage's tokens (jieba's, joined by single spaces) are not stored as text: SQLite keeps
them only in a contentless FTS5 table, PostgreSQL only as an ``int4[]`` of their hashes
(``fts_postgres.token_hash``, one per distinct token but single Han characters)
written with the row, under a GIN index (with its pending list: without one, every insert
updates ~80 keys in place and ingest ran at a third of the speed; the list's pages, ~4 MB
however large the index, are what made a 1,000-report index half as big again): a third of
a ``tsvector``'s bytes. Two tokens of one hash only add a false candidate, which
the caller's re-ranking by text drops. (Removing a passage from a contentless FTS5 table
needs its tokens again: they are derived from the stored text and heading, as at ingest.)
SQLite's rows also hold their report's year as one more token, a private-use character and
the digits (migration 0013), so that a question of some years is one FTS5 match instead of a
walk through every match of the other years (the report's year is still checked on the rows
found); PostgreSQL reads the year from the report.
Both answer one question the same way: which passages hold the tokens, by coordination
level (all of them first, then the rarest alone, then the next…) and newest first within a
level. That order, unlike a relevance score, needs no arithmetic on every match: FTS5 streams
rowids and stops after ``limit``; the caller re-ranks the few it gets.

The structures themselves are created by the migrations (0001, 0004, 0010, 0012, 0013).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from corpus.errors import UnsupportedDatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Connection

# a passage's index entry: (passage id, its tokens joined by spaces, its report's year)
IndexRow = tuple[int, str, int]


class FullTextIndex(Protocol):
    forgets_by_tokens: bool  # removing a passage needs its tokens (derived again from its text)

    # the columns of a passage row as the batch writer inserts it (corpus.storage.bulk)
    passage_columns: tuple[str, ...]

    def passage_values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """A passage row (a dict of report_id, section_ordinal, ordinal, text and tokens) as
        values of ``passage_columns``, with its index entries where the dialect keeps them in
        the row."""

    def add(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        """Index passages written in the same transaction."""

    def remove(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        """Unindex passages about to be deleted in the same transaction (their entries as
        they were added)."""

    def candidates(
        self,
        conn: Connection,
        tokens: Sequence[str],
        years: Sequence[int] | None,
        limit: int,
        shares: Mapping[str, float] | None = None,
    ) -> list[int]:
        """Ids of passages holding any of ``tokens`` (given rarest first): those holding all
        of them, then those holding the first, then the second…; newest first within each
        level. With ``years``, only current passages of reports of those years. ``shares``
        (as :meth:`frequencies` gave them, remembered by the caller) may guide how the
        index is read, never what it finds."""

    def frequencies(self, conn: Connection, tokens: Sequence[str]) -> dict[str, float]:
        """The share of passages holding each token: 0.0 for none; a token left out is rare
        (no exact count is known, only that it is not among the common ones)."""

    def refresh_statistics(self, conn: Connection) -> None:
        """Bring those numbers up to date after a large ingest."""

    def keep_current(self, conn: Connection) -> None:
        """After each batch of writes: refresh what the query planner and :meth:`frequencies`
        rely on, once the tables have outgrown it."""


def _by_levels(
    newest: Callable[[Connection, Sequence[str], Sequence[int] | None, int], list[int]],
    conn: Connection,
    tokens: Sequence[str],
    years: Sequence[int] | None,
    limit: int,
) -> list[int]:
    """Coordination levels from ``newest`` (passages holding every token given, newest
    first): one query per level, until ``limit`` passages are found."""
    found: dict[int, None] = {}
    levels = [list(tokens)] + ([[t] for t in tokens] if len(tokens) > 1 else [])
    for level in levels:
        if len(found) >= limit:
            break
        found.update(dict.fromkeys(newest(conn, level, years, limit)))
    return list(found)[:limit]


def _filters(years: Sequence[int] | None) -> str:
    where = " AND r.superseded_at IS NULL"
    if years:
        where += " AND r.year IN :years"
    return where


def _bind(sql: str, years: Sequence[int] | None):  # type: ignore[no-untyped-def]
    from sqlalchemy import bindparam, text

    statement = text(sql)
    if years:
        statement = statement.bindparams(bindparam("years", expanding=True))
    return statement


def _params(years: Sequence[int] | None, **kw: object) -> dict[str, object]:
    if years:
        kw["years"] = list(years)
    return kw


def index_for(dialect: str) -> FullTextIndex:
    """The full-text index implementation for a SQLAlchemy dialect name."""
    if dialect == "sqlite":
        from corpus.storage.fts_sqlite import SqliteFts5

        return SqliteFts5()
    if dialect == "postgresql":
        from corpus.storage.fts_postgres import PostgresHashes

        return PostgresHashes()
    raise UnsupportedDatabaseError(dialect)
