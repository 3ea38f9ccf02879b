"""Place rows for the store: finding or adding the place of a report, moving the catalog
version (the catalog itself is read in :mod:`corpus.storage.catalog_rows`), and removing a
place's reports. Functions take the store's session or connection; only
:mod:`corpus.storage.store` opens them."""

from __future__ import annotations

from sqlalchemy import Connection, delete, exists, insert, select, update
from sqlalchemy.orm import Session

from corpus.places.gazetteer import short_form
from corpus.places.place import Place, level_of_name
from corpus.storage.catalog_rows import KEEP_CHANGES
from corpus.storage.models import CatalogChangeRow, CatalogRow, PlaceRow, ReportRow


def as_place(row: PlaceRow) -> Place:
    return Place(row.name, row.level, row.county, row.city, row.province, row.code)


def place_of(report_place: Place | None, town: str, county: str | None) -> Place:
    return report_place or Place(town, level_of_name(town), county)


def place_rows(s: Session, places: list[Place]) -> list[PlaceRow]:
    """:func:`place_row` of each of ``places`` in turn (a place added for one is found for
    the next), those of a code read in one statement first."""
    keys = sorted({p.key for p in places if p.code is not None})
    known = {r.key: r for r in s.scalars(select(PlaceRow).where(PlaceRow.key.in_(keys)))}
    out = []
    for place in places:
        row = known.get(place.key) if place.code is not None else None
        if row is None or row.key != place.key:  # new, or re-keyed since (a county told)
            row = place_row(s, place)
            if place.code is not None:
                known[place.key] = row
        out.append(row)
    return out


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


def bump_catalog(conn: Connection, place_id: int | None) -> None:
    """Move the catalog version, noting the place that changed (``None``: the token
    statistics did), in the writer's transaction."""
    bump_catalog_many(conn, [place_id])


def bump_catalog_many(conn: Connection, place_ids: list[int | None]) -> None:
    """:func:`bump_catalog` for each of ``place_ids`` in turn, in three statements: the
    version moves by as many, each noting its place."""
    if not place_ids:
        return
    last = conn.execute(
        update(CatalogRow)
        .values(version=CatalogRow.version + len(place_ids))
        .returning(CatalogRow.version)
    ).scalar_one()
    first = last - len(place_ids) + 1
    rows = [{"version": first + i, "place_id": p} for i, p in enumerate(place_ids)]
    conn.execute(insert(CatalogChangeRow), rows)
    conn.execute(delete(CatalogChangeRow).where(CatalogChangeRow.version <= last - KEEP_CHANGES))


def drop_orphans(s: Session, place_id: int) -> None:
    """Remove the place once none of its reports is left."""
    if not s.scalar(select(exists().where(ReportRow.place_id == place_id))):
        s.execute(delete(PlaceRow).where(PlaceRow.id == place_id))
