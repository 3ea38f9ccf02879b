"""The one loader of the word lists in ``corpus/dict/`` (one entry or group per line, ``#``
starts a comment), shared by every module that needs vocabulary.

Three shapes of file: plain lines (:func:`dict_lines`, :func:`dict_words`), "类别: 词 词 …"
groups (:func:`dict_groups`) and ``[节]`` sections (:func:`dict_sections`). Chinese numerals
(:func:`numerals`) are ``dict/numerals.txt``, the lower-case table of cn2an.
"""

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


@lru_cache(maxsize=32)
def dict_groups(name: str) -> dict[str, tuple[str, ...]]:
    """The words of each group of a file of "类别: 词 词 …" lines (":" or "："), in order; a
    group may go on over several lines."""
    groups: dict[str, dict[str, None]] = {}
    for line in dict_lines(name):
        key, _, listed = line.replace("：", ":", 1).partition(":")
        groups.setdefault(key.strip(), {}).update(dict.fromkeys(listed.split()))
    return {k: tuple(v) for k, v in groups.items()}


@lru_cache(maxsize=32)
def dict_sections(name: str) -> dict[str, tuple[str, ...]]:
    """The words of each ``[节]`` of a file, in order (words before the first title: "")."""
    sections: dict[str, dict[str, None]] = {}
    current = ""
    for line in dict_lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, {})
            continue
        sections.setdefault(current, {}).update(dict.fromkeys(line.split()))
    return {k: tuple(v) for k, v in sections.items()}


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words``, longest first (so 场次 wins over 场)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _numerals() -> tuple[tuple[str, int, bool], ...]:
    """(numeral, value, colloquial) for each line of ``dict/numerals.txt``."""
    out = []
    for line in dict_lines("numerals.txt"):
        char, value, *kind = line.split()
        out.append((char, int(value), bool(kind)))
    return tuple(out)


def numerals() -> dict[str, int]:
    """Each Chinese numeral and its value: 〇 0, 一 1, 两 2 … 十 10 … 亿 100000000."""
    return {c: v for c, v, _ in _numerals()}


@lru_cache(maxsize=16)
def numeral_chars(lowest: int = 0, highest: int = 10**8, *, colloquial: bool = True) -> str:
    """The numerals worth ``lowest``…``highest``, as written in a character class: digits
    are 0…9, multipliers 十 and up; ``colloquial=False`` leaves out 两 (written digits of a
    year, a heading's number: 二〇二二, 二、)."""
    return "".join(
        c for c, v, spoken in _numerals() if lowest <= v <= highest and (colloquial or not spoken)
    )


@lru_cache(maxsize=1)
def digit_table() -> dict[int, int]:
    """``str.translate`` table of the written digits (二〇二二 → 2022)."""
    digits = numeral_chars(0, 9, colloquial=False)
    return str.maketrans(digits, "".join(str(numerals()[c]) for c in digits))
