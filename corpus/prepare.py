"""Everything about a report that costs CPU, computed before any database work.

A ``Prepared`` report is plain data, so worker processes can make it in parallel while the
main process writes the previous one.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.figures import PlacedFigure, report_figures
from corpus.parse import Passage, Report
from corpus.segment import index_tokens


@dataclass(frozen=True)
class Prepared:
    report: Report
    source_name: str
    source_format: str
    digest: str  # SHA-256 of the file's bytes
    tokens: tuple[str, ...]  # per passage: jieba tokens joined by spaces, for the index
    sections: tuple[str, ...]  # per section: its path, "一、… › （一）…"
    figures: tuple[PlacedFigure, ...]


def prepare(report: Report, source_name: str, source_format: str, digest: str) -> Prepared:
    paths = tuple(" › ".join(report.path(sec.ordinal)) for sec in report.sections)
    tokens = tuple(" ".join(index_tokens(indexed_text(report, p))) for p in report.passages)
    figures = tuple(report_figures(report))
    return Prepared(report, source_name, source_format, digest, tokens, paths, figures)


def indexed_text(report: Report, passage: Passage) -> str:
    """A passage is found by its own words and by the heading it stands under."""
    if passage.section is None:
        return passage.text
    return report.sections[passage.section].label + "\n" + passage.text
