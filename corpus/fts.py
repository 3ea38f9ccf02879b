"""The one place where databases differ: each dialect's full-text index over passage tokens.

Passages store their jieba tokens joined by single spaces. SQLite indexes them with an FTS5
table over that column; PostgreSQL with a generated ``tsvector`` column and a GIN index.
Both return candidate passage ids for a set of query tokens (OR semantics), best first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Connection, bindparam, text


class FullTextIndex(Protocol):
    def create(self, conn: Connection) -> None:
        """Create the index structures (called from the migration)."""

    def drop(self, conn: Connection) -> None:
        """Remove the index structures (downgrade)."""

    def add(self, conn: Connection, rows: Sequence[tuple[int, str]]) -> None:
        """Index (passage id, tokens) pairs written in the same transaction."""

    def candidates(
        self, conn: Connection, tokens: Sequence[str], report_ids: Sequence[int] | None, limit: int
    ) -> list[int]:
        """Ids of current passages matching any token, best first."""


def _filters(report_ids: Sequence[int] | None) -> str:
    where = " AND r.superseded_at IS NULL"
    if report_ids is not None:
        where += " AND r.id IN :report_ids"
    return where


def _params(report_ids: Sequence[int] | None, **kw: object) -> dict[str, object]:
    if report_ids is not None:
        kw["report_ids"] = list(report_ids)
    return kw


class SqliteFts5:
    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE passage_fts USING fts5("
            "tokens, content='passages', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )

    def drop(self, conn: Connection) -> None:
        conn.exec_driver_sql("DROP TABLE IF EXISTS passage_fts")

    def add(self, conn: Connection, rows: Sequence[tuple[int, str]]) -> None:
        if rows:
            conn.exec_driver_sql("INSERT INTO passage_fts(rowid, tokens) VALUES (?, ?)", list(rows))

    def candidates(
        self, conn: Connection, tokens: Sequence[str], report_ids: Sequence[int] | None, limit: int
    ) -> list[int]:
        if not tokens:
            return []
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        sql = text(
            "SELECT p.id FROM passage_fts JOIN passages p ON p.id = passage_fts.rowid "
            "JOIN reports r ON r.id = p.report_id WHERE passage_fts MATCH :q"
            + _filters(report_ids)
            + " ORDER BY bm25(passage_fts) LIMIT :limit"
        )
        if report_ids is not None:
            sql = sql.bindparams(bindparam("report_ids", expanding=True))
        rows = conn.execute(sql, _params(report_ids, q=query, limit=limit))
        return [r[0] for r in rows]


class PostgresTsvector:
    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "ALTER TABLE passages ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(array_to_tsvector(string_to_array(tokens, ' '))) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX ix_passages_tsv ON passages USING gin (tsv)")

    def drop(self, conn: Connection) -> None:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_passages_tsv")
        conn.exec_driver_sql("ALTER TABLE passages DROP COLUMN IF EXISTS tsv")

    def add(self, conn: Connection, rows: Sequence[tuple[int, str]]) -> None:
        return None  # the generated column indexes itself

    def candidates(
        self, conn: Connection, tokens: Sequence[str], report_ids: Sequence[int] | None, limit: int
    ) -> list[int]:
        if not tokens:
            return []
        query = " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tokens)
        sql = text(
            "SELECT p.id FROM passages p JOIN reports r ON r.id = p.report_id "
            "WHERE p.tsv @@ CAST(:q AS tsquery)"
            + _filters(report_ids)
            + " ORDER BY ts_rank(p.tsv, CAST(:q AS tsquery)) DESC LIMIT :limit"
        )
        if report_ids is not None:
            sql = sql.bindparams(bindparam("report_ids", expanding=True))
        rows = conn.execute(sql, _params(report_ids, q=query, limit=limit))
        return [r[0] for r in rows]


def index_for(dialect: str) -> FullTextIndex:
    """The full-text index implementation for a SQLAlchemy dialect name."""
    if dialect == "sqlite":
        return SqliteFts5()
    if dialect == "postgresql":
        return PostgresTsvector()
    raise ValueError(f"不支持的数据库类型：{dialect}（支持 SQLite 与 PostgreSQL）。")
