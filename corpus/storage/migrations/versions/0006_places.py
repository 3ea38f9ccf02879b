"""places: every report belongs to a place identified by its division code or county + name

Existing reports keep every row: each stored (town, county) is looked up in the division
table once and linked to its place; a town stored under a short name ("辛口", from an old
``--town 辛口``) joins the place it names (辛口镇), and where two current versions of one
place and year result, the newer stays current and the older becomes a historical version.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    places = op.create_table(
        "places",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(160), nullable=False, unique=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("county", sa.String(64)),
        sa.Column("city", sa.String(64)),
        sa.Column("province", sa.String(64)),
        sa.Column("code", sa.String(12)),
    )
    op.create_index("ix_places_name", "places", ["name"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # SQLite takes a reference only with ADD COLUMN
        op.execute("ALTER TABLE reports ADD COLUMN place_id INTEGER REFERENCES places(id)")
    else:
        op.add_column("reports", sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id")))
    op.create_index("ix_reports_place_id", "reports", ["place_id"])
    op.create_index("ix_reports_place_year", "reports", ["place_id", "year"])
    _link_existing(bind, places)


def _link_existing(bind: sa.Connection, places: sa.Table) -> None:
    from corpus.places.place import place_named

    reports = sa.table(
        "reports",
        sa.column("id", sa.Integer),
        sa.column("town", sa.String),
        sa.column("county", sa.String),
        sa.column("year", sa.Integer),
        sa.column("place_id", sa.Integer),
        sa.column("ingested_at", sa.DateTime),
        sa.column("superseded_at", sa.DateTime),
    )
    ids: dict[str, int] = {}
    pairs = bind.execute(sa.select(reports.c.town, reports.c.county).distinct()).all()
    for town, county in pairs:
        place = place_named(f"{county or ''}{town}" if county and county != town else town)
        if place.code is None and county and place.county is None:
            place = place.__class__(place.name, place.level, county)
        if place.key not in ids:
            ids[place.key] = bind.execute(
                sa.insert(places).values(
                    key=place.key,
                    name=place.name,
                    level=place.level,
                    county=place.county,
                    city=place.city,
                    province=place.province,
                    code=place.code,
                )
            ).inserted_primary_key[0]
        same = (reports.c.town == town) & (
            reports.c.county.is_(None) if county is None else reports.c.county == county
        )
        bind.execute(
            sa.update(reports)
            .where(same)
            .values(place_id=ids[place.key], town=place.name, county=place.county or county)
        )
    _one_current_version(bind, reports)


def _one_current_version(bind: sa.Connection, reports: sa.TableClause) -> None:
    """Where two stored towns became one place, the newest version of a year stays current."""
    rows = bind.execute(
        sa.select(reports.c.id, reports.c.place_id, reports.c.year)
        .where(reports.c.superseded_at.is_(None))
        .order_by(reports.c.ingested_at.desc(), reports.c.id.desc())
    ).all()
    seen: set[tuple[int, int]] = set()
    older = []
    for id_, place_id, year in rows:
        if (place_id, year) in seen:
            older.append(id_)
        seen.add((place_id, year))
    if older:
        now = datetime.now(UTC).replace(tzinfo=None)
        bind.execute(sa.update(reports).where(reports.c.id.in_(older)).values(superseded_at=now))


def downgrade() -> None:
    op.drop_index("ix_reports_place_year", "reports")
    op.drop_index("ix_reports_place_id", "reports")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE reports DROP COLUMN place_id")
    else:
        op.drop_column("reports", "place_id")
    op.drop_index("ix_places_name", "places")
    op.drop_table("places")
