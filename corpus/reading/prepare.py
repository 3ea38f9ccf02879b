"""Everything about a report that costs CPU, computed before any database work.

A ``Prepared`` report is plain data, so worker processes can make it in parallel while the
main process writes the previous one.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.figures.extract import PlacedFigure, report_figures
from corpus.reading.outline import part
from corpus.reading.parse import Passage, Report
from corpus.search.segment import index_tokens

PATH_SEPARATOR = " › "  # between the headings of a stored section path


@dataclass(frozen=True)
class Prepared:
    report: Report
    source_name: str
    source_format: str
    digest: str  # SHA-256 of the file's bytes
    tokens: tuple[str, ...]  # per passage: jieba tokens joined by spaces, for the index
    sections: tuple[str, ...]  # per section: its path, "一、… › （一）…"
    figures: tuple[PlacedFigure, ...]
    kinds: tuple[str, ...] = ()  # per section: the mandated part it belongs to (outline.part)


def prepare(report: Report, source_name: str, source_format: str, digest: str) -> Prepared:
    """Everything stored about ``report``, each fact derived once: a section's path and the
    part it belongs to are stored with it and never worked out again when it is read."""
    headings = [report.path(sec.ordinal) for sec in report.sections]
    paths = tuple(PATH_SEPARATOR.join(h) for h in headings)
    kinds = tuple(part(h) for h in headings)
    tokens = tuple(" ".join(words) for words in passage_tokens(report))
    figures = tuple(report_figures(report))
    return Prepared(report, source_name, source_format, digest, tokens, paths, figures, kinds)


def indexed_text(report: Report, passage: Passage) -> str:
    """A passage is found by its own words and by the heading it stands under."""
    if passage.section is None:
        return passage.text
    return report.sections[passage.section].label + "\n" + passage.text


def passage_tokens(report: Report) -> list[list[str]]:
    """The index tokens of every passage's :func:`indexed_text`.

    jieba cuts at the line break, so a heading's tokens do not depend on the passage after
    it: each heading is segmented once, not once for every passage under it.
    """
    headings: dict[int, list[str]] = {}
    memo: dict[str, list[str]] = {}  # a run of text met again in this report is cut once
    out = []
    for passage in report.passages:
        if passage.section is None:
            out.append(index_tokens(passage.text, memo))
            continue
        if passage.section not in headings:
            label = report.sections[passage.section].label
            headings[passage.section] = index_tokens(label + "\n", memo)
        out.append(headings[passage.section] + index_tokens(passage.text, memo))
    return out
