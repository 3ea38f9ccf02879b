"""reports, sections, passages and the full-text index

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from corpus.storage.fts import index_for

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("town", sa.String(64), nullable=False),
        sa.Column("county", sa.String(64)),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("source_format", sa.String(10), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("superseded_at", sa.DateTime),
    )
    op.create_index("ix_reports_town", "reports", ["town"])
    op.create_index("ix_reports_year", "reports", ["year"])
    op.create_index("ix_reports_source_hash", "reports", ["source_hash"])
    op.create_index("ix_reports_town_year", "reports", ["town", "year"])
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("parent_ordinal", sa.Integer),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
    )
    op.create_index("ix_sections_report_id", "sections", ["report_id"])
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("section_ordinal", sa.Integer),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("section", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("tokens", sa.Text, nullable=False),
    )
    op.create_index("ix_passages_report_id", "passages", ["report_id"])
    index_for(op.get_bind().dialect.name).create(op.get_bind())


def downgrade() -> None:
    index_for(op.get_bind().dialect.name).drop(op.get_bind())
    op.drop_table("passages")
    op.drop_table("sections")
    op.drop_table("reports")
