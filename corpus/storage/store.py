"""The one seam to the database: engines, sessions, migrations and every query."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Engine, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from corpus.errors import ReportNotFoundError
from corpus.figures.extract import Figure, PlacedFigure
from corpus.places.catalog import PlaceCatalog
from corpus.places.place import Place
from corpus.reading.bounds import check_year
from corpus.reading.parse import Passage, Report, Section
from corpus.reading.prepare import Prepared
from corpus.storage.database import connect
from corpus.storage.fts import FullTextIndex, index_for
from corpus.storage.models import CatalogRow, FigureRow, PassageRow, PlaceRow, ReportRow, SectionRow
from corpus.storage.place_rows import as_place, drop_orphans, place_of, place_row, read_catalog
from corpus.storage.rows import figure_rows, passage_rows, section_rows

Status = Literal["added", "replaced", "restored", "unchanged"]
Catalog = Mapping[str, tuple[int, ...]]  # place name (unique among those stored) → its years
# every change other processes must see (reports, token statistics) moves the catalog version
_NEXT_CATALOG_VERSION = update(CatalogRow).values(version=CatalogRow.version + 1)
# taken first by every writer: a row lock on PostgreSQL, the write lock on SQLite, so that two
# processes storing the same report one after the other see each other's rows
_WRITE_LOCK = update(CatalogRow).values(version=CatalogRow.version)


@dataclass(frozen=True)
class StoredReport:
    id: int
    town: str
    county: str | None
    year: int
    title: str
    passages: int
    source_name: str
    source_format: str
    ingested_at: datetime
    superseded: bool
    place: Place | None = None


@dataclass(frozen=True)
class Stored:
    """What storing one parsed report did."""

    status: Status
    report: StoredReport
    replaced: StoredReport | None = None


@dataclass(frozen=True)
class PassageRecord:
    id: int
    report_id: int
    town: str
    year: int
    title: str
    section: str
    ordinal: int
    text: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """All database access. Create with :func:`open_store`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.index: FullTextIndex = index_for(engine.dialect.name)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._catalog: tuple[int | None, PlaceCatalog] | None = None
        self._shares: tuple[int | None, dict[str, float | None]] = (None, {})

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    # -- writing ---------------------------------------------------------------------------

    def add_reports(self, prepared: Iterable[Prepared], batch: int = 32) -> Iterator[Stored]:
        """Store reports atomically, ``batch`` to a transaction; the same content twice
        changes nothing.

        Their full-text rows go in last, all at once: SQLite's FTS5 writes its pending terms
        out before every later statement, so one insert per batch is one flush, not one per
        report. Each result is given only once its transaction has committed; an error rolls
        back the reports of its batch, none of which was reported yet.
        """
        pending = iter(prepared)
        while True:
            done: list[Stored] = []
            index_rows: list[tuple[int, str]] = []
            with self.session() as s:
                s.execute(_WRITE_LOCK)
                for item in pending:
                    done.append(self._add(s, item, index_rows))
                    if len(done) >= batch:
                        break
                self.index.add(s.connection(), index_rows)
            if not done:
                return
            if index_rows:
                with self.engine.begin() as conn:
                    self.index.keep_current(conn)
            yield from done

    def _add(self, s: Session, prepared: Prepared, index_rows: list[tuple[int, str]]) -> Stored:
        report, digest = prepared.report, prepared.digest
        place = place_row(s, place_of(report.place, report.town, report.county))
        versions = s.scalars(
            select(ReportRow)
            .where(ReportRow.place_id == place.id, ReportRow.year == report.year)
            .order_by(ReportRow.id)
        ).all()
        current = next((r for r in versions if r.superseded_at is None), None)
        if current is not None and current.source_hash == digest:
            return Stored("unchanged", self._info(s, current))
        s.execute(_NEXT_CATALOG_VERSION)
        old = next((r for r in versions if r.source_hash == digest), None)
        if current is not None:
            current.superseded_at = _now()
            s.flush()  # before any other version becomes current: one current row at a time
        if old is not None:  # an earlier version comes back
            old.superseded_at = None
            old.ingested_at = _now()
            s.flush()
            replaced = self._info(s, current) if current else None
            return Stored("restored", self._info(s, old), replaced)
        row = self._insert(s, prepared, index_rows, place)
        replaced = self._info(s, current) if current is not None else None
        added = self._info(s, row, len(report.passages))
        return Stored("replaced" if current else "added", added, replaced)

    def _insert(
        self, s: Session, prepared: Prepared, index_rows: list[tuple[int, str]], place_row: PlaceRow
    ) -> ReportRow:
        """Bulk inserts (executemany) of one report's rows, in the caller's transaction; its
        full-text rows are added to ``index_rows`` for the caller to index."""
        report = prepared.report
        row = ReportRow(
            place_id=place_row.id,
            place=place_row,
            town=place_row.name,
            county=place_row.county,
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
        conn.execute(insert(PassageRow), passage_rows(row.id, prepared))
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

    # -- reading ---------------------------------------------------------------------------

    def reports(
        self, include_superseded: bool = False, town: str | None = None
    ) -> list[StoredReport]:
        """Stored reports (of one place, if named), each under its unique place name."""
        catalog = self.available()
        with self.session() as s:
            query = select(ReportRow).order_by(ReportRow.town, ReportRow.year, ReportRow.id)
            if not include_superseded:
                query = query.where(ReportRow.superseded_at.is_(None))
            if town is not None:
                query = query.where(ReportRow.place_id == catalog.ids[catalog.resolve(town)])
            return [self._info(s, r, catalog=catalog) for r in s.scalars(query)]

    def count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(ReportRow)) or 0

    def available(self) -> PlaceCatalog:
        """Places and the years stored for each (current versions only), read-only; each
        place under a name unique among them (武清区和平镇 beside 宝坻区和平镇).

        Asked on every question, so the answer is cached, keyed by the catalog version that
        every process bumps when it adds, replaces, restores or removes a report.
        """
        with self.engine.connect() as conn:  # plain Core: this runs for every question
            key = conn.scalar(select(CatalogRow.version))
            if self._catalog is not None and self._catalog[0] == key:
                return self._catalog[1]
            catalog = read_catalog(conn)
        self._catalog = (key, catalog)
        return catalog

    def town_passages(self, town: str, years: Sequence[int] | None) -> list[PassageRecord]:
        """Every passage of a place's current reports (in ``years``, if given), by index."""
        catalog = self.available()
        query = self._passage_query().where(
            ReportRow.place_id == catalog.ids[catalog.resolve(town)],
            ReportRow.superseded_at.is_(None),
        )
        if years:
            query = query.where(ReportRow.year.in_(list(years)))
        with self.engine.connect() as conn:
            return [self._record(catalog, *row) for row in conn.execute(query)]

    def resolve_town(self, name: str, year: int | None = None) -> str:
        """The stored place a person meant, however written ("辛口", "西青区辛口镇", "沙湾街",
        traditional characters), as its unique name; a typed error when none or several."""
        return self.available().resolve(name, year)

    def load(self, town: str, year: int) -> tuple[StoredReport, Report]:
        """The current report for ``town``/``year`` with its outline and passages."""
        check_year(year)
        catalog = self.available()
        town = catalog.resolve(town, year)
        with self.session() as s:
            row = s.scalars(
                select(ReportRow).where(
                    ReportRow.place_id == catalog.ids[town],
                    ReportRow.year == year,
                    ReportRow.superseded_at.is_(None),
                )
            ).first()
            if row is None:
                raise ReportNotFoundError(town, year, self.available())
            sections = tuple(
                Section(x.ordinal, x.parent_ordinal, x.level, x.number, x.title)
                for x in row.sections
            )
            passages = tuple(Passage(x.ordinal, x.section_ordinal, x.text) for x in row.passages)
            place = catalog.places[town]
            report = Report(
                row.town, row.county, row.year, row.title, sections, passages, dict(row.meta), place
            )
            return self._info(s, row, catalog=catalog), report

    def remove(self, town: str, year: int, dry_run: bool = False) -> list[StoredReport]:
        """Delete a place's report of ``year`` with all its versions (and the place, once it
        has no report left); with ``dry_run``, only say what would go."""
        check_year(year)
        catalog = self.available()
        label = catalog.resolve(town, year)
        with self.session() as s:
            rows = s.scalars(
                select(ReportRow)
                .where(ReportRow.place_id == catalog.ids[label], ReportRow.year == year)
                .order_by(ReportRow.id)
            ).all()
            if not rows:
                raise ReportNotFoundError(label, year, catalog)
            gone = [self._info(s, r, catalog=catalog) for r in rows]
            if dry_run:
                return gone
            ids = [r.id for r in rows]
            conn = s.connection()
            self.index.remove(
                conn,
                list(
                    conn.execute(
                        select(PassageRow.id, PassageRow.tokens).where(
                            PassageRow.report_id.in_(ids)
                        )
                    )
                ),
            )
            s.execute(delete(ReportRow).where(ReportRow.id.in_(ids)))
            drop_orphans(s, catalog.ids[label])
            s.execute(_NEXT_CATALOG_VERSION)
        return gone

    def figures(self, town: str, year: int) -> list[PlacedFigure]:
        """The figures of the current report for ``town``/``year``, in reading order."""
        info, _ = self.load(town, year)
        with self.session() as s:
            rows = s.execute(
                select(
                    FigureRow, PassageRow.section, PassageRow.section_ordinal, PassageRow.ordinal
                )
                .join(PassageRow, PassageRow.id == FigureRow.passage_id)
                .where(FigureRow.report_id == info.id)
                .order_by(FigureRow.ordinal)
            )
            return [
                PlacedFigure(
                    Figure(
                        f.label,
                        _number(f.value),
                        f.unit,
                        f.qualifier,
                        f.span,
                        f.sentence,
                        f.indicator,
                    ),
                    section,
                    section_ordinal,
                    passage_ordinal,
                )
                for f, section, section_ordinal, passage_ordinal in rows
            ]

    def refresh_indicators(self, classify: Callable[[str, str, str], str]) -> int:
        """Re-derive stored figures' indicators, ``classify(label, unit, span)``, after
        ``dict/indicators.txt`` changed; returns how many changed."""
        cols = (FigureRow.id, FigureRow.label, FigureRow.unit, FigureRow.span, FigureRow.indicator)
        with self.engine.begin() as conn:
            rows = conn.execute(select(*cols)).all()
            changed = [{"i": r[0], "new": n} for r in rows if (n := classify(*r[1:4])) != r[4]]
            if changed:
                where = FigureRow.id == bindparam("i")
                conn.execute(
                    update(FigureRow).where(where).values(indicator=bindparam("new")), changed
                )
        return len(changed)

    def candidates(
        self, tokens: Sequence[str], years: Sequence[int] | None, limit: int
    ) -> list[int]:
        """Passage ids from the full-text index: those holding all ``tokens`` first, then
        those holding each token, in the order given (rarest first); newest first within
        each level (see :mod:`corpus.storage.fts`)."""
        with self.engine.connect() as conn:
            return self.index.candidates(conn, tokens, years, limit)

    def token_frequencies(self, tokens: Sequence[str]) -> dict[str, float]:
        """Share of passages holding each token, to pick the selective ones.

        Remembered per process until the catalog version changes (any process ingesting a
        report changes it), so it never hides a token that a new report brought in.
        """
        version = self._catalog[0] if self._catalog else None
        if self._shares[0] != version or version is None:
            self._shares = (version, {})
        cache = self._shares[1]
        missing = [t for t in tokens if t not in cache]
        if missing:
            with self.engine.connect() as conn:
                found = self.index.frequencies(conn, missing)
            cache.update({t: found.get(t) for t in missing})
        return {t: share for t in tokens if (share := cache[t]) is not None}

    def refresh_statistics(self) -> None:
        """Fresh token statistics; every process re-reads them (the catalog version moves)."""
        with self.engine.begin() as conn:
            self.index.refresh_statistics(conn)
            conn.execute(_NEXT_CATALOG_VERSION)

    def passages(self, ids: Sequence[int]) -> list[PassageRecord]:
        if not ids:
            return []
        query = self._passage_query().where(
            PassageRow.id.in_(list(ids)), ReportRow.superseded_at.is_(None)
        )
        catalog = self.available()
        with self.engine.connect() as conn:
            by_id = {
                record.id: record
                for record in (self._record(catalog, *row) for row in conn.execute(query))
            }
        return [by_id[i] for i in ids if i in by_id]

    @staticmethod
    def _passage_query():  # type: ignore[no-untyped-def]
        """Plain rows, not ORM objects: a question reads hundreds of passages."""
        return select(
            PassageRow.id,
            PassageRow.report_id,
            ReportRow.town,
            ReportRow.place_id,
            ReportRow.year,
            ReportRow.title,
            PassageRow.section,
            PassageRow.ordinal,
            PassageRow.text,
        ).join(ReportRow, ReportRow.id == PassageRow.report_id)

    @staticmethod
    def _record(
        catalog: PlaceCatalog, id_: int, report_id: int, town: str, place_id: int, *rest: object
    ) -> PassageRecord:
        label = catalog.label_of(place_id) or town
        return PassageRecord(id_, report_id, label, *rest)  # type: ignore[arg-type]

    def _info(
        self,
        s: Session,
        row: ReportRow,
        passages: int | None = None,
        catalog: PlaceCatalog | None = None,
    ) -> StoredReport:
        if passages is None:
            passages = s.scalar(select(func.count()).where(PassageRow.report_id == row.id)) or 0
        label = catalog.label_of(row.place_id) if catalog and row.place_id else None
        return StoredReport(
            row.id,
            label or row.town,
            row.county,
            row.year,
            row.title,
            passages,
            row.source_name,
            row.source_format,
            row.ingested_at,
            row.superseded_at is not None,
            as_place(row.place) if row.place is not None else None,
        )


def _number(value: float) -> float:
    return int(value) if value == int(value) else value


def open_store(url: str) -> Store:
    """Connect to ``url`` and bring its schema up to date."""
    return Store(connect(url))
