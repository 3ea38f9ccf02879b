"""Last year's report regrouped under the four mandated parts, with a prompt for each heading.

``corpus.reading.outline.part`` decides where every section (and so every passage and figure in it)
belongs. A part whose sections hang from one heading ("三、党政主要负责人……") is merged into
this year's mandated heading: that heading's own text and figures become the part's, and the
headings under it are renumbered from （一）. A part spread over several top-level headings
(张家窝镇: 一、优化公共服务 … 六、强化组织保障) keeps each as a （一） heading of its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import cn2an

from corpus.figures.extract import Figure, PlacedFigure
from corpus.reading import outline
from corpus.reading.parse import Report, Section
from corpus.reading.text import sentences

KINDS = outline.ORDER
PROMPT_CHARS = 90  # a prompt is one sentence, cut to this length


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
    part: str  # achievements, problems, duty or plans


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
    part: str = "achievements"
    prompt: str = ""  # what last year said here: the sentence with its figures, else the first


@dataclass(frozen=True)
class Part:
    """One mandated part as last year's report filled it."""

    kind: str
    headings: tuple[str, ...]  # last year's top headings for it, as written
    prompt: str  # last year's text directly under the merged heading (one sentence)
    text: str
    figures: tuple[FigureItem, ...]  # figures directly under the merged heading
    items: tuple[Item, ...]


def figure_item(placed: PlacedFigure, part: str = "achievements") -> FigureItem:
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
        part,
    )


def section_parts(report: Report) -> list[str]:
    """The mandated part of every section, by ordinal."""
    return [outline.part(report.path(s.ordinal)) for s in report.sections]


def figure_part(report: Report, placed: PlacedFigure, parts: Sequence[str]) -> str:
    if placed.section_ordinal is None or placed.section_ordinal >= len(parts):
        return outline.part((), placed.figure.sentence)
    return parts[placed.section_ordinal]


def build_parts(
    report: Report, figures: Sequence[PlacedFigure]
) -> tuple[dict[str, Part], list[FigureItem], list[str]]:
    """The four parts, the figures before the first heading (overview) and its paragraphs."""
    parts = section_parts(report)
    by_section: dict[int | None, list[FigureItem]] = defaultdict(list)
    preamble_duty: list[FigureItem] = []
    for placed in figures:
        kind = figure_part(report, placed, parts)
        item = figure_item(placed, kind)
        if placed.section_ordinal is None and kind == "duty":
            preamble_duty.append(item)
        else:
            by_section[placed.section_ordinal].append(item)
    texts: dict[int | None, list[str]] = defaultdict(list)
    for passage in report.passages:
        texts[passage.section].append(passage.text)
    boxes = containers(report, parts)
    out = {kind: _part(report, kind, parts, boxes, by_section, texts) for kind in KINDS}
    extra: dict[str, list[FigureItem]] = defaultdict(list)
    extra["duty"] = preamble_duty
    for ordinal in sorted(boxes):
        extra[parts[ordinal]].extend(by_section.get(ordinal, []))
    for kind, more in extra.items():
        if more:
            p = out[kind]
            out[kind] = Part(kind, p.headings, p.prompt, p.text, (*more, *p.figures), p.items)
    return out, list(by_section.get(None, [])), texts.get(None, [])


def containers(report: Report, parts: Sequence[str]) -> set[int]:
    """Headings naming several parts whose sub-headings split them between those parts
    ("二、存在问题及下一步打算" › "（一）存在的问题", "（二）下一步打算")."""
    out = set()
    for section in report.sections:
        if len(outline.kinds(section.label)) > 1:
            children = [c for c in report.sections if c.parent == section.ordinal]
            if any(parts[c.ordinal] != parts[section.ordinal] for c in children):
                out.add(section.ordinal)
    return out


