"""A mandated part of one report, whole and in reading order: the answer to "有哪些不足",
"有什么打算", "下一年度安排", "第一责任人履职情况" once the place and year are known. List items
stay together: a sub-heading that is itself an item (a heading with no passage under it) is
part of the text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corpus.places.catalog import StoredPlace, only_report
from corpus.reading.parse import Report, Section
from corpus.storage.store import Store, StoredReport


@dataclass(frozen=True)
class WholeSection:
    report: StoredReport
    heading: str  # the part's top heading as the report writes it
    text: str  # its headings and passages in order
    first_passage: int  # ordinal of its first passage (-1: headings only)


def report_in_scope(
    places: Sequence[str], years: Sequence[int], available: Mapping[str, Sequence[int]]
) -> tuple[str, int] | None:
    """The one report a scope points at: its place and, without a year, the newest report;
    ``None`` when the scope holds several reports or none."""
    if not places:
        return only_report(available, years)
    pairs = [(p, y) for p in places for y in available[p] if not years or y in years]
    if len(places) == 1 and not years and pairs:
        return max(pairs, key=lambda x: x[1])
    if years and len(places) == 1:  # the best year first ("2023年打算" → the 2022 report)
        for year in years:
            if (places[0], year) in pairs:
                return places[0], year
    return pairs[0] if len(pairs) == 1 else None


def whole_part(store: Store, place: StoredPlace, year: int, kind: str) -> WholeSection | None:
    """Part ``kind`` (problems, plans, duty) of ``place``'s ``year`` report, whole, in order;
    ``None`` when the report has no such part."""
    info, report = store.load(place, year)
    kinds = store.section_kinds(info.id)  # stored at ingest
    under: dict[int | None, list[str]] = {}
    for p in report.passages:
        under.setdefault(p.section, []).append(p.text)
    lines: list[str] = []
    heading, first = "", -1
    for section in report.sections:
        if kinds.get(section.ordinal) != kind:
            continue
        heading = heading or _top(report, section.ordinal).label
        texts = under.get(section.ordinal, [])
        repeated = texts and texts[0].startswith((section.label.rstrip("。"), section.title))
        if section.parent is not None and not repeated:
            lines.append(section.label)
        lines.extend(texts)
        if texts and first < 0:
            first = next(p.ordinal for p in report.passages if p.section == section.ordinal)
    if not lines and not heading:
        return None
    return WholeSection(info, heading, "\n".join(lines), first)


def _top(report: Report, ordinal: int) -> Section:
    """The top-level section above (or being) section ``ordinal``."""
    section = report.sections[ordinal]
    while section.parent is not None:
        section = report.sections[section.parent]
    return section
