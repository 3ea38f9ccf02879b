"""The passages of a few places read whole, kept between questions: which of them hold a
word is found from which hold each of its characters (found once per character, on first
use), so a question about a place with ten years of reports checks the few passages that
could hold each of its words instead of searching every passage for every word."""

from __future__ import annotations

from collections.abc import Iterable

from corpus.search.scoring import Read


class Pool:
    """``reads`` (in the order given) and, for each character asked about so far, the
    passages whose heading or text holds it."""

    def __init__(self, reads: Iterable[Read]) -> None:
        self.reads: tuple[Read, ...] = tuple(reads)
        self.texts = [r.heading_text for r in self.reads]  # as the shortlist reads them
        self.kinds = [r.record.kind for r in self.reads]
        self._by_char: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.reads)

    def holding(self, word: str) -> list[int]:
        """The passages (their positions in :attr:`reads`, in order) whose heading and text,
        as the shortlist reads them (:attr:`Read.heading_text`), hold ``word``."""
        if not word:
            return list(range(len(self.texts)))
        could = sorted((self._char(c) for c in set(word)), key=len)
        found = could[0].intersection(*could[1:]) if len(could) > 1 else could[0]
        if len(word) == 1:
            return sorted(found)
        texts = self.texts
        return [k for k in sorted(found) if word in texts[k]]

    def holding_any(self, words: Iterable[str]) -> list[int]:
        """The passages (positions, in order) that hold at least one of ``words``."""
        found: set[int] = set()
        for word in words:
            found.update(self.holding(word))
        return sorted(found)

    def _char(self, char: str) -> frozenset[int]:
        held = self._by_char.get(char)
        if held is None:  # two threads may both work it out: the same set either way
            held = frozenset(k for k, text in enumerate(self.texts) if char in text)
            self._by_char[char] = held
        return held