def _part(
    report: Report,
    kind: str,
    parts: Sequence[str],
    boxes: set[int],
    by_section: dict[int | None, list[FigureItem]],
    texts: dict[int | None, list[str]],
) -> Part:
    anchors = [
        s
        for s in report.sections
        if parts[s.ordinal] == kind
        and s.ordinal not in boxes
        and (s.parent is None or parts[s.parent] != kind or s.parent in boxes)
    ]
    merged = len(anchors) == 1
    items: list[Item] = []
    counters: dict[int, int] = defaultdict(int)
    for anchor in anchors:
        for section, depth in _subtree(report, anchor, parts, kind):
            depth = depth - 1 if merged else depth
            if depth == 0:
                continue
            counters[depth] += 1
            for deeper in [d for d in counters if d > depth]:
                counters[deeper] = 0
            items.append(_item(report, section, depth, counters[depth], kind, by_section, texts))
    if not merged:
        return Part(kind, tuple(a.label for a in anchors), "", "", (), tuple(items))
    anchor = anchors[0]
    own = tuple(by_section.get(anchor.ordinal, []))
    text = "\n".join(texts.get(anchor.ordinal, []))
    return Part(kind, (anchor.label,), prompt(text, own, anchor), text, own, tuple(items))


def _subtree(
    report: Report, anchor: Section, parts: Sequence[str], kind: str
) -> list[tuple[Section, int]]:
    """``anchor`` and the sections under it of the same part, in order, with depth (anchor 1)."""
    out = [(anchor, 1)]
    depth_of = {anchor.ordinal: 1}
    for section in report.sections[anchor.ordinal + 1 :]:
        if section.parent not in depth_of:
            if not _above(report, section, anchor):
                break
            continue  # under a sub-heading of another part
        if parts[section.ordinal] != kind:
            continue
        depth_of[section.ordinal] = depth_of[section.parent] + 1
        out.append((section, depth_of[section.ordinal]))
    return out


def _above(report: Report, section: Section, anchor: Section) -> bool:
    """Whether ``anchor`` is an ancestor of ``section``."""
    parent = section.parent
    while parent is not None:
        if parent == anchor.ordinal:
            return True
        parent = report.sections[parent].parent
    return False


def _item(
    report: Report,
    section: Section,
    depth: int,
    n: int,
    kind: str,
    by_section: dict[int | None, list[FigureItem]],
    texts: dict[int | None, list[str]],
) -> Item:
    number = _number(depth, n)
    figures = tuple(by_section.get(section.ordinal, []))
    text = "\n".join(texts.get(section.ordinal, []))
    return Item(
        f"{number}{section.title}",
        number,
        section.title,
        section.label,
        depth,
        text,
        figures,
        sum(1 for s in report.sections if s.parent == section.ordinal),
        kind,
        prompt(text, figures, section),
    )


def prompt(text: str, figures: Sequence[FigureItem], section: Section | None = None) -> str:
    """One sentence of last year's text: the first holding a figure, else the first one.

    A paragraph that opens with its own heading ("1.普法力度有待提高。基层群众……") starts
    after it.
    """
    said = sentences(text.replace("\n", ""))
    if section is not None and said and _is_heading(said[0], section):
        said = said[1:]
    if not said:
        return ""
    spans = [f.span for f in figures if f.span]
    chosen = next((s for s in said if any(span in s for span in spans)), said[0])
    return _cut(chosen)


def _is_heading(sentence: str, section: Section) -> bool:
    bare = re.sub(r"\s", "", sentence).rstrip("。：:；;")
    return bare.startswith(re.sub(r"\s", "", section.label)) or bare.endswith(section.title)


def _cut(sentence: str) -> str:
    sentence = sentence.strip()
    return sentence if len(sentence) <= PROMPT_CHARS else sentence[: PROMPT_CHARS - 1] + "…"


def _number(depth: int, n: int) -> str:
    if depth <= 1:
        return f"（{cn2an.an2cn(n)}）"
    if depth == 2:
        return f"{n}."
    return f"（{n}）"
