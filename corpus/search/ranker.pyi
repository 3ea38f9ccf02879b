"""Types of the compiled ranking (corpus/search/ranker.pyx)."""

from collections.abc import Callable, Sequence
from re import Pattern
from typing import Any

from corpus.search.pool import Pool
from corpus.search.scoring import Read, Scored

MAX_TERMS: int
MAX_UNITS: int

class Ranker:
    def __init__(
        self,
        scorer: Any,  # corpus.search.scorer.Scorer (read here, not kept)
        weights: Any,
        loosely_in: Callable[[str, str], bool],
        partial_ratio: Callable[..., float],
        scored: type[Scored],
        trim: Callable[[str], str],
        figure_unit: Pattern[str],
    ) -> None: ...
    def shortlist(
        self, records: Sequence[Read] | Pool, pool: Pool | None, keep: int
    ) -> list[Read]: ...
    def ranked(
        self, reads: Sequence[Read], keep: int, fallback: Any
    ) -> list[tuple[Scored, Read]]: ...
