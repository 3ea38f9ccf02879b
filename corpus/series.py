"""Match figures across years, so "审查合同份数245份" (2021) and "…审查合同份数284份" (2022)
become one series."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from corpus.figures import Figure, PlacedFigure
from corpus.store import Store

_FILLER = re.compile(
    r"^(?:全年|年内|全镇|共|累计|共计|各类|各级|其中|开展|完成)+|(?:数量|总数|共计|数)$"
)
MIN_SIMILARITY = 80


@dataclass(frozen=True)
class Change:
    label: str
    unit: str
    before: Figure | None
    after: Figure | None
    section: str

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after.value - self.before.value

    @property
    def percent(self) -> float | None:
        if self.delta is None or not self.before or not self.before.value:
            return None
        return 100.0 * self.delta / self.before.value


@dataclass(frozen=True)
class Comparison:
    town: str
    before_year: int
    after_year: int
    changes: tuple[Change, ...]


def series_key(label: str) -> str:
    """A label without words that vary from year to year ("全年共", "累计", "数")."""
    return _FILLER.sub("", re.sub(r"\s+", "", label)) or label


def similarity(a: str, b: str) -> float:
    ka, kb = series_key(a), series_key(b)
    if ka == kb:
        return 100.0
    if min(len(ka), len(kb)) < 2:
        return 0.0
    if ka in kb or kb in ka:  # "审查合同份数" in "法律顾问与公职律师共审查合同份数"
        return 95.0
    return fuzz.ratio(ka, kb)


def match(before: Sequence[PlacedFigure], after: Sequence[PlacedFigure]) -> list[Change]:
    """Pair figures of two years by unit and label similarity, best pairs first."""
    pairs = sorted(
        (
            (similarity(a.figure.label, b.figure.label), i, j)
            for i, a in enumerate(before)
            for j, b in enumerate(after)
            if a.figure.unit == b.figure.unit
        ),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched: dict[int, int] = {}
    for score, i, j in pairs:
        if score < MIN_SIMILARITY:
            break
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched[j] = i
    both, only_after = [], []
    for j, b in enumerate(after):
        a = before[matched[j]].figure if j in matched else None
        change = Change(b.figure.label, b.figure.unit, a, b.figure, b.section)
        (both if a else only_after).append(change)
    only_before = [
        Change(a.figure.label, a.figure.unit, a.figure, None, a.section)
        for i, a in enumerate(before)
        if i not in used_a
    ]
    return both + only_after + only_before


def compare_years(store: Store, town: str, before_year: int, after_year: int) -> Comparison:
    """Year-over-year table of one town's figures."""
    town = store.resolve_town(town)
    before = store.figures(town, before_year)
    after = store.figures(town, after_year)
    return Comparison(town, before_year, after_year, tuple(match(before, after)))
