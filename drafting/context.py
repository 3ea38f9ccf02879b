"""The template context: last year's report regrouped under the mandated structure.

Every variable a template may use is built here and documented in ``templates/README.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import cn2an

from corpus import outline
from corpus.figures import Figure, PlacedFigure
from corpus.parse import Report, Section

BLANK = "____"
KINDS = outline.ORDER


@dataclass(frozen=True)
class FigureItem:
    label: str
    value: float
    unit: str
    qualifier: str
    number: str  # the value as written in digits: "284", "96.1"
    as_written: str  # "284份", "1000余万元", "不足20%"
    span: str
    sentence: str
    section: str


@dataclass(frozen=True)
class Item:
    """A section of last year's report, renumbered for this year's draft."""

    label: str  # renumbered: "（一）加强党的领导，不断增强重视程度"
    number: str  # "（一）", "1.", "(1)"
    title: str
    original: str  # as numbered last year: "1.抓住“关键少数”"
    level: int  # 1 directly under a mandated section
    text: str  # the section's own paragraphs
    figures: tuple[FigureItem, ...]
    children: int  # how many sections stand directly under it


@dataclass(frozen=True)
class Prior:
    title: str
    year: int
    source: str
    meta: dict[str, str]


def figure_item(placed: PlacedFigure) -> FigureItem:
    f: Figure = placed.figure
    return FigureItem(
        f.label,
        f.value,
        f.unit,
        f.qualifier,
        f.number,
        f.as_written,
        f.span,
        f.sentence,
        placed.section,
    )


def build(
    report: Report,
    figures: Sequence[PlacedFigure],
    year: int,
    source: str,
) -> dict[str, object]:
    """The context for drafting ``year`` from ``report`` (an earlier year) and its figures."""
    by_section: dict[int | None, list[FigureItem]] = defaultdict(list)
    for placed in figures:
        by_section[placed.section_ordinal].append(figure_item(placed))
    groups = _group(report, by_section)
    intro = list(by_section.get(None, []))
    for kind in KINDS:
        for root in _roots(report, kind):
            if len(_roots(report, kind)) == 1:  # merged into the mandated section
                intro.extend(by_section.get(root.ordinal, []))
    prior = Prior(report.title, report.year, source, dict(report.meta))
    return {
        "town": report.town,
        "county": report.county or "",
        "year": year,
        "prior_year": report.year,
        "next_year": year + 1,
        "title": f"{report.town}{year}年度法治政府建设情况报告",
        "blank": BLANK,
        "prior": prior,
        "intro_figures": intro,
        "achievements": groups["achievements"],
        "problems": groups["problems"],
        "duty": groups["duty"],
        "plans": groups["plans"],
        "figures": [figure_item(p) for p in figures],
    }


def _roots(report: Report, kind: str) -> list[Section]:
    return [s for s in report.sections if s.parent is None and outline.kind(s.label) == kind]


def _group(report: Report, by_section: dict[int | None, list[FigureItem]]) -> dict[str, list[Item]]:
    texts: dict[int | None, list[str]] = defaultdict(list)
    for passage in report.passages:
        texts[passage.section].append(passage.text)
    groups: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    for kind in KINDS:
        roots = _roots(report, kind)
        merged = len(roots) == 1
        counters: dict[int, int] = defaultdict(int)
        for section in _descendants(report, roots, include_roots=not merged):
            depth = _depth(report, section) - (1 if merged else 0)
            counters[depth] += 1
            for deeper in [d for d in counters if d > depth]:
                counters[deeper] = 0
            number = _number(depth, counters[depth])
            groups[kind].append(
                Item(
                    f"{number}{section.title}",
                    number,
                    section.title,
                    section.label,
                    depth,
                    "\n".join(texts.get(section.ordinal, [])),
                    tuple(by_section.get(section.ordinal, [])),
                    sum(1 for s in report.sections if s.parent == section.ordinal),
                )
            )
    return groups


def _descendants(report: Report, roots: Sequence[Section], include_roots: bool) -> list[Section]:
    wanted = {r.ordinal for r in roots}
    out = []
    for section in report.sections:
        top = section
        while top.parent is not None:
            top = report.sections[top.parent]
        if top.ordinal in wanted and (include_roots or section.ordinal not in wanted):
            out.append(section)
    return out


def _depth(report: Report, section: Section) -> int:
    depth = 1
    while section.parent is not None:
        section = report.sections[section.parent]
        depth += 1
    return depth


def _number(depth: int, n: int) -> str:
    if depth <= 1:
        return f"（{_cn(n)}）"
    if depth == 2:
        return f"{n}."
    return f"（{n}）"


def _cn(n: int) -> str:
    return str(cn2an.an2cn(n))
