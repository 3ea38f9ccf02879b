"""Scoring one passage for a question: term coverage of its best sentence or pair of
sentences, fuzzy similarity (rapidfuzz), the part of the report asked for, and whether it
states a figure when one is asked for. What depends on the passage alone is worked out once
per process (:func:`read`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.places.place import simplified
from corpus.reading.text import sentences
from corpus.search.query import FIGURE_UNIT, Question, Term
from corpus.search.weights import WEIGHTS as W
from corpus.storage.store import PassageRecord


@dataclass(frozen=True)
class Scored:
    score: float
    coverage: float
    snippet: str
    has_figure: bool

    @property
    def relevant(self) -> bool:
        return self.coverage >= W.min_coverage and self.score >= W.min_score and self.has_figure


@dataclass(frozen=True)
class Read:
    """A passage as the scoring reads it: what depends on the passage alone, worked out once
    per process (a question scores the same candidates as the questions before it)."""

    record: PassageRecord  # as compared with the question: simplified characters
    original: PassageRecord  # as stored, to quote
    parts: tuple[str, ...]  # its sentences (the text whole if it has none)
    units: tuple[frozenset[str], ...]  # the figure units of each sentence
    heading_text: str  # heading and text, as the shortlist reads them


@lru_cache(maxsize=20_000)
def read(record: PassageRecord) -> Read:
    compared = simplified_record(record)
    parts = tuple(sentences(compared.text) or [compared.text])
    units = tuple(frozenset(FIGURE_UNIT.findall(p)) for p in parts)
    return Read(compared, record, parts, units, compared.section + compared.text)


def simplified_record(record: PassageRecord) -> PassageRecord:
    """A report written in traditional characters is matched in simplified ones (and
    quoted as written)."""
    text, section = simplified(record.text), simplified(record.section)
    if text == record.text and section == record.section:
        return record
    return replace(record, text=text, section=section)


def shortlist(q: Question, records: Sequence[Read]) -> list[Read]:
    """The candidates worth full scoring: best by plain term coverage and section."""
    if len(records) <= W.shortlist:
        return list(records)
    total = sum(t.weight for t in q.terms) or 1.0

    def quick(read: Read) -> float:
        text = read.heading_text
        cov = sum(t.weight for t in q.terms if _contains(t, text)) / total
        return cov + _section_bonus(q, read.record)

    return sorted(records, key=quick, reverse=True)[: W.shortlist]


def score_passage(q: Question, record: PassageRecord) -> Scored:
    """Score one passage: term coverage of its best sentences, fuzzy similarity and intent."""
    return score(q, read(record))


def score(q: Question, read: Read) -> Scored:
    record, parts = read.record, list(read.parts)
    total = sum(t.weight for t in q.terms) or 1.0
    # credit for each term: from the heading, or else per window (fuzzy credit per passage)
    heading = {i: t.weight for i, t in enumerate(q.terms) if _contains(t, record.section)}
    in_text = {i for i, t in enumerate(q.terms) if i not in heading and _contains(t, record.text)}
    loose = {
        i: t.weight * W.loose_term
        for i, t in enumerate(q.terms)
        if i not in heading
        and i not in in_text
        and len(t.word) >= W.loose_length
        and fuzz.partial_ratio(t.word, read.heading_text) >= W.loose_ratio
    }
    fixed = sum(heading.values()) + sum(loose.values())
    present = [(i, t) for i, t in enumerate(q.terms) if i in in_text]  # sentences hold no other
    whole = (fixed + sum(t.weight for _, t in present)) / total
    best, snippet, best_cov = _best_window(q, parts, read.units, present, fixed, total)
    fuzzy = fuzz.partial_ratio(q.core, snippet) / 100 if q.core else 0.0
    score = W.best_window * best + W.whole_passage * whole + W.fuzzy * fuzzy
    score += _section_bonus(q, record)
    if q.preferred_year is not None and record.year == q.preferred_year:
        score += W.preferred_year
    if (q.wants_problem or q.wants_plan) and record.text.rstrip().endswith(("：", ":")):
        score -= W.lead_in  # "…还存在一些问题与不足：" only leads in to the answer
    has_figure = not q.wants_quantity or bool(FIGURE_UNIT.search(snippet) or "%" in snippet)
    if len(snippet) < 60 and snippet in parts and parts.index(snippet) + 1 < len(parts):
        snippet += parts[parts.index(snippet) + 1]  # a heading-like sentence alone says little
    return Scored(score, best_cov, trim(snippet), has_figure)


def _best_window(
    q: Question,
    parts: list[str],
    units: Sequence[frozenset[str]],
    present: list[tuple[int, Term]],
    fixed: float,
    total: float,
) -> tuple[float, str, float]:
    """The best sentence or pair of sentences: (value, text, term coverage).

    Terms and units are found once per sentence (a pair holds what its two sentences hold);
    proximity, worth at most 0.05, is measured only where it could still change the winner.
    """
    masks = [_mask(present, p) for p in parts]  # which terms each sentence holds
    lengths = [len(p) for p in parts]
    covered: dict[int, float] = {}  # coverage of each set of terms a window holds
    quantity = q.wants_quantity
    # every window's value without proximity; then proximity, best first, only while it
    # could still win (the first window of the best value wins a tie, as in reading order)
    valued: list[tuple[float, int, int, float]] = []  # (value, start, end, coverage)
    for end in (1, 2):
        for a in range(len(parts) - end + 1):
            b = a + end
            mask = masks[a] | masks[b - 1]
            cov = covered.get(mask)
            if cov is None:
                cov = covered[mask] = (fixed + _weight(present, mask)) / total
            long = (lengths[a] + lengths[b - 1] if end == 2 else lengths[a]) > W.long_window_chars
            value = cov - W.long_window * long
            if quantity:
                value += _quantity_bonus(q, units[a] | units[b - 1])
            valued.append((value, a, b, cov))
    order = sorted(range(len(valued)), key=lambda n: -valued[n][0])
    best, at, best_cov = -1.0, -1, 0.0
    for n in order:
        value, a, b, cov = valued[n]
        if value + W.proximity < best or (value + W.proximity == best and n > at):
            if value + W.proximity < best:
                break
            continue
        value += W.proximity * _proximity(q.terms, "".join(parts[a:b]))
        if value > best or (at >= 0 and value == best and n < at):
            best, at, best_cov = value, n, cov
    if at < 0:
        return best, parts[0], best_cov
    _, a, b, _ = valued[at]
    return best, "".join(parts[a:b]), best_cov


def _mask(present: Sequence[tuple[int, Term]], text: str) -> int:
    """The terms (bit i for term i) that ``text`` holds."""
    mask = 0
    for i, term in present:
        if _contains(term, text):
            mask |= 1 << i
    return mask


def _weight(present: Sequence[tuple[int, Term]], mask: int) -> float:
    """The summed weight of the terms in ``mask``."""
    return sum(t.weight for i, t in present if mask >> i & 1)


def _contains(term: Term, text: str) -> bool:
    if term.word[0].isdigit():  # "1" must not match inside "2021"
        return _number_pattern(term.word).search(text) is not None
    for variant in term.variants:  # noqa: SIM110 (a plain loop: thousands of calls a question)
        if variant in text:
            return True
    return False


@lru_cache(maxsize=256)
def _number_pattern(number: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d.])")


def _proximity(terms: Sequence[Term], window: str) -> float:
    """1.0 when the matched terms stand close together, falling as they spread out."""
    positions: list[tuple[int, int]] = []  # (position, term index)
    for i, term in enumerate(terms):
        for v in term.variants:
            start = window.find(v)
            while start >= 0:
                positions.append((start, i))
                start = window.find(v, start + 1)
    wanted = len({i for _, i in positions})
    if wanted < 2:
        return 0.0
    positions.sort()
    best, seen, left = len(window), {}, 0
    for pos, i in positions:
        seen[i] = seen.get(i, 0) + 1
        while len(seen) == wanted:
            best = min(best, pos - positions[left][0])
            j = positions[left][1]
            seen[j] -= 1
            if not seen[j]:
                del seen[j]
            left += 1
    return min(1.0, W.proximity_span * wanted / max(best, 1))


def _quantity_bonus(q: Question, units: set[str]) -> float:
    """Quantity questions prefer sentences stating a figure, best in the unit asked for."""
    if not q.wants_quantity:
        return 0.0
    if not units:
        return W.no_figure
    if not q.asked_units:
        return W.any_figure
    found = sum(1 for u in q.asked_units if u in units)
    return W.any_figure + W.asked_unit * found / len(q.asked_units)


def _section_bonus(q: Question, record: PassageRecord) -> float:
    is_plan, is_problem = record.kind == "plans", record.kind == "problems"  # stored at ingest
    bonus = 0.0
    if q.wants_plan:
        bonus += W.part_wanted if is_plan else W.part_other
    if q.wants_problem:
        bonus += W.part_wanted if is_problem else W.part_other
    if not q.wants_plan and not q.wants_problem and (is_plan or is_problem):
        bonus += W.part_unasked
    return bonus


def trim(snippet: str, limit: int = 200) -> str:
    return snippet if len(snippet) <= limit else snippet[: limit - 1] + "…"
