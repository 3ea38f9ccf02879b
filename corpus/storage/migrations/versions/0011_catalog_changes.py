"""which place each catalog version changed, for reading the catalog incrementally

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # empty at first: a process whose catalog predates it reads the catalog whole, once
    op.create_table(
        "catalog_changes",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("place_id", sa.Integer),
    )


def downgrade() -> None:
    op.drop_table("catalog_changes")
