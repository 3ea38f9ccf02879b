"""Storing a batch of prepared reports (and removing a place's reports of a year): their rows,
in the caller's transaction.

Each report is decided in turn, exactly as if stored alone (unchanged, added, a new version
superseding the current one, or an earlier version restored), but the rows of the new ones
are written together: one insert of reports, one of sections, one of passages (their ids
read back at once) and one of figures for the whole batch, after one read of its places
and one of their stored versions. A report of a place and year met earlier in the same
batch first writes what is pending, then reads that pair's versions again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from corpus.storage.bulk import insert_rows
from corpus.storage.fts import FullTextIndex, IndexRow
from corpus.storage.models import FigureRow, PassageRow, PlaceRow, ReportRow
from corpus.storage.place_rows import (
    as_place,
    bump_catalog,
    bump_catalog_many,
    drop_orphans,
    place_of,
    place_rows,
)
from corpus.storage.records import Stored, StoredReport, report_info
from corpus.storage.rows import (
    FIGURE_COLUMNS,
    SECTION_COLUMNS,
    as_tuples,
    figure_rows,
    passage_rows,
    section_rows,
    stored_tokens,
)

if TYPE_CHECKING:
    from corpus.places.catalog import PlaceCatalog
    from corpus.reading.prepare import Prepared

Pair = tuple[int, int]  # (place id, year)
UNCOUNTED = -1  # a stored report's passages, counted for the whole batch at its end


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class _Batch:
    """What a batch has decided and not yet written."""

    index: FullTextIndex
    index_rows: list[IndexRow]
    out: list[Stored | None] = field(default_factory=list)
    pending: list[tuple[int, Prepared, PlaceRow, dict[str, Any], StoredReport | None]] = field(
        default_factory=list
    )
    touched: set[Pair] = field(default_factory=set)  # pairs with a pending new version
    bumps: list[int] = field(default_factory=list)  # place ids, one per catalog version
    to_count: set[int] = field(default_factory=set)  # stored reports whose passages to count


def store_batch(
    s: Session,
    index: FullTextIndex,
    prepared: Sequence[Prepared],
    index_rows: list[IndexRow],
) -> list[Stored]:
    """Store ``prepared`` in the caller's transaction, in order; the full-text rows of new
    passages are added to ``index_rows`` for the caller to index."""
    places = place_rows(
        s, [place_of(p.report.place, p.report.town, p.report.county) for p in prepared]
    )
    versions = _versions(
        s, {(pl.id, p.report.year) for pl, p in zip(places, prepared, strict=True)}
    )
    b = _Batch(index, index_rows)
    for item, place in zip(prepared, places, strict=True):
        pair = (place.id, item.report.year)
        if pair in b.touched:  # a second version of a pair in this batch: its first written
            _write(s, b, versions)
        if pair not in versions:  # read again once written
            versions.update(_versions(s, {pair}))
        b.out.append(_decide(s, b, item, place, versions[pair]))
    _write(s, b, versions)
    if b.bumps:
        bump_catalog_many(s.connection(), b.bumps)
    counts = _passage_counts(s.connection(), b.to_count)
    return [_counted(stored, counts) for stored in b.out if stored is not None]


def _decide(
    s: Session, b: _Batch, prepared: Prepared, place: PlaceRow, versions: list[ReportRow]
) -> Stored | None:
    """One report's status against its pair's stored versions (rows written at once, but
    for a new version's, which wait in ``b.pending``); ``None`` for a pending one."""
    digest = prepared.digest
    current = next((r for r in versions if r.superseded_at is None), None)
    if current is not None and current.source_hash == digest:
        b.to_count.add(current.id)
        return Stored("unchanged", report_info(s, current, UNCOUNTED))
    b.bumps.append(place.id)
    old = next((r for r in versions if r.source_hash == digest), None)
    replaced = None
    if current is not None:
        current.superseded_at = _now()
        s.flush()  # before any other version becomes current: one current row at a time
        b.to_count.add(current.id)
        replaced = report_info(s, current, UNCOUNTED)
    if old is not None:  # an earlier version comes back
        old.superseded_at = None
        old.ingested_at = _now()
        s.flush()
        b.to_count.add(old.id)
        return Stored("restored", report_info(s, old, UNCOUNTED), replaced)
    b.pending.append((len(b.out), prepared, place, _report_values(prepared, place), replaced))
    b.touched.add((place.id, prepared.report.year))
    return None


def _write(s: Session, b: _Batch, versions: dict[Pair, list[ReportRow]]) -> None:
    """Write the pending new versions: one statement per table for all of them."""
    if not b.pending:
        return
    conn = s.connection()
    ids = _insert_reports(conn, [values for _, _, _, values, _ in b.pending])
    sections = [
        row for rid, p in zip(ids, b.pending, strict=True) for row in section_rows(rid, p[1])
    ]
    insert_rows(conn, "sections", SECTION_COLUMNS, as_tuples(sections, SECTION_COLUMNS))
    passages = [
        b.index.passage_values(row)
        for rid, p in zip(ids, b.pending, strict=True)
        for row in passage_rows(rid, p[1])
    ]
    insert_rows(conn, "passages", b.index.passage_columns, passages)
    # ids read back at once (ordered RETURNING runs row by row on SQLite)
    by_key = {
        (report_id, ordinal): id_
        for report_id, ordinal, id_ in conn.execute(
            select(PassageRow.report_id, PassageRow.ordinal, PassageRow.id).where(
                PassageRow.report_id.in_(ids)
            )
        )
    }
    figures = []
    for rid, (at, prepared, place, values, replaced) in zip(ids, b.pending, strict=True):
        passage_ids = [by_key[(rid, p.ordinal)] for p in prepared.report.passages]
        year = prepared.report.year
        b.index_rows.extend(
            (i, tokens, year) for i, tokens in zip(passage_ids, prepared.tokens, strict=True)
        )
        figures += figure_rows(rid, passage_ids, prepared)
        added = _new_info(rid, values, place, len(prepared.report.passages))
        b.out[at] = Stored("replaced" if replaced else "added", added, replaced)
        versions.pop((place.id, prepared.report.year), None)  # read again if met again
    insert_rows(conn, "figures", FIGURE_COLUMNS, as_tuples(figures, FIGURE_COLUMNS))
    b.pending.clear()
    b.touched.clear()


def _insert_reports(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert report rows; their ids, in order."""
    if conn.dialect.name == "postgresql":  # one multi-row statement, ids in parameter order
        statement = insert(ReportRow).returning(ReportRow.id, sort_by_parameter_order=True)
        return [r[0] for r in conn.execute(statement, rows)]
    # SQLite: one statement per row is what it runs anyway; lastrowid needs no RETURNING
    out = []
    statement = insert(ReportRow)
    for row in rows:
        result = conn.execute(statement, row)
        out.append(result.inserted_primary_key[0])
    return out


def _report_values(prepared: Prepared, place: PlaceRow) -> dict[str, Any]:
    report = prepared.report
    return {
        "place_id": place.id,
        "town": place.name,
        "county": place.county,
        "year": report.year,
        "title": report.title,
        "meta": dict(report.meta),
        "source_name": prepared.source_name,
        "source_format": prepared.source_format,
        "source_hash": prepared.digest,
        "ingested_at": _now(),
        "superseded_at": None,
    }


def _versions(s: Session, pairs: set[Pair]) -> dict[Pair, list[ReportRow]]:
    """The stored versions of each (place id, year) pair, oldest first: one statement."""
    found: dict[Pair, list[ReportRow]] = {pair: [] for pair in pairs}
    if not pairs:
        return found
    rows = s.scalars(
        select(ReportRow)
        .where(
            ReportRow.place_id.in_(sorted({p for p, _ in pairs})),
            ReportRow.year.in_(sorted({y for _, y in pairs})),
        )
        .order_by(ReportRow.id)
    )
    for row in rows:
        key = (row.place_id or 0, row.year)
        if key in found:
            found[key].append(row)
    return found


def _new_info(id_: int, values: dict[str, Any], place: PlaceRow, passages: int) -> StoredReport:
    return StoredReport(
        id_,
        values["town"],
        values["county"],
        values["year"],
        values["title"],
        passages,
        values["source_name"],
        values["source_format"],
        values["ingested_at"],
        False,
        as_place(place),
    )


def _passage_counts(conn: Connection, ids: set[int]) -> dict[int, int]:
    if not ids:
        return {}
    query = (
        select(PassageRow.report_id, func.count())
        .where(PassageRow.report_id.in_(sorted(ids)))
        .group_by(PassageRow.report_id)
    )
    return {report_id: n for report_id, n in conn.execute(query)}


def _counted(stored: Stored, counts: dict[int, int]) -> Stored:
    def fill(info: StoredReport | None) -> StoredReport | None:
        if info is None or info.passages != UNCOUNTED:
            return info
        return replace(info, passages=counts.get(info.id, 0))

    report = fill(stored.report)
    assert report is not None
    return Stored(stored.status, report, fill(stored.replaced))


def remove_reports(
    s: Session, index: FullTextIndex, catalog: PlaceCatalog, label: str, year: int, dry_run: bool
) -> list[StoredReport] | None:
    """Delete the reports of the place ``label`` and ``year``, every version, in the
    session's transaction (and the place, once it has none left); what went (or, with
    ``dry_run``, would go), None when there is no such report."""
    place_id = catalog.ids[label]
    rows = s.scalars(
        select(ReportRow)
        .where(ReportRow.place_id == place_id, ReportRow.year == year)
        .order_by(ReportRow.id)
    ).all()
    if not rows:
        return None
    gone = [report_info(s, r, catalog=catalog) for r in rows]
    if dry_run:
        return gone
    ids = [r.id for r in rows]
    conn = s.connection()
    if index.forgets_by_tokens:
        index.remove(conn, [t for i in ids for t in stored_tokens(conn, i)])
    s.execute(delete(ReportRow).where(ReportRow.id.in_(ids)))
    drop_orphans(s, place_id)
    bump_catalog(s.connection(), place_id)
    return gone


def refresh_indicators(conn: Connection, classify: Callable[[str, str, str], str]) -> int:
    """Re-derive every stored figure's indicator with ``classify(label, unit, span)``; how
    many changed."""
    cols = (FigureRow.id, FigureRow.label, FigureRow.unit, FigureRow.span, FigureRow.indicator)
    rows = conn.execute(select(*cols)).all()
    changed = [{"i": r[0], "new": n} for r in rows if (n := classify(*r[1:4])) != r[4]]
    if changed:
        where = FigureRow.id == bindparam("i")
        conn.execute(update(FigureRow).where(where).values(indicator=bindparam("new")), changed)
    return len(changed)
