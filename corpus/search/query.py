"""Understand a question: town, years, what kind of answer it wants, and weighted search terms."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from corpus.figures.rules import rules
from corpus.figures.units import units
from corpus.places.scope import Scope, resolve_simplified
from corpus.reading.text import normalize
from corpus.search.segment import idf_weights, words
from corpus.search.weights import WEIGHTS as W
from corpus.vocab import alternation, dict_groups, dict_lines, dict_words, numeral_chars


@lru_cache(maxsize=1)
def _intents() -> dict[str, frozenset[str]]:
    """The words of each kind of answer, and the skip and filler words (``dict/intents.txt``);
    a part's heading words ask for it too."""
    groups = dict_groups("intents.txt")
    kinds = {k: frozenset(v) for k, v in groups.items()}
    for part in ("problems", "plans", "duty"):
        kinds[part] = kinds[part] | kinds[f"heading_{part}"]
    return kinds


def _pattern(kind: str) -> re.Pattern[str]:
    return re.compile(alternation(_intents()[kind]))


PROBLEM = _pattern("problems")
PLAN = _pattern("plans")
DUTY = _pattern("duty")
QUANTITY = _pattern("quantity")
MONEY = _pattern("money")
RATE = _pattern("rate")
# every unit the figure extractor knows (counted or not: 分钟, 万元…), for "多少/几 + unit"
ALL_UNITS = alternation((units().counted | units().not_counted) - rules().attributive)
CONTENT = re.compile(r"[\u4e00-\u9fff]{2,}|\d{3,}(?:\.\d+)?%?|[a-z]{3,}")
ASKING = re.compile(rf"^(?:几|多少)(?:\w|{ALL_UNITS})?$")
ASKED_UNIT = re.compile(rf"(?:多少|几)({ALL_UNITS})")
# a figure with its unit, in Arabic or Chinese numerals ("3场", "三十余名", "95%")
FIGURE_UNIT = re.compile(
    rf"(?:\d+(?:\.\d+)?|[{numeral_chars(1, 10_000)}]+)(?:余|多)?({ALL_UNITS}|%)"
)


@dataclass(frozen=True, slots=True)
class Term:
    word: str
    weight: float
    variants: tuple[str, ...]  # the word and its synonyms, any of which counts as a match


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    scope: Scope
    wants_quantity: bool
    wants_problem: bool
    wants_plan: bool
    wants_duty: bool
    asked_units: tuple[str, ...]
    terms: tuple[Term, ...]

    @property
    def town(self) -> str | None:
        return self.scope.town

    @property
    def years(self) -> tuple[int, ...]:
        return self.scope.years

    @property
    def preferred_year(self) -> int | None:
        return self.scope.preferred_year

    @property
    def has_content(self) -> bool:
        """At least one real word: Chinese of two characters or more, a long number or word
        (a colloquial word counts by its formal synonym: 罚 → 罚款)."""
        return any(CONTENT.fullmatch(v) for t in self.terms for v in t.variants)

    @property
    def section(self) -> str | None:
        """The report part asked for as a whole ("有哪些不足", "有什么打算", "第一责任人履职
        情况"): problems, plans or duty, when the question holds no other real word."""
        if self.wants_quantity or any(t.word not in _intents()["filler"] for t in self.terms):
            return None
        for kind, wanted in (("duty", self.wants_duty), ("problems", self.wants_problem)):
            if wanted:
                return kind
        return "plans" if self.wants_plan else None

    @property
    def core(self) -> str:
        return "".join(t.word for t in self.terms)


def _idf():  # type: ignore[no-untyped-def]
    """jieba's IDF table, ``.get(word, default)`` (read a word at a time from a cache)."""
    return idf_weights()


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Question words and particles, ignored by retrieval (``dict/question_words.txt``)."""
    return dict_words("question_words.txt")


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Boilerplate found in every report, weighted low (``dict/generic_words.txt``)."""
    return dict_words("generic_words.txt")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Each word of a synonym group maps to the whole group (``corpus/dict/synonyms.txt``)."""
    groups: dict[str, tuple[str, ...]] = {}
    for line in dict_lines("synonyms.txt"):
        group = tuple(line.split())
        for word in group:
            groups[word] = tuple(dict.fromkeys((word, *groups.get(word, ()), *group)))
    return groups


def weight(word: str) -> float:
    if word in generic_words():
        return W.generic_term
    if re.fullmatch(r"\d+(\.\d+)?%?", word):
        return W.number_term
    idf = _idf().get(word, W.unknown_idf)
    if len(word) == 1:
        idf *= W.single_char
    return idf


@lru_cache(maxsize=1)
def _to_simplified():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def understand(
    question: str,
    towns: Mapping[str, Sequence[int]],
    *,
    town: str | None = None,
    year: int | None = None,
    today: date | None = None,
) -> Question:
    """Parse ``question`` against the stored ``towns`` and their years (its scope resolved
    here, once; see :func:`corpus.places.scope.resolve`)."""
    text = _simplified_question(question)
    wants_plan = bool(PLAN.search(text))
    scope = resolve_simplified(
        text, towns, town=town, year=year, today=today, wants_plan=wants_plan
    )
    return _question_in(question, text, scope, wants_plan)


def question_in(question: str, scope: Scope) -> Question:
    """What ``question`` wants, within its resolved ``scope`` (the words that made the scope
    are already gone from ``scope.rest``)."""
    text = _simplified_question(question)
    return _question_in(question, text, scope, bool(PLAN.search(text)))


def _simplified_question(question: str) -> str:
    """The question as read: normalized, cut to 500 characters, simplified (as
    :func:`corpus.places.scope.resolve` reads it)."""
    return _to_simplified().convert(normalize(question or "")[:500]) if question else ""


def _question_in(question: str, text: str, scope: Scope, wants_plan: bool) -> Question:
    units = [m.group(1) for m in ASKED_UNIT.finditer(text)]
    if MONEY.search(text):
        units.append("元")
    if RATE.search(text):
        units.append("%")
    return Question(
        text=question,
        scope=scope,
        wants_quantity=bool(QUANTITY.search(text)),
        wants_problem=bool(PROBLEM.search(text)),
        wants_plan=wants_plan,
        wants_duty=bool(DUTY.search(text)),
        asked_units=tuple(dict.fromkeys(units)),
        terms=_terms(scope.rest),
    )


def _terms(text: str) -> tuple[Term, ...]:
    groups = synonyms()
    out: dict[str, Term] = {}
    for word in words(text):
        skip = word in question_words() or word in _intents()["skip"] or ASKING.match(word)
        if skip or word in out:
            continue
        variants = tuple(v for v in groups.get(word, (word,)) if len(v) > 1 or v == word)
        out[word] = Term(word, weight(word), variants)
    return tuple(out.values())
