"""The one loader of the word lists in ``corpus/dict/`` (one entry or group per line, ``#``
starts a comment), shared by every module that needs vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=32)
def dict_text(name: str) -> str:
    """The whole text of ``corpus/dict/<name>``."""
    return (resources.files("corpus") / "dict" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def dict_lines(name: str) -> tuple[str, ...]:
    """The non-empty lines of ``corpus/dict/<name>``, without ``#`` comments."""
    return tuple(x for line in dict_text(name).splitlines() if (x := line.split("#", 1)[0].strip()))


def dict_words(name: str) -> frozenset[str]:
    """Every word of a list whose lines hold words separated by spaces."""
    return frozenset(w for line in dict_lines(name) for w in line.split())


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words``, longest first (so 场次 wins over 场)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
