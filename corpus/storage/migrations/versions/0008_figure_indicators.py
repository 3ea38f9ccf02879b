"""each figure's standard indicator (dict/indicators.txt)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "figures",
        sa.Column("indicator", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_figures_indicator", "figures", ["indicator"])
    _backfill()


def _backfill() -> None:
    """Figures stored before this revision get their indicator from their label and span."""
    from corpus.figures.indicators import classify

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, label, unit, span FROM figures")).all()
    updates = [
        {"id": fid, "indicator": name}
        for fid, label, unit, span in rows
        if (name := classify(label, unit, span))
    ]
    if updates:
        bind.execute(sa.text("UPDATE figures SET indicator = :indicator WHERE id = :id"), updates)


def downgrade() -> None:
    op.drop_index("ix_figures_indicator", table_name="figures")
    op.drop_column("figures", "indicator")
