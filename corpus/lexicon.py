"""Read the word lists in ``corpus/dict/``: one loader for every module that needs vocabulary."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=32)
def dict_text(name: str) -> str:
    """The whole text of ``corpus/dict/<name>``."""
    return (resources.files("corpus") / "dict" / name).read_text(encoding="utf-8")


def dict_lines(name: str) -> list[str]:
    """The non-empty lines of ``corpus/dict/<name>``, without ``#`` comments."""
    return [x for line in dict_text(name).splitlines() if (x := line.split("#", 1)[0].strip())]


def alternation(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """A regular-expression alternation of ``words``, longest first (so 场次 wins over 场)."""
    import re

    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
