"""token statistics for choosing selective search terms

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # token counts (unused since 0010, which drops it)
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE passage_vocab USING fts5vocab(passage_fts, 'row')"
        )
    else:  # keep the 1,000 most common lexemes in pg_stats, not the default 100
        bind.exec_driver_sql("ALTER TABLE passages ALTER COLUMN tsv SET STATISTICS 1000")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP TABLE IF EXISTS passage_vocab")
    else:
        bind.exec_driver_sql("ALTER TABLE passages ALTER COLUMN tsv SET STATISTICS -1")
