"""figures extracted from passages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "passage_id",
            sa.Integer,
            sa.ForeignKey("passages.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("span", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
    )
    op.create_index("ix_figures_report_id", "figures", ["report_id"])
    # reports stored before this revision get their figures the next time they are ingested;
    # fill them in now so nothing is missing
    _backfill()


def _backfill() -> None:
    from corpus.figures.extract import extract

    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, report_id, text FROM passages ORDER BY report_id, ordinal")
    )
    figures = sa.table(
        "figures",
        sa.column("report_id"),
        sa.column("passage_id"),
        sa.column("ordinal"),
        sa.column("label"),
        sa.column("value"),
        sa.column("unit"),
        sa.column("qualifier"),
        sa.column("span"),
        sa.column("sentence"),
    )
    counters: dict[int, int] = {}
    batch = []
    for passage_id, report_id, text in rows:
        for fig in extract(text):
            counters[report_id] = counters.get(report_id, 0) + 1
            batch.append(
                {
                    "report_id": report_id,
                    "passage_id": passage_id,
                    "ordinal": counters[report_id],
                    "label": fig.label,
                    "value": float(fig.value),
                    "unit": fig.unit,
                    "qualifier": fig.qualifier,
                    "span": fig.span,
                    "sentence": fig.sentence,
                }
            )
    if batch:
        op.bulk_insert(figures, batch)


def downgrade() -> None:
    op.drop_table("figures")
