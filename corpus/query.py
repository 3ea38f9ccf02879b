"""Understand a question: town, years, what kind of answer it wants, and weighted search terms."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from corpus.figure_rules import rules
from corpus.identify import short_name
from corpus.segment import idf_weights, words
from corpus.text import normalize
from corpus.units import units
from corpus.vocab import alternation, dict_lines

QUANTITY = re.compile(
    r"多少|几[个次件份场批名人家台项条篇起位天]?|比例|占比|率|数量|金额|总数|多大|多长"
)
PROBLEM = re.compile(r"不足|问题|短板|差距|隐患|困难|薄弱|欠缺|为啥|为什么|原因|不够|毛病")
PLAN = re.compile(r"打算|计划|安排|明年|下一步|下步|下一年|来年|准备|将要|今后|展望|思路")
NEXT_YEAR = re.compile(r"下一年|明年|下一步|下步|来年|下年")
# words that only say what kind of answer is wanted; the section bonus uses them instead
INTENT_WORDS = re.compile(
    r"打算|计划|安排|下一步|下步|下一年|下一年度|明年|来年|今后|准备|不足|问题|短板|差距|原因|为啥|为什么"
)
# the measure words of dict/units.txt that figure extraction counts, less those that only
# modify when a word follows (进一步, 三级联动)
UNITS = alternation(units().counted - rules().attributive)
CONTENT = re.compile(r"[\u4e00-\u9fff]{2,}|\d{3,}(?:\.\d+)?%?|[a-z]{3,}")
ASKING = re.compile(r"^(?:几|多少)\w?$")
ASKED_UNIT = re.compile(rf"(?:多少|几)({UNITS})")
MONEY = re.compile(r"金额|罚了|多少钱|罚款|贷款|资金|经费")
RATE = re.compile(r"率|比例|占比|百分")

YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*年?度?|(?<!\d)(\d{2})\s*年(?!\d)")


@dataclass(frozen=True)
class Term:
    word: str
    weight: float
    variants: tuple[str, ...]  # the word and its synonyms, any of which counts as a match


@dataclass(frozen=True)
class Question:
    text: str
    town: str | None
    years: tuple[int, ...]  # years to search, best first
    preferred_year: int | None
    wants_quantity: bool
    wants_problem: bool
    wants_plan: bool
    asked_units: tuple[str, ...]
    terms: tuple[Term, ...]

    @property
    def has_content(self) -> bool:
        """At least one real word: Chinese of two characters or more, a long number or word."""
        return any(CONTENT.fullmatch(t.word) for t in self.terms)

    @property
    def core(self) -> str:
        return "".join(t.word for t in self.terms)


def _idf():  # type: ignore[no-untyped-def]
    """jieba's IDF table, ``.get(word, default)`` (read a word at a time from a cache)."""
    return idf_weights()


def _dict_text(name: str) -> list[str]:
    return list(dict_lines(name))


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Question words and particles, ignored by retrieval (``dict/question_words.txt``)."""
    return frozenset(w for line in _dict_text("question_words.txt") for w in line.split())


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Boilerplate found in every report, weighted low (``dict/generic_words.txt``)."""
    return frozenset(w for line in _dict_text("generic_words.txt") for w in line.split())


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Each word of a synonym group maps to the whole group (``corpus/dict/synonyms.txt``)."""
    groups: dict[str, tuple[str, ...]] = {}
    for line in _dict_text("synonyms.txt"):
        group = tuple(line.split())
        for word in group:
            groups[word] = tuple(dict.fromkeys((word, *groups.get(word, ()), *group)))
    return groups


def weight(word: str) -> float:
    if word in generic_words():
        return 1.0
    if re.fullmatch(r"\d+(\.\d+)?%?", word):
        return 12.0
    idf = _idf().get(word, 10.0)
    if len(word) == 1:
        idf *= 0.3
    return idf


@lru_cache(maxsize=1)
def _to_simplified():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def understand(question: str, towns: Mapping[str, Sequence[int]]) -> Question:
    """Parse ``question`` against the stored ``towns`` and their years."""
    text = _to_simplified().convert(normalize(question)[:500])
    town, text_wo_town = _find_town(text, towns)
    years, text_wo_years = _find_years(text_wo_town)
    wants_plan = bool(PLAN.search(text))
    search_years, preferred = _years_to_search(
        years, wants_plan, bool(NEXT_YEAR.search(text)), town, towns
    )
    units = [m.group(1) for m in ASKED_UNIT.finditer(text)]
    if MONEY.search(text):
        units.append("元")
    if RATE.search(text):
        units.append("%")
    return Question(
        text=question,
        town=town,
        years=search_years,
        preferred_year=preferred,
        wants_quantity=bool(QUANTITY.search(text)),
        wants_problem=bool(PROBLEM.search(text)),
        wants_plan=wants_plan,
        asked_units=tuple(dict.fromkeys(units)),
        terms=_terms(text_wo_years),
    )


def _find_town(text: str, towns: Mapping[str, Sequence[int]]) -> tuple[str | None, str]:
    forms = getattr(towns, "forms", None)  # a store's catalog knows every form of each place
    pairs = forms() if callable(forms) else _names(tuple(towns))
    for name, town in pairs:
        if name in text:
            return town, text.replace(name, " ")
    return None, text


@lru_cache(maxsize=4)
def _names(towns: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every way to write each town ("辛口镇", "辛口"), longest first."""
    pairs = {(name, town) for town in towns for name in (town, short_name(town)) if len(name) >= 2}
    return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


def _find_years(text: str) -> tuple[list[int], str]:
    years: list[int] = []

    def take(m: re.Match[str]) -> str:
        year = int(m.group(1)) if m.group(1) else 2000 + int(m.group(2))
        years.append(year)
        return " "

    return years, YEAR.sub(take, text)


def _years_to_search(
    years: list[int],
    wants_plan: bool,
    next_year_words: bool,
    town: str | None,
    towns: Mapping[str, Sequence[int]],
) -> tuple[tuple[int, ...], int | None]:
    """Plans for year Y stand in the report for Y-1 ("2023年打算" → the 2022 report)."""
    if not years:
        return (), None
    year = years[0]
    if not wants_plan or next_year_words:
        return tuple(dict.fromkeys(years)), year
    stored = set(towns.get(town, ())) if town else {y for ys in towns.values() for y in ys}
    if year - 1 in stored:
        return (year - 1, year), year - 1
    earlier = [y for y in stored if y < year]
    if year not in stored and earlier:
        return (max(earlier), year), max(earlier)
    return (year,), year


def _terms(text: str) -> tuple[Term, ...]:
    groups = synonyms()
    out: dict[str, Term] = {}
    for word in words(text):
        skip = word in question_words() or INTENT_WORDS.fullmatch(word) or ASKING.match(word)
        if skip or word in out:
            continue
        variants = tuple(v for v in groups.get(word, (word,)) if len(v) > 1 or v == word)
        out[word] = Term(word, weight(word), variants)
    return tuple(out.values())
