"""Place rows for the store: finding or adding the place of a report, reading the catalog of
places and years, and removing a place's reports. Functions take the store's session or
connection; only :mod:`corpus.storage.store` opens them."""

from __future__ import annotations

from sqlalchemy import Connection, delete, exists, select
from sqlalchemy.orm import Session

from corpus.places.catalog import PlaceCatalog
from corpus.places.gazetteer import short_form
from corpus.places.place import Place, labels, level_of_name
from corpus.storage.models import PlaceRow, ReportRow


def as_place(row: PlaceRow) -> Place:
    return Place(row.name, row.level, row.county, row.city, row.province, row.code)


def place_of(report_place: Place | None, town: str, county: str | None) -> Place:
    return report_place or Place(town, level_of_name(town), county)


def place_row(s: Session, place: Place) -> PlaceRow:
    """The stored row of ``place``, added if new. A place the text named without a code (a
    name the table lacks, or holds several times) is the stored place of that name when there
    is exactly one (and of that county, when the text gave one)."""
    if place.code is None:
        found = _stored_same(s, place)
        if found is not None:
            return found
    row = s.scalar(select(PlaceRow).where(PlaceRow.key == place.key))
    if row is None:
        row = PlaceRow(
            key=place.key,
            name=place.name,
            level=place.level,
            county=place.county,
            city=place.city,
            province=place.province,
            code=place.code,
        )
        s.add(row)
        s.flush()
    return row


def _stored_same(s: Session, place: Place) -> PlaceRow | None:
    """The one stored place a code-less place must be: of that name (and county, if given).
    A report naming the county of a place stored without one tells its county."""
    same = s.scalars(select(PlaceRow).where(PlaceRow.name == place.name)).all()
    if not place.county:
        return same[0] if len(same) == 1 else None
    wanted = short_form(place.county)
    exact = [r for r in same if r.county and short_form(r.county) == wanted]
    if exact:
        return exact[0] if len(exact) == 1 else None
    if len(same) == 1 and same[0].county is None and same[0].code is None:
        row = same[0]
        taken = s.scalar(select(PlaceRow.id).where(PlaceRow.key == place.key))
        if taken is None:
            row.key, row.county = place.key, place.county
            row.city, row.province = place.city, place.province
            s.flush()
        return row
    return None


def read_catalog(conn: Connection) -> PlaceCatalog:
    """Every place with a current report, and its years."""
    p = PlaceRow
    rows = conn.execute(
        select(p.id, p.name, p.level, p.county, p.city, p.province, p.code, ReportRow.year)
        .join(ReportRow, ReportRow.place_id == p.id)
        .where(ReportRow.superseded_at.is_(None))
        .distinct()
        .order_by(p.name, p.id, ReportRow.year)
    )
    years: dict[int, list[int]] = {}
    places: dict[int, Place] = {}
    for id_, *cols, year in rows:
        places.setdefault(id_, Place(*cols))
        years.setdefault(id_, []).append(year)
    ids = list(places)
    names = labels([places[i] for i in ids])
    return PlaceCatalog(
        [(label, i, places[i], tuple(years[i])) for label, i in zip(names, ids, strict=True)]
    )


def drop_orphans(s: Session, place_id: int) -> None:
    """Remove the place once none of its reports is left."""
    if not s.scalar(select(exists().where(ReportRow.place_id == place_id))):
        s.execute(delete(PlaceRow).where(PlaceRow.id == place_id))
