"""Measure words and units (``dict/units.txt``), shared by figure extraction and search.

A word marked 计 ends a count or an amount ("12场次", "3.5万元"); a word marked 不计 makes the
number before it a date, a time, an age or a duration ("3个月", "30岁"), so it is no figure.
Both kinds go into one longest-first pattern, so that "3个月" is read as 个月, not as 个.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from corpus.vocab import alternation, dict_lines

COUNTED, NOT_COUNTED = "计", "不计"


@dataclass(frozen=True)
class Units:
    counted: frozenset[str]
    not_counted: frozenset[str]

    @property
    def pattern(self) -> str:
        """Every unit, counted or not, as one alternation, longest first."""
        return alternation(self.counted | self.not_counted)

    @property
    def counted_pattern(self) -> str:
        return alternation(self.counted)


@lru_cache(maxsize=1)
def units() -> Units:
    counted, not_counted = set(), set()
    for line in dict_lines("units.txt"):
        word, kind, *_ = line.split()
        if kind not in (COUNTED, NOT_COUNTED):
            raise ValueError(f"units.txt: unknown kind {kind!r} for {word!r}")
        (counted if kind == COUNTED else not_counted).add(word)
    return Units(frozenset(counted), frozenset(not_counted - counted))
