"""token statistics for choosing selective search terms

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op

from corpus.storage.fts import index_for

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    index_for(op.get_bind().dialect.name).create_statistics(op.get_bind())


def downgrade() -> None:
    index_for(op.get_bind().dialect.name).drop_statistics(op.get_bind())
