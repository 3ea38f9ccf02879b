"""Passages a process has read already, kept for the questions after.

Questions about the same places, or with the same words, read the same passages again; a
passage row never changes once written, but whether it is current does, and so may what an
id names after a removal. So what is kept is valid for one catalog version (which every
process moves when it stores or removes a report, see ``place_rows.bump_catalog``) and is
forgotten, all of it, when the version moves.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

R = TypeVar("R")
KEPT = 50_000  # passages kept by id; places' passage lists: a twentieth as many


class PassageMemo(Generic[R]):
    """Passages by id (``None``: not current), each place's by (place id, years), and
    what readers derive from current reports, by their own keys."""

    def __init__(self, most: int = KEPT) -> None:
        self.most = most
        self.version: int | None = None
        self.by_id: dict[int, R | None] = {}
        self.by_place: dict[Hashable, list[R]] = {}
        self.derived: dict[Hashable, object] = {}  # what readers work out of current reports
        self.sizes: dict[Hashable, int] = {}  # the passages a derived value holds, if told
        # the bot's worker threads share one store: making room is one step for one thread
        self._lock = threading.Lock()

    def at(self, version: int | None) -> None:
        """Forget everything if the catalog version is not the one it was read at."""
        with self._lock:
            if version != self.version or version is None:
                self.by_id, self.by_place, self.version = {}, {}, version
                self.derived, self.sizes = {}, {}

    def missing(self, ids: Sequence[int]) -> list[int]:
        return [i for i in ids if i not in self.by_id]

    def keep(self, ids: Sequence[int], read: dict[int, R], read_at: int | None) -> None:
        """Remember what reading ``ids`` at catalog version ``read_at`` found (``read``): an
        id it lacks is not current. What was read at another version than the memo's (a
        report stored while it was read) is not kept, here and below."""
        with self._lock:
            if read_at != self.version:
                return
            _make_room(self.by_id, len(ids), self.most)
            for i in ids:
                self.by_id[i] = read.get(i)

    def found(self, ids: Sequence[int], read: dict[int, R] | None = None) -> list[R]:
        """The current passages of ``ids``, in that order (those just ``read`` as they were
        read, kept or not)."""
        by_id = self.by_id
        if read:
            return [r for i in ids if (r := read.get(i, by_id.get(i))) is not None]
        return [r for i in ids if (r := by_id.get(i)) is not None]

    def keep_place(self, key: Hashable, records: list[R], read_at: int | None) -> None:
        with self._lock:
            if read_at != self.version:
                return
            _make_room(self.by_place, 1, self.most // 20)
            self.by_place[key] = records

    def keep_derived(
        self, key: Hashable, value: object, read_at: int | None, size: int = 0
    ) -> None:
        """Keep ``value``; one that holds ``size`` passages counts them against a budget of
        half as many passages as are kept by id (the oldest such values go to make room;
        one larger than the budget is not kept)."""
        with self._lock:
            if read_at == self.version:
                self._keep_derived(key, value, size)

    def _keep_derived(self, key: Hashable, value: object, size: int) -> None:
        for gone in _make_room(self.derived, 1, self.most // 20):
            self.sizes.pop(gone, None)
        if size:
            budget = self.most // 2
            if size > budget:
                return
            held = sum(self.sizes.values())
            for old in list(self.sizes):
                if held + size <= budget:
                    break
                held -= self.sizes.pop(old)
                del self.derived[old]
            self.sizes[key] = size
        self.derived[key] = value


def _make_room(kept: dict, coming: int, most: int) -> list[Hashable]:  # type: ignore[type-arg]
    """Past ``most`` entries, the oldest tenth (at least what is coming) goes: their keys."""
    if len(kept) + coming <= most:
        return []
    gone = list(kept)[: max(most // 10, coming)]
    for old in gone:
        del kept[old]
    return gone
