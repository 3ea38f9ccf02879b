"""What is not a figure, judged over the sentence (``dict/not_figures.txt`` holds the words).

A number followed by a measure word is a statistic unless the sentence says otherwise: it is
quoted or a name ("三项制度"), an ordinal (第3次), part of a range (30-40岁), a formula
(1+3+N), a set phrase built of two numerals ("四位一体", "一村一律师", "一月一次"), a
frequency rule (每季度1次, 1次/月), per-unit staffing (每村1名, 各配备1名), or an adjective
("一次性", "三级联动").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from corpus.vocab import alternation, dict_lines

CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_SLOGAN_NUMERAL = "一二两三四五六七八九十百千万双"
_WORD = rf"[^\W\d{_SLOGAN_NUMERAL}]"
# two numerals each before one or two characters: 四位一体, 三会一课, 一村一律师, 千家万户
SET_PHRASE = re.compile(rf"[{_SLOGAN_NUMERAL}]{_WORD}{{1,2}}?[{_SLOGAN_NUMERAL}多]{_WORD}")
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|【[^】]*】")
RANGE = re.compile(r"[-—–~～至到]")


@dataclass(frozen=True)
class Rules:
    names: tuple[str, ...]
    frequency: re.Pattern[str]
    event_units: frozenset[str]
    per_unit: re.Pattern[str]
    staffing: re.Pattern[str]
    ordinal: re.Pattern[str]
    modifiers: frozenset[str]
    attributive: frozenset[str]
    periods: re.Pattern[str]
    one_units: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in dict_lines("not_figures.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).extend(line.split())
    get = sections.get
    return Rules(
        names=tuple(sorted(get("名称", []), key=len, reverse=True)),
        frequency=re.compile(rf"每个?(?:{alternation(get('频次', []))})"),
        event_units=frozenset(get("次数单位", [])),
        per_unit=re.compile(rf"每[个一]?(?:{alternation(get('每单位', []))})"),
        staffing=re.compile(rf"(?:{alternation(get('配备', []))})(?:不少于|至少|不低于)?$"),
        ordinal=re.compile(rf"(?:{alternation(get('序数', []))})$"),
        modifiers=frozenset(get("修饰", [])),
        attributive=frozenset(get("定语单位", [])),
        periods=re.compile(rf"^/(?:{alternation(get('周期', []))})"),
        one_units=frozenset(get("一", [])),
    )


def blocked_ranges(sentence: str) -> list[tuple[int, int]]:
    """Spans whose numbers are never figures: quotations, titles, document numbers, names."""
    spans = [(m.start(), m.end()) for m in QUOTED.finditer(sentence)]
    spans += [(m.start(), m.end()) for m in SET_PHRASE.finditer(sentence)]
    names = rules().names
    if names:
        spans += [(m.start(), m.end()) for m in _names_pattern(names).finditer(sentence)]
    return spans


@lru_cache(maxsize=1)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(alternation(names))


def inside(pos: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def not_a_figure(sentence: str, start: int, end: int, number: str, unit: str, lead: str) -> bool:
    """Whether the number at ``start`` (with its unit ending at ``end``) is not a statistic.

    ``lead`` is the clause before the number, from its start or the previous figure.
    """
    r = rules()
    before = sentence[max(0, start - 1) : start]
    after = sentence[end : end + 1]
    if before.isdigit() or before in ".,+" or after == "+" or r.ordinal.search(lead):
        return True  # part of a longer number, a formula, an ordinal
    if _in_range(sentence, start, end, number):
        return True
    if after in r.modifiers or r.periods.match(sentence[end : end + 4]):
        return True
    if unit in r.event_units and r.frequency.search(lead):
        return True  # 每季度1次
    if r.per_unit.search(lead) or r.staffing.search(lead):
        return True  # 每村1名, 各配备1名
    if unit in r.attributive and after and _is_word(after):
        return True
    if number == "一":
        return unit not in r.one_units
    return False


def _in_range(sentence: str, start: int, end: int, number: str) -> bool:
    """30-40岁, 3至5名: a range describes a group or a limit, not a count."""
    num_end = start + len(number)
    following = sentence[num_end : num_end + 2]
    if following[:1] and RANGE.match(following[:1]) and following[1:2].isdigit():
        return True
    preceding = sentence[max(0, start - 2) : start]
    return len(preceding) == 2 and bool(RANGE.match(preceding[1])) and preceding[0].isdigit()


def _is_word(char: str) -> bool:
    return char.isalnum() and not char.isdigit()
