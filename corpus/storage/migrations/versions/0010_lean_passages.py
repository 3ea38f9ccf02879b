"""section kind stored once; passages without their path and token text; figures from 0

A section's path and the mandated part it belongs to (outline.part) are stored with the
section, and a passage finds them by (report, section ordinal): the path was stored again
in every passage. A passage's tokens live only in the full-text index: SQLite's FTS5 table
becomes contentless, PostgreSQL's generated ``tsvector`` a plain column written with the
row. A figure's sentence is stored as offsets into its passage's text. Figures backfilled
by 0002 were numbered from 1, those stored since from 0: all from 0.
Two indexes that others cover go (reports' town, place_id).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("sections", sa.Column("kind", sa.String(12), nullable=False, server_default=""))
    _backfill_kinds()
    op.drop_index("ix_sections_report_id", table_name="sections")
    op.create_index("uq_sections_report_ordinal", "sections", ["report_id", "ordinal"], unique=True)
    _figures_from_zero()
    _sentences_as_offsets()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP TABLE IF EXISTS passage_vocab")  # 0004's, unused
        bind.exec_driver_sql("DROP TABLE passage_fts")
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE passage_fts USING fts5("
            "tokens, content='', tokenize='unicode61 remove_diacritics 0')"
        )
        bind.exec_driver_sql(
            "INSERT INTO passage_fts(rowid, tokens) SELECT id, tokens FROM passages ORDER BY id"
        )
    else:
        bind.exec_driver_sql("ALTER TABLE passages ALTER COLUMN tsv DROP EXPRESSION")
    bind.exec_driver_sql("ALTER TABLE passages DROP COLUMN tokens")
    bind.exec_driver_sql("ALTER TABLE passages DROP COLUMN section")
    op.drop_index("ix_reports_town", table_name="reports")
    op.drop_index("ix_reports_place_id", table_name="reports")


def _backfill_kinds() -> None:
    """Each stored section's part, from its stored path, as ingest now works it out."""
    from corpus.reading.outline import part, split_path

    bind = op.get_bind()
    kinds: dict[str, str] = {}
    update = sa.text("UPDATE sections SET kind = :kind WHERE id = :id")
    rows = bind.execute(sa.text("SELECT id, path FROM sections ORDER BY id")).all()
    changes = []
    for id_, path in rows:
        if path not in kinds:
            kinds[path] = part(split_path(path))
        changes.append({"id": id_, "kind": kinds[path]})
        if len(changes) >= BATCH:
            bind.execute(update, changes)
            changes = []
    if changes:
        bind.execute(update, changes)


def _figures_from_zero() -> None:
    bind = op.get_bind()
    first = bind.execute(
        sa.text(
            "SELECT report_id, min(ordinal) FROM figures GROUP BY report_id "
            "HAVING min(ordinal) <> 0"
        )
    ).all()
    if first:
        bind.execute(
            sa.text("UPDATE figures SET ordinal = ordinal - :m WHERE report_id = :r"),
            [{"r": r, "m": m} for r, m in first],
        )


def _sentences_as_offsets() -> None:
    """A figure's sentence is where it stands in its passage's text (kept whole if absent)."""
    from corpus.storage.rows import sentence_columns

    op.add_column("figures", sa.Column("sentence_start", sa.Integer))
    op.add_column("figures", sa.Column("sentence_end", sa.Integer))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT f.id, f.sentence, p.text FROM figures f "
            "JOIN passages p ON p.id = f.passage_id ORDER BY f.id"
        )
    )
    update = sa.text(
        "UPDATE figures SET sentence = :sentence, sentence_start = :sentence_start, "
        "sentence_end = :sentence_end WHERE id = :id"
    )
    changes = [{"id": id_, **sentence_columns(sentence, text)} for id_, sentence, text in rows]
    for start in range(0, len(changes), BATCH):
        bind.execute(update, changes[start : start + BATCH])


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE figures SET sentence = (SELECT substr(p.text, figures.sentence_start + 1, "
            "figures.sentence_end - figures.sentence_start) FROM passages p "
            "WHERE p.id = figures.passage_id) WHERE sentence_start IS NOT NULL"
        )
    )
    bind.exec_driver_sql("ALTER TABLE figures DROP COLUMN sentence_start")
    bind.exec_driver_sql("ALTER TABLE figures DROP COLUMN sentence_end")
    op.create_index("ix_reports_place_id", "reports", ["place_id"])
    op.create_index("ix_reports_town", "reports", ["town"])
    op.add_column("passages", sa.Column("section", sa.Text, nullable=False, server_default=""))
    op.add_column("passages", sa.Column("tokens", sa.Text, nullable=False, server_default=""))
    bind.execute(
        sa.text(
            "UPDATE passages SET section = coalesce((SELECT s.path FROM sections s WHERE "
            "s.report_id = passages.report_id AND s.ordinal = passages.section_ordinal), '')"
        )
    )
    update = sa.text("UPDATE passages SET tokens = :tokens WHERE id = :id")
    for rows in _derived_tokens():
        bind.execute(update, [{"id": i, "tokens": t} for i, t in rows])
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP TABLE passage_fts")
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE passage_fts USING fts5("
            "tokens, content='passages', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        bind.exec_driver_sql("INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')")
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE passage_vocab USING fts5vocab(passage_fts, 'row')"
        )
    else:
        bind.exec_driver_sql("DROP INDEX ix_passages_tsv")
        bind.exec_driver_sql("ALTER TABLE passages DROP COLUMN tsv")
        bind.exec_driver_sql(
            "ALTER TABLE passages ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(array_to_tsvector(string_to_array(tokens, ' '))) STORED"
        )
        bind.exec_driver_sql("CREATE INDEX ix_passages_tsv ON passages USING gin (tsv)")
        bind.exec_driver_sql("ALTER TABLE passages ALTER COLUMN tsv SET STATISTICS 1000")
    op.drop_index("uq_sections_report_ordinal", table_name="sections")
    op.create_index("ix_sections_report_id", "sections", ["report_id"])
    bind.exec_driver_sql("ALTER TABLE sections DROP COLUMN kind")


def _derived_tokens() -> Iterator[list[tuple[int, str]]]:
    """Every passage's tokens, segmented again from its text and heading, report by report."""
    from corpus.storage.rows import derived_tokens

    bind = op.get_bind()
    for (report_id,) in bind.execute(sa.text("SELECT id FROM reports ORDER BY id")).all():
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
        yield derived_tokens([tuple(s) for s in sections], [tuple(p) for p in passages])
