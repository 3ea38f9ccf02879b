"""SQLite: each passage's FTS5 row also holds its report's year, as a token

A question of some years without a place ("哪些镇2015年……") asked FTS5 for the rows holding
its tokens newest first and joined each to its report to keep those of the years: a common
word walked every match of the other years (2.4 ms at 10,000 reports). The row now holds one
more token, a private-use character and the year (``\ue0002015``), so the years are part of
the match and FTS5 intersects the lists itself. The contentless table cannot be told a new
token for an old row: it is built again from every passage's tokens, segmented again from
its text and heading as at ingest (about a minute for 10,000 reports). PostgreSQL unchanged.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 5000
YEAR_MARK = "\ue000"  # as corpus.storage.fts_sqlite.YEAR_MARK was written at 0013


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(lambda tokens, year: f"{tokens} {YEAR_MARK}{year}".lstrip())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(lambda tokens, year: tokens)


def _rebuild(row_tokens) -> None:  # type: ignore[no-untyped-def]
    """The FTS5 table made again, every passage's row as ``row_tokens(tokens, year)``."""
    from corpus.storage.rows import derived_tokens

    bind = op.get_bind()
    bind.exec_driver_sql("DROP TABLE passage_fts")
    bind.exec_driver_sql(
        "CREATE VIRTUAL TABLE passage_fts USING fts5("
        "tokens, content='', tokenize='unicode61 remove_diacritics 0')"
    )
    insert = "INSERT INTO passage_fts(rowid, tokens) VALUES (?, ?)"
    rows: list[tuple[int, str]] = []
    reports = bind.execute(sa.text("SELECT id, year FROM reports ORDER BY id")).all()
    for report_id, year in reports:
        sections = bind.execute(
            sa.text(
                "SELECT ordinal, parent_ordinal, level, number, title FROM sections "
                "WHERE report_id = :r ORDER BY ordinal"
            ),
            {"r": report_id},
        ).all()
        passages = bind.execute(
            sa.text(
                "SELECT id, ordinal, section_ordinal, text FROM passages "
                "WHERE report_id = :r ORDER BY ordinal"
            ),
            {"r": report_id},
        ).all()
        derived = derived_tokens([tuple(s) for s in sections], [tuple(p) for p in passages])
        rows += [(i, row_tokens(t, year)) for i, t in derived]
        if len(rows) >= BATCH:
            bind.exec_driver_sql(insert, sorted(rows))
            rows = []
    if rows:
        bind.exec_driver_sql(insert, sorted(rows))
