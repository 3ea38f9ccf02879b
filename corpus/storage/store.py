"""The one seam to the database: engines, sessions, migrations and every query.

A question's reads are plain SQL (:mod:`corpus.storage.reads`): on ``sqlite3`` itself for a
SQLite file whose schema is current, so that a command-line question never imports
SQLAlchemy; the engine, for writes, listings and other databases, is created the first time
one is needed."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from corpus.errors import ReportNotFoundError
from corpus.places.catalog import PlaceCatalog, StoredPlace
from corpus.reading.bounds import check_year
from corpus.reading.parse import Report
from corpus.storage import loading
from corpus.storage.catalog_rows import catalog_since, read_catalog
from corpus.storage.fts import FullTextIndex, IndexRow, index_for
from corpus.storage.memo import PassageMemo
from corpus.storage.reads import DriverReads, EngineReads, Reads, in_list, sqlite_file
from corpus.storage.records import PassageRecord, Stored, StoredReport
from corpus.storage.shares import TokenShares

if TYPE_CHECKING:  # a question needs neither SQLAlchemy, the figure extractor nor ingest
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from corpus.figures.extract import PlacedFigure
    from corpus.reading.prepare import Prepared
    from corpus.storage.database import OnUpgrade

T = TypeVar("T")
Catalog = Mapping[str, tuple[int, ...]]  # place name (unique among those stored) → its years
# every change other processes must see (reports, token statistics) moves the catalog version
# (place_rows.bump_catalog), noting which place changed
_VERSION = "SELECT version FROM catalog"
_SECTION_KINDS = "SELECT ordinal, kind FROM sections WHERE report_id = :report"


def _write_lock():  # type: ignore[no-untyped-def]
    """Taken first by every writer: a row lock on PostgreSQL, the write lock on SQLite, so
    that two processes storing the same report one after the other see each other's rows."""
    from sqlalchemy import update

    from corpus.storage.models import CatalogRow

    return update(CatalogRow).values(version=CatalogRow.version)


