"""Scoring one passage for a question: term coverage of its best sentence or pair of
sentences, fuzzy similarity (rapidfuzz), the part of the report asked for, and whether it
states a figure when one is asked for. What depends on the passage alone is worked out once
per process (:func:`read`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from corpus.places.place import simplified
from corpus.reading.text import sentences
from corpus.search.query import FIGURE_UNIT, Question, Term
from corpus.search.weights import WEIGHTS as W
from corpus.storage.store import PassageRecord

if TYPE_CHECKING:
    from corpus.search.scorer import Scorer


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    coverage: float
    snippet: str
    has_figure: bool

    @property
    def relevant(self) -> bool:
        return self.coverage >= W.min_coverage and self.score >= W.min_score and self.has_figure


@dataclass(frozen=True, slots=True)
class Read:
    """A passage as the scoring reads it: what depends on the passage alone, worked out once
    per process (a question scores the same candidates as the questions before it)."""

    record: PassageRecord  # as compared with the question: simplified characters
    original: PassageRecord  # as stored, to quote
    parts: tuple[str, ...]  # its sentences (the text whole if it has none)
    units: tuple[frozenset[str], ...]  # the figure units of each sentence
    heading_text: str  # heading and text, as the shortlist reads them
    # the sentences joined by NUL, and where each starts: a word is looked for once in the
    # passage, not once per sentence ("" when a sentence holds a NUL itself)
    joined: str = ""
    starts: tuple[int, ...] = ()
    lengths: tuple[int, ...] = ()
    lead_in: bool = False  # ends with a colon: "…还存在一些问题与不足："


_READ: dict[int, Read] = {}  # by id() of the record (which the Read holds, so it stays)
_READ_KEPT = 20_000


def read(record: PassageRecord) -> Read:
    """What the scoring needs of ``record``, worked out once (the store hands the same record
    objects to every question until the catalog version moves)."""
    found = _READ.get(id(record))
    if found is not None and found.original is record:
        return found
    if len(_READ) >= _READ_KEPT:  # the oldest tenth goes
        for old in list(_READ)[: _READ_KEPT // 10]:
            _READ.pop(old, None)
    made = _READ[id(record)] = _read(record)
    return made


def _read(record: PassageRecord) -> Read:
    compared = simplified_record(record)
    parts = tuple(sentences(compared.text) or [compared.text])
    units = tuple(frozenset(FIGURE_UNIT.findall(p)) for p in parts)
    joined, starts = "", ()
    if not any("\0" in p for p in parts):
        joined = "\0".join(parts)
        at, offsets = 0, []
        for p in parts:
            offsets.append(at)
            at += len(p) + 1
        starts = tuple(offsets)
    return Read(
        compared,
        record,
        parts,
        units,
        compared.section + compared.text,
        joined,
        starts,
        tuple(map(len, parts)),
        compared.text.rstrip().endswith(("：", ":")),
    )


def simplified_record(record: PassageRecord) -> PassageRecord:
    """A report written in traditional characters is matched in simplified ones (and
    quoted as written)."""
    text, section = simplified(record.text), simplified(record.section)
    if text == record.text and section == record.section:
        return record
    return replace(record, text=text, section=section)


def shortlist(q: Question, records: Sequence[Read]) -> list[Read]:
    """The candidates worth full scoring: best by plain term coverage and section."""
    return scorer(q).shortlist(records)


def score_passage(q: Question, record: PassageRecord) -> Scored:
    """Score one passage: term coverage of its best sentences, fuzzy similarity and intent."""
    return score(q, read(record))


def score(q: Question, read: Read) -> Scored:
    return scorer(q).score(read)


def scorer(q: Question) -> Scorer:
    """What scoring needs of ``q``, worked out once for all its candidates."""
    from corpus.search.scorer import Scorer

    return Scorer(q)


def _any_in(variants: Sequence[str], text: str) -> bool:
    for variant in variants:  # noqa: SIM110 (a plain loop: thousands of calls a question)
        if variant in text:
            return True
    return False


def _mask(present: Sequence[tuple[int, Term, re.Pattern[str] | None]], text: str) -> int:
    """The terms (bit i for term i) that ``text`` holds."""
    mask = 0
    for i, term, _ in present:
        if _contains(term, text):
            mask |= 1 << i
    return mask


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
    return closeness(positions, len(window))


def closeness(positions: list[tuple[int, int]], length: int) -> float:
    """:func:`_proximity` of a window of ``length`` characters from the (position, term
    index) of every match in it (sorted here)."""
    wanted = len({i for _, i in positions})
    if wanted < 2:
        return 0.0
    positions.sort()
    best, seen, left = length, {}, 0
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


def _section_bonus(q: Question, kind: str) -> float:
    is_plan, is_problem = kind == "plans", kind == "problems"  # stored at ingest
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
