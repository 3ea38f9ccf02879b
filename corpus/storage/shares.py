"""The share of passages holding each token, as a process remembers it between questions.

A share read once stays (one report more barely moves it) until the statistics are
refreshed, :data:`SHARES_KEPT` catalog versions have passed or the catalog was read whole;
a token found in no passage is asked again once the catalog version moves (a new report may
hold it), so it is never hidden."""

from __future__ import annotations

from collections.abc import Callable, Sequence

SHARES_KEPT = 200  # catalog versions (reports stored or removed) a token share is kept for


class TokenShares:
    """Shares by token, read through ``read(tokens)`` only for those not remembered."""

    def __init__(self) -> None:
        self.statistics = 0  # moved by the store when the shares must be read again
        self._at: tuple[int, int | None, int | None] = (0, None, None)  # statistics, filled, seen
        self._cache: dict[str, float | None] = {}

    def forget(self) -> None:
        """The statistics changed (refreshed, or the catalog read whole): read them again."""
        self.statistics += 1

    def of(
        self,
        tokens: Sequence[str],
        version: int | None,
        read: Callable[[list[str]], dict[str, float]],
    ) -> dict[str, float]:
        """The shares of ``tokens`` at catalog ``version`` (a token in no passage: 0.0; one
        the index cannot count: left out)."""
        (statistics, filled, seen), cache = self._at, self._cache
        if (
            statistics != self.statistics
            or version is None
            or filled is None
            or version - filled > SHARES_KEPT
        ):
            cache, filled = {}, version
        elif seen != version:
            cache = {t: share for t, share in cache.items() if share != 0.0}
        self._at, self._cache = (self.statistics, filled, version), cache
        missing = [t for t in tokens if t not in cache]
        if missing:
            found = read(missing)
            cache.update({t: found.get(t) for t in missing})
        return {t: share for t in tokens if (share := cache[t]) is not None}
