"""A prepared report as table rows (plain dicts for executemany), for the store to insert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpus.reading.prepare import Prepared

Row = dict[str, Any]


def section_rows(report_id: int, prepared: Prepared) -> list[Row]:
    return [
        {
            "report_id": report_id,
            "ordinal": sec.ordinal,
            "parent_ordinal": sec.parent,
            "level": sec.level,
            "number": sec.number,
            "title": sec.title,
            "path": prepared.sections[sec.ordinal],
        }
        for sec in prepared.report.sections
    ]


def passage_rows(report_id: int, prepared: Prepared) -> list[Row]:
    return [
        {
            "report_id": report_id,
            "section_ordinal": p.section,
            "ordinal": p.ordinal,
            "section": prepared.sections[p.section] if p.section is not None else "",
            "text": p.text,
            "tokens": tokens,
        }
        for p, tokens in zip(prepared.report.passages, prepared.tokens, strict=True)
    ]


def figure_rows(report_id: int, passage_ids: Sequence[int], prepared: Prepared) -> list[Row]:
    """``passage_ids`` in the report's passage order."""
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
            "sentence": placed.figure.sentence,
            "indicator": placed.figure.indicator,
        }
        for i, placed in enumerate(prepared.figures)
    ]
