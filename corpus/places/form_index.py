"""Which of many names occur in a short text, without testing each name.

A question is read against every form of every stored place (辛口, 辛口镇, 西青区辛口镇 …):
tens of thousands of names for a province. Testing ``form in text`` for each costs every
question time in proportion to the places stored; an Aho-Corasick automaton (pyahocorasick,
as the gazetteer uses) finds all of them in one pass over the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


class FormIndex(Generic[T]):
    """Names (with a payload each), in a given order of preference."""

    def __init__(self, entries: Sequence[tuple[str, T]]) -> None:
        self.entries = list(entries)
        ranks: dict[str, list[int]] = {}
        for rank, (name, _) in enumerate(self.entries):
            if name:
                ranks.setdefault(name, []).append(rank)
        self._automaton = ahocorasick.Automaton()
        for name, of_name in ranks.items():
            self._automaton.add_word(name, tuple(of_name))
        if ranks:
            self._automaton.make_automaton()

    def occurring(self, text: str) -> list[tuple[str, T]]:
        """The entries whose name occurs in ``text``, in the order given."""
        if not len(self._automaton) or not text:
            return []
        ranks = {rank for _, of_name in self._automaton.iter(text) for rank in of_name}
        return [self.entries[r] for r in sorted(ranks)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormIndex) and self.entries == other.entries

    __hash__ = None  # type: ignore[assignment]
