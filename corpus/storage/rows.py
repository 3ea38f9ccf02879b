"""A prepared report as table rows (plain dicts for executemany), for the store to insert;
and a stored report's tokens derived again, for the store to unindex it."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from corpus.reading.prepare import Prepared

Row = dict[str, Any]
PATH_SEPARATOR = " › "  # corpus.reading.prepare's, between the labels of a section path

SECTION_COLUMNS = (
    "report_id",
    "ordinal",
    "parent_ordinal",
    "level",
    "number",
    "title",
    "above",
    "kind",
)
FIGURE_COLUMNS = (
    "report_id",
    "passage_id",
    "ordinal",
    "label",
    "value",
    "unit",
    "qualifier",
    "span",
    "sentence",
    "sentence_start",
    "sentence_end",
    "indicator",
)


def as_tuples(rows: Sequence[Row], columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """``rows`` as values in the order of ``columns`` (for :mod:`corpus.storage.bulk`)."""
    if len(columns) < 2:  # itemgetter of one key gives the value, not a tuple
        return [tuple(row[c] for c in columns) for row in rows]
    return list(map(itemgetter(*columns), rows))


def section_rows(report_id: int, prepared: Prepared) -> list[Row]:
    return [
        {
            "report_id": report_id,
            "ordinal": sec.ordinal,
            "parent_ordinal": sec.parent,
            "level": sec.level,
            "number": sec.number,
            "title": sec.title,
            "above": section_above(prepared.sections[sec.ordinal], sec.label),
            "kind": prepared.kinds[sec.ordinal],
        }
        for sec in prepared.report.sections
    ]


def section_above(path: str, label: str) -> str:
    """What a section stores of its ``path``: the labels above its own (loading.SECTION_PATH adds it back)."""
    return path.removesuffix(label).removesuffix(PATH_SEPARATOR)


def passage_rows(report_id: int, prepared: Prepared) -> list[Row]:
    """A passage's section path and part are its section's (stored once, there); its tokens
    go to the full-text index and are not stored as text."""
    return [
        {
            "report_id": report_id,
            "section_ordinal": p.section,
            "ordinal": p.ordinal,
            "text": p.text,
            "tokens": tokens,
        }
        for p, tokens in zip(prepared.report.passages, prepared.tokens, strict=True)
    ]


def figure_rows(report_id: int, passage_ids: Sequence[int], prepared: Prepared) -> list[Row]:
    """``passage_ids`` in the report's passage order; figures numbered from 0 in reading
    order (as migration 0010 renumbers the older ones). A figure's sentence is stored as
    where it stands in its passage's text."""
    passages = prepared.report.passages
    return [
        {
            "report_id": report_id,
            "passage_id": passage_ids[placed.passage_ordinal],
            "ordinal": i,
            "label": placed.figure.label,
            "value": float(placed.figure.value),
            "unit": placed.figure.unit,
            "qualifier": placed.figure.qualifier,
            "span": placed.figure.span,
            **sentence_columns(placed.figure.sentence, passages[placed.passage_ordinal].text),
            "indicator": placed.figure.indicator,
        }
        for i, placed in enumerate(prepared.figures)
    ]


def sentence_columns(sentence: str, text: str) -> Row:
    """A figure's sentence as offsets into its passage's ``text``; whole if not found there."""
    start = text.find(sentence) if sentence else -1
    if start < 0:
        return {"sentence": sentence, "sentence_start": None, "sentence_end": None}
    return {"sentence": "", "sentence_start": start, "sentence_end": start + len(sentence)}


def figure_sentence(stored: str, start: int | None, end: int | None, text: str) -> str:
    """The sentence :func:`sentence_columns` stored."""
    return stored if start is None or end is None else text[start:end]


def derived_tokens(
    sections: Sequence[tuple[int, int | None, int, str, str]],
    passages: Sequence[tuple[int, int, int | None, str]],
) -> list[tuple[int, str]]:
    """(passage id, tokens) of one report's stored passages, segmented again as at ingest:
    ``sections`` as (ordinal, parent, level, number, title) rows, ``passages`` as (id,
    ordinal, section ordinal, text) rows, both in ordinal order."""
    from corpus.reading.parse import Passage, Report, Section
    from corpus.reading.prepare import passage_tokens

    report = Report(
        "",
        None,
        0,
        "",
        tuple(Section(*row) for row in sections),
        tuple(Passage(ordinal, section, text) for _, ordinal, section, text in passages),
    )
    tokens = passage_tokens(report)
    return [(row[0], " ".join(words)) for row, words in zip(passages, tokens, strict=True)]


def stored_tokens(conn: Connection, report_id: int) -> list[tuple[int, str, int]]:
    """(passage id, tokens, year) of a stored report's passages, segmented again from its
    text and headings (the full-text index keeps no copy to read them back from)."""
    from sqlalchemy import select

    from corpus.storage.models import PassageRow, ReportRow, SectionRow

    year = conn.execute(select(ReportRow.year).where(ReportRow.id == report_id)).scalar_one()
    sections = conn.execute(
        select(
            SectionRow.ordinal,
            SectionRow.parent_ordinal,
            SectionRow.level,
            SectionRow.number,
            SectionRow.title,
        )
        .where(SectionRow.report_id == report_id)
        .order_by(SectionRow.ordinal)
    ).all()
    passages = conn.execute(
        select(PassageRow.id, PassageRow.ordinal, PassageRow.section_ordinal, PassageRow.text)
        .where(PassageRow.report_id == report_id)
        .order_by(PassageRow.ordinal)
    ).all()
    tokens = derived_tokens([tuple(r) for r in sections], [tuple(r) for r in passages])
    return [(i, t, year) for i, t in tokens]
