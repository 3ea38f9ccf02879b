"""Scoring one passage for a question: term coverage of its best sentence or pair of
sentences, fuzzy similarity (rapidfuzz), the part of the report asked for, and whether it
states a figure when one is asked for. What depends on the passage alone is worked out once
per process (:func:`read`)."""

from __future__ import annotations

import re
from bisect import bisect_right
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
    return Scorer(q)


class Scorer:
    """Scores passages for one question. A score is the best sentence (pair)'s term coverage,
    the whole passage's, rapidfuzz's similarity and the bonuses (:mod:`weights`); each term
    is looked for once in a passage's joined sentences, not once per sentence."""

    def __init__(self, q: Question) -> None:
        self.q = q
        self.terms = q.terms
        self.total = sum(t.weight for t in q.terms) or 1.0
        # (index, term, its number pattern or None): a number must not match inside another
        self.found_by = [
            (i, t, _number_pattern(t.word) if t.word[0].isdigit() else None)
            for i, t in enumerate(q.terms)
        ]
        self.loose = [(i, t) for i, t in enumerate(q.terms) if len(t.word) >= W.loose_length]
        self.bonus = {
            kind: _section_bonus(q, kind) for kind in ("plans", "problems", "")
        }  # by the passage's part (any other part as "")
        self.year_bonus = q.preferred_year
        self.lead_in = q.wants_problem or q.wants_plan
        self.quantity = q.wants_quantity
        self._quantity: dict[frozenset[str], float] = {}
        self.plain = all(v and "\0" not in v for t in q.terms for v in t.variants)

    def section_bonus(self, kind: str) -> float:
        return self.bonus[kind if kind in ("plans", "problems") else ""]

    def shortlist(self, records: Sequence[Read]) -> list[Read]:
        """The candidates worth full scoring: best by plain term coverage and section."""
        if len(records) <= W.shortlist:
            return list(records)
        texts = [r.heading_text for r in records]
        sums: list[float] = [0] * len(texts)  # summed in term order, as ``sum`` would
        for _, term, number in self.found_by:
            weight = term.weight
            if number is not None:
                held = [k for k, text in enumerate(texts) if number.search(text)]
            elif len(term.variants) == 1:
                v = term.variants[0]
                held = [k for k, text in enumerate(texts) if v in text]
            else:
                held = [k for k, text in enumerate(texts) if _any_in(term.variants, text)]
            for k in held:
                sums[k] += weight
        total, bonus = self.total, self.section_bonus
        keys = [sums[k] / total + bonus(r.record.kind) for k, r in enumerate(records)]
        order = sorted(range(len(records)), key=keys.__getitem__, reverse=True)
        return [records[k] for k in order[: W.shortlist]]

    def score(self, read: Read) -> Scored:
        q, record, parts = self.q, read.record, read.parts
        section, text, total = record.section, record.text, self.total
        # credit for each term: from the heading, or else per window (fuzzy credit per passage)
        heading: list[float] = []
        present: list[tuple[int, Term, re.Pattern[str] | None]] = []
        missing: set[int] = set()
        for i, t, number in self.found_by:
            if number is not None:
                if number.search(section):
                    heading.append(t.weight)
                elif number.search(text):
                    present.append((i, t, number))
                else:
                    missing.add(i)
            elif _any_in(t.variants, section):
                heading.append(t.weight)
            elif _any_in(t.variants, text):
                present.append((i, t, None))
            else:
                missing.add(i)
        loose = [
            t.weight * W.loose_term
            for i, t in self.loose
            if i in missing
            and fuzz.partial_ratio(t.word, read.heading_text, score_cutoff=W.loose_ratio)
            >= W.loose_ratio
        ]
        fixed = sum(heading) + sum(loose)
        whole = (fixed + sum(t.weight for _, t, _ in present)) / total
        best, snippet, best_cov = self._best_window(read, present, fixed)
        fuzzy = fuzz.partial_ratio(q.core, snippet) / 100 if q.core else 0.0
        score = W.best_window * best + W.whole_passage * whole + W.fuzzy * fuzzy
        score += self.section_bonus(record.kind)
        if self.year_bonus is not None and record.year == self.year_bonus:
            score += W.preferred_year
        if self.lead_in and read.lead_in:
            score -= W.lead_in  # "…还存在一些问题与不足：" only leads in to the answer
        has_figure = not self.quantity or bool(FIGURE_UNIT.search(snippet) or "%" in snippet)
        if len(snippet) < 60 and snippet in parts:
            at = parts.index(snippet)
            if at + 1 < len(parts):
                snippet += parts[at + 1]  # a heading-like sentence alone says little
        return Scored(score, best_cov, trim(snippet), has_figure)

    def _masks(self, read: Read, present: Sequence[tuple[int, Term, re.Pattern[str] | None]]):  # type: ignore[no-untyped-def]
        """Which terms (bit i for term i) each sentence holds."""
        parts = read.parts
        if not read.joined or not self.plain:
            return [_mask(present, p) for p in parts]
        joined, starts = read.joined, read.starts
        masks = [0] * len(parts)
        last = len(parts) - 1
        for i, _, number in present:
            bit = 1 << i
            if number is not None:
                for m in number.finditer(joined):
                    masks[bisect_right(starts, m.start()) - 1] |= bit
                continue
            for v in self.terms[i].variants:
                at = joined.find(v)
                while at >= 0:
                    k = bisect_right(starts, at) - 1
                    masks[k] |= bit
                    if k == last:
                        break
                    at = joined.find(v, starts[k + 1])
        return masks

    def _best_window(
        self, read: Read, present: list[tuple[int, Term, re.Pattern[str] | None]], fixed: float
    ) -> tuple[float, str, float]:
        """The best sentence or pair of sentences: (value, text, term coverage).

        Terms and units are found once per sentence (a pair holds what its two sentences
        hold); proximity, worth at most 0.05, is measured only where it could still change
        the winner.
        """
        parts, units, lengths, total = read.parts, read.units, read.lengths, self.total
        masks = self._masks(read, present)
        weights = [(i, t.weight) for i, t, _ in present]
        covered: dict[int, float] = {}  # coverage of each set of terms a window holds
        quantity = self.quantity
        limit, penalty = W.long_window_chars, W.long_window
        # every window's value without proximity; then proximity, best first, only while it
        # could still win (the first window of the best value wins a tie, as in reading order)
        valued: list[tuple[float, int, int, float]] = []  # (value, start, end, coverage)
        n = len(parts)
        for end in (1, 2):
            for a in range(n - end + 1):
                b = a + end
                mask = masks[a] | masks[b - 1]
                cov = covered.get(mask)
                if cov is None:
                    held = 0
                    for i, w in weights:
                        if mask >> i & 1:
                            held += w
                    cov = covered[mask] = (fixed + held) / total
                long = (lengths[a] + lengths[b - 1] if end == 2 else lengths[a]) > limit
                value = cov - penalty * long
                if quantity:
                    value += self._quantity_bonus(units[a] | units[b - 1])
                valued.append((value, a, b, cov))
        order = sorted(range(len(valued)), key=lambda k: -valued[k][0])
        best, at, best_cov = -1.0, -1, 0.0
        for k in order:
            value, a, b, cov = valued[k]
            if value + W.proximity < best or (value + W.proximity == best and k > at):
                if value + W.proximity < best:
                    break
                continue
            value += W.proximity * _proximity(self.terms, "".join(parts[a:b]))
            if value > best or (at >= 0 and value == best and k < at):
                best, at, best_cov = value, k, cov
        if at < 0:
            return best, parts[0], best_cov
        _, a, b, _ = valued[at]
        return best, "".join(parts[a:b]), best_cov

    def _quantity_bonus(self, units: frozenset[str]) -> float:
        found = self._quantity.get(units)
        if found is None:
            found = self._quantity[units] = _quantity_bonus(self.q, units)
        return found


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
