"""Storing one prepared report: its rows, in the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from corpus.storage.fts import FullTextIndex
from corpus.storage.models import FigureRow, PassageRow, PlaceRow, ReportRow, SectionRow
from corpus.storage.place_rows import bump_catalog, place_of, place_row
from corpus.storage.records import Stored, report_info
from corpus.storage.rows import figure_rows, passage_rows, section_rows

if TYPE_CHECKING:
    from corpus.reading.prepare import Prepared


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def store_one(
    s: Session, index: FullTextIndex, prepared: Prepared, index_rows: list[tuple[int, str]]
) -> Stored:
    """Store one prepared report in the caller's transaction: unchanged, added, a new
    version (the current one superseded) or an earlier version restored."""
    report, digest = prepared.report, prepared.digest
    place = place_row(s, place_of(report.place, report.town, report.county))
    versions = s.scalars(
        select(ReportRow)
        .where(ReportRow.place_id == place.id, ReportRow.year == report.year)
        .order_by(ReportRow.id)
    ).all()
    current = next((r for r in versions if r.superseded_at is None), None)
    if current is not None and current.source_hash == digest:
        return Stored("unchanged", report_info(s, current))
    bump_catalog(s.connection(), place.id)
    old = next((r for r in versions if r.source_hash == digest), None)
    if current is not None:
        current.superseded_at = _now()
        s.flush()  # before any other version becomes current: one current row at a time
    if old is not None:  # an earlier version comes back
        old.superseded_at = None
        old.ingested_at = _now()
        s.flush()
        replaced = report_info(s, current) if current else None
        return Stored("restored", report_info(s, old), replaced)
    row = _insert(s, index, prepared, index_rows, place)
    replaced = report_info(s, current) if current is not None else None
    added = report_info(s, row, len(report.passages))
    return Stored("replaced" if current else "added", added, replaced)


def _insert(
    s: Session,
    index: FullTextIndex,
    prepared: Prepared,
    index_rows: list[tuple[int, str]],
    place: PlaceRow,
) -> ReportRow:
    """Bulk inserts (executemany) of one report's rows, in the caller's transaction; its
    full-text rows are added to ``index_rows`` for the caller to index."""
    report = prepared.report
    row = ReportRow(
        place_id=place.id,
        place=place,
        town=place.name,
        county=place.county,
        year=report.year,
        title=report.title,
        meta=dict(report.meta),
        source_name=prepared.source_name,
        source_format=prepared.source_format,
        source_hash=prepared.digest,
        ingested_at=_now(),
    )
    s.add(row)
    s.flush()
    conn = s.connection()
    if report.sections:
        conn.execute(insert(SectionRow), section_rows(row.id, prepared))
    # one executemany, ids read back at once (ordered RETURNING runs row by row on SQLite)
    conn.execute(index.passage_insert(), passage_rows(row.id, prepared))
    by_ordinal = {
        ordinal: id_
        for ordinal, id_ in conn.execute(
            select(PassageRow.ordinal, PassageRow.id).where(PassageRow.report_id == row.id)
        )
    }
    ids = [by_ordinal[p.ordinal] for p in report.passages]
    index_rows.extend(zip(ids, prepared.tokens, strict=True))
    if prepared.figures:
        conn.execute(insert(FigureRow), figure_rows(row.id, ids, prepared))
    return row
