"""The one seam to the database: engines, sessions, migrations and every query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from corpus.errors import DatabaseError, ReportNotFoundError
from corpus.figures import Figure, PlacedFigure, report_figures
from corpus.fts import FullTextIndex, index_for
from corpus.identify import match_town
from corpus.models import FigureRow, PassageRow, ReportRow, SectionRow
from corpus.parse import Passage, Report, Section
from corpus.segment import index_tokens

Status = Literal["added", "replaced", "restored", "unchanged"]


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


def _migrations_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("corpus") / "migrations"))
    return cfg


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    """All database access. Create with :func:`open_store`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.index: FullTextIndex = index_for(engine.dialect.name)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    # -- writing ---------------------------------------------------------------------------

    def add_report(
        self, report: Report, source_name: str, source_format: str, digest: str
    ) -> Stored:
        """Store ``report`` atomically; the same content twice changes nothing."""
        with self.session() as s:
            versions = s.scalars(
                select(ReportRow)
                .where(ReportRow.town == report.town, ReportRow.year == report.year)
                .order_by(ReportRow.id)
            ).all()
            current = next((r for r in versions if r.superseded_at is None), None)
            if current is not None and current.source_hash == digest:
                return Stored("unchanged", self._info(s, current))
            old = next((r for r in versions if r.source_hash == digest), None)
            if current is not None:
                current.superseded_at = _now()
            if old is not None:  # an earlier version comes back
                old.superseded_at = None
                old.ingested_at = _now()
                s.flush()
                replaced = self._info(s, current) if current else None
                return Stored("restored", self._info(s, old), replaced)
            row = self._insert(s, report, source_name, source_format, digest)
            replaced = self._info(s, current) if current is not None else None
            return Stored("replaced" if current else "added", self._info(s, row), replaced)

    def _insert(
        self, s: Session, report: Report, source_name: str, source_format: str, digest: str
    ) -> ReportRow:
        row = ReportRow(
            town=report.town,
            county=report.county,
            year=report.year,
            title=report.title,
            meta=dict(report.meta),
            source_name=source_name,
            source_format=source_format,
            source_hash=digest,
            ingested_at=_now(),
        )
        s.add(row)
        s.flush()
        paths = {sec.ordinal: " › ".join(report.path(sec.ordinal)) for sec in report.sections}
        s.add_all(
            SectionRow(
                report_id=row.id,
                ordinal=sec.ordinal,
                parent_ordinal=sec.parent,
                level=sec.level,
                number=sec.number,
                title=sec.title,
                path=paths[sec.ordinal],
            )
            for sec in report.sections
        )
        passages = [
            PassageRow(
                report_id=row.id,
                section_ordinal=p.section,
                ordinal=p.ordinal,
                section=paths.get(p.section, "") if p.section is not None else "",
                text=p.text,
                tokens=" ".join(index_tokens(_indexed_text(report, p))),
            )
            for p in report.passages
        ]
        s.add_all(passages)
        s.flush()
        self.index.add(s.connection(), [(p.id, p.tokens) for p in passages])
        ids = {p.ordinal: p.id for p in passages}
        s.add_all(
            FigureRow(
                report_id=row.id,
                passage_id=ids[placed.passage_ordinal],
                ordinal=i,
                label=placed.figure.label,
                value=float(placed.figure.value),
                unit=placed.figure.unit,
                qualifier=placed.figure.qualifier,
                span=placed.figure.span,
                sentence=placed.figure.sentence,
            )
            for i, placed in enumerate(report_figures(report))
        )
        return row

    # -- reading ---------------------------------------------------------------------------

    def reports(self, include_superseded: bool = False) -> list[StoredReport]:
        with self.session() as s:
            query = select(ReportRow).order_by(ReportRow.town, ReportRow.year, ReportRow.id)
            if not include_superseded:
                query = query.where(ReportRow.superseded_at.is_(None))
            return [self._info(s, r) for r in s.scalars(query)]

    def count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(ReportRow)) or 0

    def available(self) -> dict[str, list[int]]:
        """Towns and the years stored for each (current versions only)."""
        with self.session() as s:
            rows = s.execute(
                select(ReportRow.town, ReportRow.year)
                .where(ReportRow.superseded_at.is_(None))
                .order_by(ReportRow.town, ReportRow.year)
            )
            out: dict[str, list[int]] = {}
            for town, year in rows:
                out.setdefault(town, []).append(year)
            return out

    def report_ids(self, town: str | None = None, years: Sequence[int] | None = None) -> list[int]:
        with self.session() as s:
            query = select(ReportRow.id).where(ReportRow.superseded_at.is_(None))
            if town:
                query = query.where(ReportRow.town == town)
            if years:
                query = query.where(ReportRow.year.in_(list(years)))
            return list(s.scalars(query))

    def resolve_town(self, name: str, year: int | None = None) -> str:
        """The stored town a user meant ("辛口" → "辛口镇"), or a not-found error listing towns."""
        available = self.available()
        town = match_town(name, list(available))
        if town is None:
            raise ReportNotFoundError(name, year, available)
        return town

    def load(self, town: str, year: int) -> tuple[StoredReport, Report]:
        """The current report for ``town``/``year`` with its outline and passages."""
        town = self.resolve_town(town, year)
        with self.session() as s:
            row = s.scalars(
                select(ReportRow).where(
                    ReportRow.town == town,
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
            report = Report(
                row.town, row.county, row.year, row.title, sections, passages, dict(row.meta)
            )
            return self._info(s, row), report

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
                    Figure(f.label, _number(f.value), f.unit, f.qualifier, f.span, f.sentence),
                    section,
                    section_ordinal,
                    passage_ordinal,
                )
                for f, section, section_ordinal, passage_ordinal in rows
            ]

    def candidates(
        self, tokens: Sequence[str], report_ids: Sequence[int] | None, limit: int
    ) -> list[int]:
        """Passage ids from the full-text index, best first."""
        with self.engine.connect() as conn:
            return self.index.candidates(conn, tokens, report_ids, limit)

    def passages(self, ids: Sequence[int]) -> list[PassageRecord]:
        if not ids:
            return []
        with self.session() as s:
            rows = s.execute(
                select(PassageRow, ReportRow.town, ReportRow.year, ReportRow.title)
                .join(ReportRow, ReportRow.id == PassageRow.report_id)
                .where(PassageRow.id.in_(list(ids)))
            )
            by_id = {
                p.id: PassageRecord(
                    p.id, p.report_id, town, year, title, p.section, p.ordinal, p.text
                )
                for p, town, year, title in rows
            }
        return [by_id[i] for i in ids if i in by_id]

    def _info(self, s: Session, row: ReportRow) -> StoredReport:
        count = s.scalar(select(func.count()).where(PassageRow.report_id == row.id)) or 0
        return StoredReport(
            row.id,
            row.town,
            row.county,
            row.year,
            row.title,
            count,
            row.source_name,
            row.source_format,
            row.ingested_at,
            row.superseded_at is not None,
        )


def _number(value: float) -> float:
    return int(value) if value == int(value) else value


def _indexed_text(report: Report, passage: Passage) -> str:
    """A passage is found by its own words and by the heading it stands under."""
    if passage.section is None:
        return passage.text
    return report.sections[passage.section].label + "\n" + passage.text


def open_store(url: str) -> Store:
    """Connect to ``url`` and bring its schema up to date."""
    try:
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(
                parents=True, exist_ok=True
            )
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        _migrate(engine)
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"无法打开数据库 {engine_url_for_display(url)}：{exc.__class__.__name__}。"
            "请检查 TOWNREPORT_DATABASE_URL 或 --db。"
        ) from exc
    return Store(engine)


def _migrate(engine: Engine) -> None:
    cfg = _migrations_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def engine_url_for_display(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "（无效的数据库地址）"