class Store:
    """All database access. Create with :func:`open_store`."""

    def __init__(
        self, url: str, engine: Engine | None = None, on_upgrade: OnUpgrade | None = None
    ) -> None:
        self.url = url
        self._engine = engine
        self._on_upgrade = on_upgrade
        self._sessions: Any = None
        file = sqlite_file(url)
        self.reads: Reads = DriverReads(file) if file is not None else EngineReads(self.engine)
        self.index: FullTextIndex = index_for(
            "sqlite" if file is not None else self.engine.dialect.name
        )
        self._catalog: tuple[int | None, PlaceCatalog] | None = None
        self._shares = TokenShares()  # read when first asked, kept across catalog versions
        self._memo: PassageMemo[PassageRecord] = PassageMemo()  # passages read already

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine, created (and the schema checked) when first needed."""
        if self._engine is None:
            from corpus.storage.database import connect

            self._engine = connect(self.url, self._on_upgrade)
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        """Close every connection the store holds (it opens new ones if used again)."""
        if isinstance(self.reads, DriverReads):
            self.reads.close()
        if self._engine is not None:
            self._engine.dispose()

    def _index_connection(self) -> AbstractContextManager[Any]:
        """A connection for the full-text index's reads: the driver's, where the store reads
        on it."""
        if isinstance(self.reads, DriverReads):
            return self.reads.connection()
        return self.engine.connect()

    # -- writing ---------------------------------------------------------------------------

    def add_reports(self, prepared: Iterable[Prepared], batch: int = 32) -> Iterator[Stored]:
        """Store reports atomically, ``batch`` to a transaction; the same content twice
        changes nothing.

        Their full-text rows go in last, all at once: SQLite's FTS5 writes its pending terms
        out before every later statement, so one insert per batch is one flush, not one per
        report. Each result is given only once its transaction has committed; an error rolls
        back the reports of its batch, none of which was reported yet.
        """
        from corpus.storage.writing import store_batch

        pending = iter(prepared)
        while True:
            items = list(islice(pending, max(1, batch)))
            if not items:
                return
            index_rows: list[IndexRow] = []
            with self.session() as s:
                s.execute(_write_lock())
                done = store_batch(s, self.index, items, index_rows)
                self.index.add(s.connection(), index_rows)
            if index_rows:
                with self.engine.begin() as conn:
                    self.index.keep_current(conn)
            yield from done

    # -- reading ---------------------------------------------------------------------------

    def reports(
        self, include_superseded: bool = False, place: StoredPlace | None = None
    ) -> list[StoredReport]:
        """Stored reports (of one resolved place, if given), each under its unique place name."""
        from sqlalchemy import select

        from corpus.storage.models import ReportRow
        from corpus.storage.records import report_info

        catalog = self.available()
        with self.session() as s:
            query = select(ReportRow).order_by(ReportRow.town, ReportRow.year, ReportRow.id)
            if not include_superseded:
                query = query.where(ReportRow.superseded_at.is_(None))
            if place is not None:
                query = query.where(ReportRow.place_id == place.id)
            return [report_info(s, r, catalog=catalog) for r in s.scalars(query)]

    def count(self) -> int:
        return self.reads.rows("SELECT count(*) FROM reports")[0][0]  # type: ignore[no-any-return]

    def available(self) -> PlaceCatalog:
        """Places and the years stored for each (current versions only), read-only; each
        place under a name unique among them (武清区和平镇 beside 宝坻区和平镇).

        Asked on every question, so the answer is cached, keyed by the catalog version that
        every process bumps when it adds, replaces, restores or removes a report.
        """
        key = self._catalog_version()
        cached = self._catalog
        if cached is not None and cached[0] == key:
            return cached[1]
        since = None
        if cached is not None and cached[0] is not None and key is not None:
            since = catalog_since(self.reads, cached[1], cached[0], key)
        if since is None:  # a first read, or too far behind: the whole catalog
            catalog = read_catalog(self.reads)
            self._shares.forget()
        else:  # only the places changed since (an ingest changes one)
            catalog, statistics = since
            if statistics:
                self._shares.forget()
        self._catalog = (key, catalog)
        return catalog

    def _catalog_version(self) -> int | None:
        """The catalog version: one plain statement for every question."""
        rows = self.reads.rows(_VERSION)
        return rows[0][0] if rows else None

    def place(self, name: str, year: int | None = None) -> StoredPlace:
        """The stored place a person meant, however written ("辛口", "西青区辛口镇", "沙湾街",
        traditional characters), resolved once for the readers that take it; a typed error
        when none or several."""
        return self.available().find(name, year)

    def resolve_town(self, name: str, year: int | None = None) -> str:
        """:meth:`place`, as its unique name."""
        return self.place(name, year).label

    def town_passages(
        self,
        place: StoredPlace,
        years: Sequence[int] | None,
        catalog: PlaceCatalog | None = None,
    ) -> list[PassageRecord]:
        """Every passage of a place's current reports (in ``years``, if given), by index;
        read as of ``catalog`` when the caller holds the one :meth:`available` just gave
        (its version is not read again)."""
        self._fresh_records(catalog)
        read_at = self._memo.version
        key = (place.id, tuple(years or ()))
        kept = self._memo.by_place.get(key)
        if kept is not None:
            return kept
        sql, params = loading.PASSAGE_RECORDS + " AND r.place_id = :place", {"place": place.id}
        if years:
            wanted, by_year = in_list("year", list(years))
            sql, params = f"{sql} AND r.year IN {wanted}", {**params, **by_year}
        sql += " ORDER BY p.id"  # in reading order, on any database
        found = [
            PassageRecord(i, r, place.label, *rest)
            for i, r, _, _, *rest in self.reads.rows(sql, params)
        ]
        self._memo.keep_place(key, found, read_at)
        return found

    def load(self, place: StoredPlace, year: int) -> tuple[StoredReport, Report]:
        """The current report of ``place`` for ``year`` with its outline and passages."""
        info, report, _ = self._read(place, year, with_figures=False)
        return info, report

    def load_with_figures(
        self, place: StoredPlace, year: int
    ) -> tuple[StoredReport, Report, list[PlacedFigure]]:
        """:meth:`load` and the report's figures in reading order, in two statements."""
        return self._read(place, year, with_figures=True)

    def _read(
        self, place: StoredPlace, year: int, with_figures: bool
    ) -> tuple[StoredReport, Report, list[PlacedFigure]]:
        check_year(year)
        found = loading.report_and_outline(self.reads, place.id, year)
        if found is None:
            raise ReportNotFoundError(place.label, year, self.available())
        columns, sections = found
        passages, figures = loading.passages_of(self.reads, columns[0], with_figures)
        id_, town, county, title, meta, source_name, source_format, ingested_at = columns
        report = Report(town, county, year, title, sections, passages, dict(meta), place.place)
        info = StoredReport(
            id_,
            place.label,
            county,
            year,
            title,
            len(passages),
            source_name,
            source_format,
            ingested_at,
            False,
            place.place,
        )
        return info, report, figures

    def section_kinds(self, report_id: int) -> dict[int, str]:
        """The part of the report (outline.part, stored at ingest) of each section of a
        stored report, by section ordinal."""
        return dict(self.reads.rows(_SECTION_KINDS, {"report": report_id}))

    def remove(self, town: str, year: int, dry_run: bool = False) -> list[StoredReport]:
        """Delete a place's report of ``year`` with all its versions (and the place, once it
        has no report left); with ``dry_run``, only say what would go."""
        from corpus.storage.writing import remove_reports

        check_year(year)
        catalog = self.available()
        label = catalog.resolve(town, year)
        with self.session() as s:
            gone = remove_reports(s, self.index, catalog, label, year, dry_run)
        if gone is None:
            raise ReportNotFoundError(label, year, catalog)
        return gone

    def figures(self, place: StoredPlace, year: int) -> list[PlacedFigure]:
        """The figures of the current report of ``place`` for ``year``, in reading order; a
        typed error listing what exists when there is no such report."""
        check_year(year)
        if year not in place.years:
            raise ReportNotFoundError(place.label, year, self.available())
        return self.figures_of([(place, year)]).get((place.label, year), [])

    def figures_of(
        self, wanted: Sequence[tuple[StoredPlace, int]]
    ) -> dict[tuple[str, int], list[PlacedFigure]]:
        """The figures of several current reports at once, in reading order, by (place label,
        year); a report not stored has no entry. One statement, however many reports."""
        return loading.figures_of(self.reads, wanted)

    def refresh_indicators(self, classify: Callable[[str, str, str], str]) -> int:
        """Re-derive stored figures' indicators, ``classify(label, unit, span)``, after
        ``dict/indicators.txt`` changed; returns how many changed."""
        from corpus.storage.writing import refresh_indicators

        with self.engine.begin() as conn:
            return refresh_indicators(conn, classify)

    def candidates(
        self,
        tokens: Sequence[str],
        years: Sequence[int] | None,
        limit: int,
        shares: Mapping[str, float] | None = None,
    ) -> list[int]:
        """Passage ids from the full-text index: those holding all ``tokens`` first, then
        those holding each token, in the order given (rarest first); newest first within
        each level (see :mod:`corpus.storage.fts`). The index is told the tokens' shares
        (``shares``, as :meth:`token_frequencies` gave them, if the caller holds them):
        they only choose how it looks."""
        if shares is None:
            shares = self.token_frequencies(tokens)
        with self._index_connection() as conn:
            return self.index.candidates(conn, tokens, years, limit, shares)

    def token_frequencies(self, tokens: Sequence[str]) -> dict[str, float]:
        """Share of passages holding each token, to pick the selective ones (remembered per
        process, see :mod:`corpus.storage.shares`)."""

        def read(missing: list[str]) -> dict[str, float]:
            with self._index_connection() as conn:
                return self.index.frequencies(conn, missing)

        return self._shares.of(tokens, self._catalog[0] if self._catalog else None, read)

    def count_update(self, user_id: int, minute: int) -> tuple[int, int]:
        """Count one chat update of ``user_id`` in ``minute`` (shared by every process on the
        database): this minute's count with it, and the previous minute's."""
        from corpus.storage.counters import count_update

        with self.engine.begin() as conn:
            return count_update(conn, user_id, minute)

    def refresh_statistics(self) -> None:
        """Fresh token statistics; every process re-reads them (the catalog version moves)."""
        from corpus.storage.place_rows import bump_catalog

        with self.engine.begin() as conn:
            self.index.refresh_statistics(conn)
            bump_catalog(conn, None)

    def passages(
        self, ids: Sequence[int], catalog: PlaceCatalog | None = None
    ) -> list[PassageRecord]:
        """Current passages of ``ids``, in that order (others left out); as of ``catalog``
        when the caller holds the one :meth:`available` just gave."""
        if not ids:
            return []
        catalog = self._fresh_records(catalog)
        read_at = self._memo.version
        missing = self._memo.missing(ids)
        read: dict[int, PassageRecord] = {}
        if missing:
            wanted, params = in_list("id", missing)
            rows = self.reads.rows(f"{loading.PASSAGE_RECORDS} AND p.id IN {wanted}", params)
            read = {row[0]: self._record(catalog, *row) for row in rows}
            self._memo.keep(missing, read, read_at)
        return self._memo.found(ids, read)

    def kept(
        self,
        key: Hashable,
        make: Callable[[], T],
        catalog: PlaceCatalog | None = None,
        size: Callable[[T], int] | None = None,
    ) -> T:
        """``make()``, what a reader derives from current reports (a report's part, whole),
        kept for the questions after until the catalog version moves; as of ``catalog``
        when the caller holds the one :meth:`available` just gave; ``size``: the passages
        a value holds, if it may hold many (kept within a budget of passages)."""
        self._fresh_records(catalog)
        derived, read_at = self._memo.derived, self._memo.version
        if key in derived:
            return derived[key]  # type: ignore[no-any-return]
        found = make()
        self._memo.keep_derived(key, found, read_at, size(found) if size is not None else 0)
        return found

    def _fresh_records(self, held: PlaceCatalog | None = None) -> PlaceCatalog:
        """The catalog, with the passages kept read forgotten if it changed since: the one
        ``held`` if it is the newest this store read (a question asks :meth:`available`
        once), else the current one."""
        cached = self._catalog
        if held is None or cached is None or cached[1] is not held:
            held = self.available()
            cached = self._catalog
        self._memo.at(cached[0] if cached else None)
        return held

    @staticmethod
    def _record(
        catalog: PlaceCatalog, id_: int, report_id: int, town: str, place_id: int, *rest: object
    ) -> PassageRecord:
        label = catalog.label_of(place_id) or town
        return PassageRecord(id_, report_id, label, *rest)  # type: ignore[arg-type]


def open_store(url: str, on_upgrade: OnUpgrade | None = None) -> Store:
    """Connect to ``url`` and bring its schema up to date (``on_upgrade`` is told first when
    an existing database needs it). A SQLite file already at the newest schema is checked
    with ``sqlite3`` alone; its engine waits until something writes."""
    from corpus.storage.reads import schema_revision
    from corpus.storage.revisions import head_revision

    file = sqlite_file(url)
    head = head_revision()
    if file is not None and head is not None and schema_revision(file) == [head]:
        return Store(url, None, on_upgrade)
    from corpus.storage.database import connect

    return Store(url, connect(url, on_upgrade), on_upgrade)
