"""one current version per place and year, enforced by a partial unique index

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CURRENT = sa.text("superseded_at IS NULL")


def upgrade() -> None:
    _supersede_duplicates()
    op.create_index(
        "uq_reports_current_place_year",
        "reports",
        ["place_id", "year"],
        unique=True,
        sqlite_where=CURRENT,
        postgresql_where=CURRENT,
    )


def _supersede_duplicates() -> None:
    """Where concurrent imports left a place and year current twice, the newest row stays
    current and the others become history (nothing is deleted)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, place_id, year, ingested_at FROM reports "
            "WHERE superseded_at IS NULL AND place_id IS NOT NULL ORDER BY id"
        )
    ).all()
    newest: dict[tuple[int, int], tuple[int, object]] = {}
    older: list[dict[str, object]] = []
    for id_, place_id, year, at in rows:
        key = (place_id, year)
        if key in newest:
            older.append({"id": newest[key][0], "at": at})
        newest[key] = (id_, at)
    if older:
        bind.execute(sa.text("UPDATE reports SET superseded_at = :at WHERE id = :id"), older)


def downgrade() -> None:
    op.drop_index("uq_reports_current_place_year", table_name="reports")
