"""A mandated part of one report, whole and in reading order: the answer to "有哪些不足",
"有什么打算", "下一年度安排", "第一责任人履职情况" once the place and year are known."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corpus import outline
from corpus.store import PassageRecord, Store


@dataclass(frozen=True)
class WholeSection:
    heading: str  # the part's top heading as the report writes it
    text: str  # its passages in order, each sub-heading once before its passages
    passages: tuple[PassageRecord, ...]


def report_in_scope(
    places: Sequence[str], years: Sequence[int], available: Mapping[str, Sequence[int]]
) -> tuple[str, int] | None:
    """The one report a scope points at: its place and, without a year, the newest report;
    ``None`` when the scope holds several reports or none."""
    pairs = [
        (p, y) for p in (places or list(available)) for y in available[p] if not years or y in years
    ]
    if places and len(places) == 1 and not years and pairs:
        return max(pairs, key=lambda x: x[1])
    if years and len(places) == 1:  # the best year first ("2023年打算" → 2022 report)
        for year in years:
            if (places[0], year) in pairs:
                return places[0], year
    return pairs[0] if len(pairs) == 1 else None


def whole_part(store: Store, place: str, year: int, kind: str) -> WholeSection | None:
    """Every passage of ``place``'s ``year`` report in part ``kind`` (problems, plans, duty),
    in order; ``None`` when the report has no such part."""
    records = sorted(store.town_passages(place, [year]), key=lambda r: r.ordinal)
    inside = [r for r in records if outline.part(outline.split_path(r.section), r.text) == kind]
    if not inside:
        return None
    lines: list[str] = []
    shown: str | None = None
    top = outline.split_path(inside[0].section)
    for r in inside:
        sub = " › ".join(outline.split_path(r.section)[1:])
        if sub and sub != shown:
            lines.append(sub)
        shown = sub
        lines.append(r.text)
    return WholeSection(top[0] if top else "", "\n".join(lines), tuple(inside))
