"""Reading stored reports back, in as few statements as the request needs: a report with its
outline (one statement), its passages with their figures (one), the figures of many reports
(one). Plain SQL on the store's :class:`~corpus.storage.reads.Reads`; only
:mod:`corpus.storage.store` opens them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from corpus.places.catalog import StoredPlace
from corpus.reading.parse import Passage, Section
from corpus.storage.reads import Reads, as_datetime, as_mapping, in_list
from corpus.storage.rows import PATH_SEPARATOR, figure_sentence

if TYPE_CHECKING:
    from corpus.figures.extract import PlacedFigure

# (id, town, county, title, meta, source name, source format, ingested at)
ReportColumns = tuple[int, str, str | None, str, dict[str, str], str, str, datetime]

_FIGURE_COLUMNS = (
    "f.ordinal, f.label, f.value, f.unit, f.qualifier, f.span, f.sentence, f.sentence_start,"
    " f.sentence_end, f.indicator"
)
# a passage's section path (labels from the top joined by " › ": those above, then its own)
# and kind are stored once, with its section
SECTION_OF_PASSAGE = "s.report_id = p.report_id AND s.ordinal = p.section_ordinal"
SECTION_PATH = (
    "coalesce(CASE WHEN s.above = '' THEN s.number || s.title"
    f" ELSE s.above || '{PATH_SEPARATOR}' || s.number || s.title END, '')"
)
SECTION_KIND = "coalesce(s.kind, '')"
# a passage as a PassageRecord wants it, with its report's town and place (store.Store._record)
PASSAGE_RECORDS = (
    "SELECT p.id, p.report_id, r.town, r.place_id, r.year, r.title,"
    f" {SECTION_PATH}, p.ordinal, p.text, {SECTION_KIND}"
    " FROM passages p JOIN reports r ON r.id = p.report_id"
    f" LEFT OUTER JOIN sections s ON {SECTION_OF_PASSAGE}"
    " WHERE r.superseded_at IS NULL"
)
_OUTLINE = (
    "SELECT r.id, r.town, r.county, r.title, r.meta, r.source_name, r.source_format,"
    " r.ingested_at, s.ordinal, s.parent_ordinal, s.level, s.number, s.title"
    " FROM reports r LEFT OUTER JOIN sections s ON s.report_id = r.id"
    " WHERE r.place_id = :place AND r.year = :year AND r.superseded_at IS NULL"
    " ORDER BY s.ordinal"
)
_PASSAGES = (
    f"SELECT p.ordinal, p.section_ordinal, p.text, {SECTION_PATH}, {SECTION_KIND}"
    f" FROM passages p LEFT OUTER JOIN sections s ON {SECTION_OF_PASSAGE}"
    " WHERE p.report_id = :report ORDER BY p.ordinal"
)
_PASSAGES_WITH_FIGURES = (
    f"SELECT p.ordinal, p.section_ordinal, p.text, {SECTION_PATH}, {SECTION_KIND},"
    f" {_FIGURE_COLUMNS}"
    f" FROM passages p LEFT OUTER JOIN sections s ON {SECTION_OF_PASSAGE}"
    " LEFT OUTER JOIN figures f ON f.passage_id = p.id"
    " WHERE p.report_id = :report ORDER BY p.ordinal, f.ordinal"
)
_FIGURES_OF = (
    f"SELECT r.place_id, r.year, {SECTION_PATH}, p.section_ordinal, p.ordinal, p.text,"
    f" {SECTION_KIND}, {_FIGURE_COLUMNS.removeprefix('f.ordinal, ')}"
    " FROM figures f JOIN passages p ON p.id = f.passage_id"
    f" LEFT OUTER JOIN sections s ON {SECTION_OF_PASSAGE}"
    " JOIN reports r ON r.id = f.report_id"
    " WHERE r.place_id IN {places} AND r.year IN {years} AND r.superseded_at IS NULL"
    " ORDER BY r.place_id, r.year, f.ordinal"
)


def report_and_outline(
    reads: Reads, place_id: int, year: int
) -> tuple[ReportColumns, tuple[Section, ...]] | None:
    """The current report of a place and year with its sections, by one outer join (the
    report's columns come once per section); None when there is none."""
    rows = reads.rows(_OUTLINE, {"place": place_id, "year": year})
    if not rows:
        return None
    sections = tuple(Section(*row[8:]) for row in rows if row[8] is not None)
    id_, town, county, title, meta, source_name, source_format, ingested_at = rows[0][:8]
    columns = (
        id_,
        town,
        county,
        title,
        as_mapping(meta),
        source_name,
        source_format,
        as_datetime(ingested_at),
    )
    return columns, sections


def passages_of(
    reads: Reads, report_id: int, with_figures: bool
) -> tuple[tuple[Passage, ...], list[PlacedFigure]]:
    """A report's passages in order and (with ``with_figures``) the figures they hold, by one
    outer join: a passage comes once per figure in it."""
    sql = _PASSAGES_WITH_FIGURES if with_figures else _PASSAGES
    passages: dict[int, Passage] = {}
    placed: list[tuple[int, PlacedFigure]] = []
    for ordinal, section_ordinal, text, section, kind, *figure in reads.rows(
        sql, {"report": report_id}
    ):
        passages.setdefault(ordinal, Passage(ordinal, section_ordinal, text))
        if figure and figure[0] is not None:
            where = (section, section_ordinal, ordinal, text, kind)
            placed.append((figure[0], _placed(figure[1:], *where)))
    placed.sort(key=lambda x: x[0])
    return tuple(passages.values()), [x for _, x in placed]


def figures_of(
    reads: Reads, wanted: Sequence[tuple[StoredPlace, int]]
) -> dict[tuple[str, int], list[PlacedFigure]]:
    """The figures of the current reports of (place, year) pairs, in reading order, by (place
    label, year), in one statement; a report not stored has no entry."""
    if not wanted:
        return {}
    labels = {place.id: place.label for place, _ in wanted}
    pairs = {(place.id, year) for place, year in wanted}
    places, by_place = in_list("place", list(labels))
    years, by_year = in_list("year", sorted({y for _, y in pairs}))
    out: dict[tuple[str, int], list[PlacedFigure]] = {}
    for place_id, year, section, section_ordinal, ordinal, text, kind, *figure in reads.rows(
        _FIGURES_OF.format(places=places, years=years), {**by_place, **by_year}
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
