"""Reading stored reports back, in as few statements as the request needs: a report with its
outline (one statement), its passages with their figures (one), the figures of many reports
(one). Functions take the store's connection; only :mod:`corpus.storage.store` opens it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select

from corpus.places.catalog import StoredPlace
from corpus.reading.parse import Passage, Section
from corpus.storage.models import FigureRow, PassageRow, ReportRow, SectionRow
from corpus.storage.rows import figure_sentence

if TYPE_CHECKING:
    from corpus.figures.extract import PlacedFigure

# (id, town, county, title, meta, source name, source format, ingested at)
ReportColumns = tuple[int, str, str | None, str, dict[str, str], str, str, datetime]

_FIGURE_COLUMNS = (
    FigureRow.ordinal,
    FigureRow.label,
    FigureRow.value,
    FigureRow.unit,
    FigureRow.qualifier,
    FigureRow.span,
    FigureRow.sentence,
    FigureRow.sentence_start,
    FigureRow.sentence_end,
    FigureRow.indicator,
)
# a passage's section path (and kind) are stored once, with its section
SECTION_OF_PASSAGE = (SectionRow.report_id == PassageRow.report_id) & (
    SectionRow.ordinal == PassageRow.section_ordinal
)
SECTION_PATH = func.coalesce(SectionRow.path, "")
SECTION_KIND = func.coalesce(SectionRow.kind, "")


def report_and_outline(
    conn: Connection, place_id: int, year: int
) -> tuple[ReportColumns, tuple[Section, ...]] | None:
    """The current report of a place and year with its sections, by one outer join (the
    report's columns come once per section); None when there is none."""
    r, x = ReportRow, SectionRow
    rows = conn.execute(
        select(
            r.id,
            r.town,
            r.county,
            r.title,
            r.meta,
            r.source_name,
            r.source_format,
            r.ingested_at,
            x.ordinal,
            x.parent_ordinal,
            x.level,
            x.number,
            x.title.label("section_title"),
        )
        .outerjoin(x, x.report_id == r.id)
        .where(r.place_id == place_id, r.year == year, r.superseded_at.is_(None))
        .order_by(x.ordinal)
    ).all()
    if not rows:
        return None
    sections = tuple(Section(*row[8:]) for row in rows if row.ordinal is not None)
    return tuple(rows[0][:8]), sections  # type: ignore[return-value]


def passages_of(
    conn: Connection, report_id: int, with_figures: bool
) -> tuple[tuple[Passage, ...], list[PlacedFigure]]:
    """A report's passages in order and (with ``with_figures``) the figures they hold, by one
    outer join: a passage comes once per figure in it."""
    p, f = PassageRow, FigureRow
    cols = (p.ordinal, p.section_ordinal, p.text, SECTION_PATH, SECTION_KIND)
    query = (
        select(*cols)
        .outerjoin(SectionRow, SECTION_OF_PASSAGE)
        .where(p.report_id == report_id)
        .order_by(p.ordinal)
    )
    if with_figures:
        query = (
            select(*cols, *_FIGURE_COLUMNS)
            .outerjoin(SectionRow, SECTION_OF_PASSAGE)
            .outerjoin(f, f.passage_id == p.id)
            .where(p.report_id == report_id)
            .order_by(p.ordinal, f.ordinal)
        )
    passages: dict[int, Passage] = {}
    placed: list[tuple[int, PlacedFigure]] = []
    for ordinal, section_ordinal, text, section, kind, *figure in conn.execute(query):
        passages.setdefault(ordinal, Passage(ordinal, section_ordinal, text))
        if figure and figure[0] is not None:
            where = (section, section_ordinal, ordinal, text, kind)
            placed.append((figure[0], _placed(figure[1:], *where)))
    placed.sort(key=lambda x: x[0])
    return tuple(passages.values()), [x for _, x in placed]


def figures_of(
    conn: Connection, wanted: Sequence[tuple[StoredPlace, int]]
) -> dict[tuple[str, int], list[PlacedFigure]]:
    """The figures of the current reports of (place, year) pairs, in reading order, by (place
    label, year), in one statement; a report not stored has no entry."""
    if not wanted:
        return {}
    labels = {place.id: place.label for place, _ in wanted}
    pairs = {(place.id, year) for place, year in wanted}
    r, p, f = ReportRow, PassageRow, FigureRow
    query = (
        select(
            r.place_id,
            r.year,
            SECTION_PATH,
            p.section_ordinal,
            p.ordinal,
            p.text,
            SECTION_KIND,
            *_FIGURE_COLUMNS[1:],
        )
        .join(p, p.id == f.passage_id)
        .outerjoin(SectionRow, SECTION_OF_PASSAGE)
        .join(r, r.id == f.report_id)
        .where(
            r.place_id.in_(list(labels)),
            r.year.in_(sorted({y for _, y in pairs})),
            r.superseded_at.is_(None),
        )
        .order_by(r.place_id, r.year, f.ordinal)
    )
    out: dict[tuple[str, int], list[PlacedFigure]] = {}
    for place_id, year, section, section_ordinal, ordinal, text, kind, *figure in conn.execute(
        query
    ):
        if (place_id, year) in pairs:
            out.setdefault((labels[place_id], year), []).append(
                _placed(figure, section, section_ordinal, ordinal, text, kind)
            )
    return out


def _placed(
    figure: Sequence[object],
    section: str,
    section_ordinal: int | None,
    passage_ordinal: int,
    text: str,
    kind: str,
) -> PlacedFigure:
    """A figure row (``_FIGURE_COLUMNS`` without the ordinal) in its passage (``text``: the
    passage's, which holds the figure's sentence at the stored offsets)."""
    from corpus.figures.extract import Figure, PlacedFigure  # only when figures are read

    label, value, unit, qualifier, span, sentence, start, end, indicator = figure
    number = int(value) if value == int(value) else value  # type: ignore[call-overload]
    sentence = figure_sentence(sentence, start, end, text)  # type: ignore[arg-type]
    return PlacedFigure(
        Figure(label, number, unit, qualifier, span, sentence, indicator),  # type: ignore[arg-type]
        section,
        section_ordinal,
        passage_ordinal,
        kind,
    )
