"""Which of many names occur in a short text, without testing each name.

A question is read against every form of every stored place (辛口, 辛口镇, 西青区辛口镇 …):
tens of thousands of names for a province. Testing ``form in text`` for each costs every
question time in proportion to the places stored. Here the names are a dictionary, and the
text's substrings up to the longest name's length are looked up in it: a 30-character
question is a few hundred lookups however many places are stored, and building the index
is one pass over the names (no automaton to rebuild when a place is added).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def substrings(text: str, lengths: Iterable[int]) -> set[str]:
    """The substrings of ``text`` of the given lengths: what is looked up in a table of
    names, instead of testing every name against the text."""
    return {text[a : a + size] for size in lengths for a in range(len(text) - size + 1)}


def first_characters(names: Iterable[str]) -> dict[str, frozenset[int]]:
    """Each first character of ``names`` and the lengths of the names it starts."""
    starts: dict[str, set[int]] = {}
    for name in names:
        if name:
            starts.setdefault(name[0], set()).add(len(name))
    return {c: frozenset(lengths) for c, lengths in starts.items()}


def with_names(
    starts: dict[str, frozenset[int]], names: Iterable[str]
) -> dict[str, frozenset[int]]:
    """``starts`` with ``names`` added (what it held stays: a length no name has any more
    only costs a lookup)."""
    out = dict(starts)
    for name in names:
        if name:
            out[name[0]] = out.get(name[0], frozenset()) | {len(name)}
    return out


def occurring(text: str, starts: dict[str, frozenset[int]], names: Container[str]) -> set[str]:
    """The names that occur in ``text``: at each character, only the lengths of the names it
    starts (``starts``, see :func:`first_characters`) are looked up, not every length."""
    found: set[str] = set()
    for a, c in enumerate(text):
        lengths = starts.get(c)
        if lengths is not None:
            for size in lengths:
                part = text[a : a + size]
                if part in names:
                    found.add(part)
    if "" in names:
        found.add("")
    return found


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
