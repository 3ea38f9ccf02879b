"""The passages of a few places read whole, kept between questions: which of them hold a
word is found from which hold each of its pairs of adjacent characters (found once per pair,
on first use; a one-character word by the character), so a question about a place with ten
years of reports checks the few passages that could hold each of its words instead of
searching every passage for every word. A two-character word, most of a question's, is its
one pair: the passages holding it are known without looking again."""

from __future__ import annotations

from collections.abc import Iterable

from corpus.search.scoring import Read


class Pool:
    """``reads`` (in the order given) and, for each character or pair of characters asked
    about so far, the passages whose heading or text holds it."""

    def __init__(self, reads: Iterable[Read]) -> None:
        self.reads: tuple[Read, ...] = tuple(reads)
        self.texts = [r.heading_text for r in self.reads]  # as the shortlist reads them
        self.kinds = [r.record.kind for r in self.reads]
        self._by_piece: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.reads)

    def holding(self, word: str) -> list[int]:
        """The passages (their positions in :attr:`reads`, in order) whose heading and text,
        as the shortlist reads them (:attr:`Read.heading_text`), hold ``word``."""
        if not word:
            return list(range(len(self.texts)))
        pieces = {word[k : k + 2] for k in range(len(word) - 1)} or {word}
        could = sorted((self._piece(p) for p in pieces), key=len)
        found = could[0].intersection(*could[1:]) if len(could) > 1 else could[0]
        if len(word) <= 2:
            return sorted(found)
        texts = self.texts
        return [k for k in sorted(found) if word in texts[k]]

    def holding_any(self, words: Iterable[str]) -> list[int]:
        """The passages (positions, in order) that hold at least one of ``words``."""
        found: set[int] = set()
        for word in words:
            found.update(self.holding(word))
        return sorted(found)

    def _piece(self, piece: str) -> frozenset[int]:
        held = self._by_piece.get(piece)
        if held is None:  # two threads may both work it out: the same set either way
            held = frozenset(k for k, text in enumerate(self.texts) if piece in text)
            self._by_piece[piece] = held
        return held
