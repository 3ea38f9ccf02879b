"""The one loader of the word lists in ``corpus/dict/`` (one entry or group per line, ``#``
starts a comment)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=32)
def dict_lines(name: str) -> tuple[str, ...]:
    text = (resources.files("corpus") / "dict" / name).read_text(encoding="utf-8")
    return tuple(x for line in text.splitlines() if (x := line.split("#", 1)[0].strip()))


def dict_words(name: str) -> frozenset[str]:
    """Every word of a list whose lines hold words separated by spaces."""
    return frozenset(w for line in dict_lines(name) for w in line.split())
