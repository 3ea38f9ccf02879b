"""Which of many names occur in a short text, without testing each name.

A question is read against every form of every stored place (辛口, 辛口镇, 西青区辛口镇 …):
tens of thousands of names for a province. Testing ``form in text`` for each costs every
question time in proportion to the places stored. Here the names are a dictionary, and the
text's substrings up to the longest name's length are looked up in it: a 30-character
question is a few hundred lookups however many places are stored, and building the index
is one pass over the names (no automaton to rebuild when a place is added).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def substrings(text: str, lengths: Iterable[int]) -> set[str]:
    """The substrings of ``text`` of the given lengths: what is looked up in a table of
    names, instead of testing every name against the text."""
    return {text[a : a + size] for size in lengths for a in range(len(text) - size + 1)}


class FormIndex(Generic[T]):
    """Names (with a payload each), in a given order of preference."""

    def __init__(self, entries: Sequence[tuple[str, T]]) -> None:
        self.entries = list(entries)
        ranks: dict[str, list[int]] = {}
        for rank, (name, _) in enumerate(self.entries):
            if name:
                ranks.setdefault(name, []).append(rank)
        self._ranks = ranks
        self._lengths = sorted({len(name) for name in ranks})

    def occurring(self, text: str) -> list[tuple[str, T]]:
        """The entries whose name occurs in ``text``, in the order given."""
        parts = substrings(text, self._lengths) & self._ranks.keys()
        found = {rank for part in parts for rank in self._ranks[part]}
        return [self.entries[r] for r in sorted(found)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormIndex) and self.entries == other.entries

    __hash__ = None  # type: ignore[assignment]
