"""Match figures across years, so "审查合同份数245份" (2021) and "…审查合同份数284份" (2022)
become one series.

Figures are paired on their standard indicator first (``dict/indicators.txt``: 合同审查份数,
行政复议案件 …), then, for figures no indicator fits, on the same unit and a similar label.
Pairs are grouped by the mandated part of the report (``corpus.reading.outline``); figures found in one
year only come after them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from corpus.figures.extract import Figure, PlacedFigure
from corpus.reading.outline import ORDER, kind
from corpus.storage.store import Store

_FILLER = re.compile(
    r"^(?:全年|年内|全镇|共|累计|共计|各类|各级|其中|开展|完成)+|(?:数量|总数|共计|数)$"
)
MIN_SIMILARITY = 80
OPENING = "opening"  # figures before the first heading
PARTS = (OPENING, *ORDER)


@dataclass(frozen=True)
class Change:
    label: str
    unit: str
    before: Figure | None
    after: Figure | None
    section: str
    indicator: str = ""  # the shared standard indicator, "" when paired on the label
    part: str = OPENING  # the mandated part: opening, achievements, problems, duty, plans

    @property
    def paired(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None or self.before.unit != self.after.unit:
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
    changes: tuple[Change, ...]  # paired rows by part, then one-sided rows

    @property
    def paired(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.paired)

    @property
    def one_sided(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.paired)

    def by_part(self) -> list[tuple[str, tuple[Change, ...]]]:
        """The paired rows, grouped by mandated part in the order a report presents them."""
        groups = [(p, tuple(c for c in self.paired if c.part == p)) for p in PARTS]
        return [(p, rows) for p, rows in groups if rows]


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


def part(section: str) -> str:
    """The mandated part a section path belongs to, decided by its top-level heading."""
    top = section.split(" › ", 1)[0]
    return kind(top) if top else OPENING


def match(before: Sequence[PlacedFigure], after: Sequence[PlacedFigure]) -> list[Change]:
    """Pair figures of two years: same indicator first, then same unit and a similar label."""
    matched: dict[int, tuple[int, bool]] = {}  # after index → (before index, on indicator)
    used_a: set[int] = set()
    for score, i, j in _candidates(before, after):
        if i in used_a or j in matched:
            continue
        shared = score[0] >= 2
        if not shared and score[1] < MIN_SIMILARITY:
            continue
        used_a.add(i)
        matched[j] = (i, shared)
    order = sorted(
        matched, key=lambda j: (PARTS.index(part(after[j].section)), not matched[j][1], j)
    )
    pairs = [_change(before[matched[j][0]], after[j], matched[j][1]) for j in order]
    only_after = [_change(None, b, False) for j, b in enumerate(after) if j not in matched]
    only_before = [_change(a, None, False) for i, a in enumerate(before) if i not in used_a]
    return pairs + only_after + only_before


def _candidates(
    before: Sequence[PlacedFigure], after: Sequence[PlacedFigure]
) -> list[tuple[tuple[int, float, int], int, int]]:
    """Every allowed pair, best first: a shared indicator, then the same unit, then label."""
    out = []
    for i, a in enumerate(before):
        for j, b in enumerate(after):
            fa, fb = a.figure, b.figure
            shared = bool(fa.indicator) and fa.indicator == fb.indicator
            if not shared and (fa.unit != fb.unit or (fa.indicator and fb.indicator)):
                continue  # different units, or two different indicators
            same_unit = int(fa.unit == fb.unit)
            out.append(
                ((2 * shared + same_unit, similarity(fa.label, fb.label), -abs(i - j)), i, j)
            )
    out.sort(key=lambda c: c[0], reverse=True)
    return out


def _change(a: PlacedFigure | None, b: PlacedFigure | None, on_indicator: bool) -> Change:
    shown = b or a
    assert shown is not None
    fig = shown.figure
    indicator = fig.indicator if on_indicator or not (a and b) else ""
    return Change(
        fig.label,
        fig.unit,
        a.figure if a else None,
        b.figure if b else None,
        shown.section,
        indicator,
        part(shown.section),
    )


def compare_years(store: Store, town: str, before_year: int, after_year: int) -> Comparison:
    """Year-over-year table of one town's figures."""
    town = store.resolve_town(town)
    before = store.figures(town, before_year)
    after = store.figures(town, after_year)
    return Comparison(town, before_year, after_year, tuple(match(before, after)))
