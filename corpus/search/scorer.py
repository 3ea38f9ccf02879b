"""Scoring the candidates of one question: what depends on the question is worked out once
(:class:`Scorer`), and only the candidates that could still reach the top are scored in full
(:meth:`Scorer.ranked`). Where the package was built with a C compiler, the shortlist and
the ranking run compiled (:mod:`corpus.search.ranker`, the same sums in the same order);
this module's Python is the reference, and the path of a build without one."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.search.pool import Pool
from corpus.search.query import FIGURE_UNIT, Question, Term
from corpus.search.scoring import (
    Read,
    Scored,
    _any_in,
    _mask,
    _number_pattern,
    _proximity,
    _quantity_bonus,
    _section_bonus,
    closeness,
    trim,
)
from corpus.search.weights import WEIGHTS as W

try:  # the ranking compiled (setup.py); without it, the same results in Python
    from corpus.search.ranker import MAX_TERMS, MAX_UNITS, Ranker
except ImportError:  # pragma: no cover (a build without a C compiler)
    Ranker, MAX_TERMS, MAX_UNITS = None, 0, 0  # type: ignore[assignment, misc]

COMPILED = Ranker is not None

Found = tuple[list[float], list[tuple[int, Term, "re.Pattern[str] | None"]], set[int]]


class Scorer:
    """Scores passages for one question. A score is the best sentence (pair)'s term coverage,
    the whole passage's, rapidfuzz's similarity and the bonuses (:mod:`weights`); each term
    is looked for once in a passage's joined sentences, not once per sentence."""

    def __init__(self, q: Question, compiled: bool = COMPILED) -> None:
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
        # the most a window's units can add (in the bound): every asked unit stated, or any
        # figure when none is asked for; _quantity_bonus itself, so the same operations
        self.most_quantity = (
            _quantity_bonus(q, frozenset(q.asked_units)) if q.asked_units else W.any_figure
        )
        self.variants = [(i, v) for i, t in enumerate(q.terms) for v in t.variants]
        # whether a text holds a term: its words that hold none of its others (a text holding
        # 法律顾问团 holds 法律顾问; 请律师 and 驻镇律师, 律师), the same answer in fewer looks
        self.holds = [_least_words(t.variants) for t in q.terms]
        self.core = q.core
        self.chars = {c for _, v in self.variants for c in v}
        self.numbers = {i for i, _, number in self.found_by if number is not None}
        self.plain = all(v and "\0" not in v for t in q.terms for v in t.variants)
        self.ranker: Ranker | None = None  # the compiled ranking, where built and it applies
        if (
            compiled
            and Ranker is not None
            and self.plain
            and len(q.terms) <= MAX_TERMS
            and len(q.asked_units) <= MAX_UNITS
        ):
            self.ranker = Ranker(
                self, W, _loosely_in, fuzz.partial_ratio, Scored, trim, FIGURE_UNIT
            )

    def section_bonus(self, kind: str) -> float:
        return self.bonus.get(kind, self.bonus[""])  # any other part as ""

    def shortlist(self, records: Sequence[Read] | Pool) -> list[Read]:
        """The candidates worth full scoring: best by plain term coverage and section (in a
        :class:`Pool`, a word is looked for only where its pairs of characters all stand)."""
        pool = records if isinstance(records, Pool) else None
        if self.ranker is not None:
            return self.ranker.shortlist(records, pool, W.shortlist)
        reads = pool.reads if pool is not None else records
        if len(reads) <= W.shortlist:
            return list(reads)
        texts = pool.texts if pool is not None else [r.heading_text for r in reads]
        sums: list[float] = [0] * len(texts)  # summed in term order, as ``sum`` would
        for i, term, number in self.found_by:
            weight, words = term.weight, self.holds[i]
            if number is not None:
                held = [k for k, text in enumerate(texts) if number.search(text)]
            elif pool is not None:
                held = pool.holding_any(words)
            elif len(words) == 1:
                v = words[0]
                held = [k for k, text in enumerate(texts) if v in text]
            else:
                held = [k for k, text in enumerate(texts) if _any_in(words, text)]
            for k in held:
                sums[k] += weight
        total, bonus = self.total, self.bonus
        kinds = pool.kinds if pool is not None else [r.record.kind for r in reads]
        other = bonus[""]  # as section_bonus reads it, without a call per passage
        keys = [
            held / total + bonus.get(kind, other) for held, kind in zip(sums, kinds, strict=True)
        ]
        order = sorted(range(len(reads)), key=keys.__getitem__, reverse=True)
        return [reads[k] for k in order[: W.shortlist]]

    def score(self, read: Read) -> Scored:
        return self._score(read, self._found(read))

    def ranked(self, reads: Sequence[Read], keep: int) -> list[tuple[Scored, Read]]:
        """``reads`` by score, best first (ties in the order given), exactly as far as the
        first ``keep``: a candidate whose score cannot pass the ``keep``-th best so far (at
        most ties it, and comes after it in the order given) is not scored in full, and not
        listed. Candidates are taken by bound, best first (ties in the order given), so once
        one cannot, none after it can."""
        if self.ranker is not None:
            return self.ranker.ranked(reads, keep, self)
        found = [self._found(r) for r in reads]
        bounds = [self._bound(r, f) for r, f in zip(reads, found, strict=True)]
        scored: list[tuple[float, int, Scored]] = []
        least, last = float("-inf"), -1  # the keep-th best score so far, and its position
        for n in sorted(range(len(reads)), key=bounds.__getitem__, reverse=True):
            if len(scored) >= keep and (bounds[n] < least or (bounds[n] == least and n > last)):
                break  # and so would every one after it
            s = self._score(reads[n], found[n])
            scored.append((-s.score, n, s))
            if len(scored) >= keep:
                kth = sorted(scored)[keep - 1]
                least, last = -kth[0], kth[1]
        scored.sort(key=lambda x: (x[0], x[1]))
        return [(s, reads[n]) for _, n, s in scored]

    def _found(self, read: Read) -> Found:
        """Which terms the heading holds (their weights), which the text (looked for per
        window later) and which neither."""
        section, text = read.record.section, read.record.text
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
            elif _any_in(self.holds[i], section):
                heading.append(t.weight)
            elif _any_in(self.holds[i], text):
                present.append((i, t, None))
            else:
                missing.add(i)
        return heading, present, missing

    def _bound(self, read: Read, found: Found) -> float:
        """At least the passage's score: every term found only fuzzily counted, the best
        window as good as the whole passage with every bonus, the fuzzy similarity 1. Worked
        out as the score is, the same operations in the same order on values each at least
        the score's (rounding is monotone), so that it is never below the score, not even
        in the last bit, and a candidate that can only tie is known (:meth:`ranked`)."""
        heading, present, missing = found
        loose = sum(t.weight * W.loose_term for i, t in self.loose if i in missing)
        whole = (sum(heading) + loose + sum(t.weight for _, t, _ in present)) / self.total
        best = whole - 0.0  # a window's coverage, less no penalty (as _best_window)
        if self.quantity:
            best += self.most_quantity
        best += W.proximity * 1.0
        bound = W.best_window * best + W.whole_passage * whole + W.fuzzy * 1.0
        return self._with_bonuses(read, bound)

    def _with_bonuses(self, read: Read, value: float) -> float:
        """``value`` with the bonuses of the passage's part, the preferred year and a
        lead-in, added in that order (the score's and the bound's alike)."""
        value += self.section_bonus(read.record.kind)
        if self.year_bonus is not None and read.record.year == self.year_bonus:
            value += W.preferred_year
        if self.lead_in and read.lead_in:
            value -= W.lead_in  # "…还存在一些问题与不足：" only leads in to the answer
        return value

    def _score(self, read: Read, found: Found) -> Scored:
        parts, total = read.parts, self.total
        # credit for each term: from the heading, or else per window (fuzzy credit per passage)
        heading, present, missing = found
        loose = [
            t.weight * W.loose_term
            for i, t in self.loose
            if i in missing and _loosely_in(t.word, read.heading_text)
        ]
        fixed = sum(heading) + sum(loose)
        whole = (fixed + sum(t.weight for _, t, _ in present)) / total
        best, snippet, best_cov = self._best_window(read, present, fixed, missing)
        fuzzy = fuzz.partial_ratio(self.core, snippet) / 100 if self.core else 0.0
        score = self._with_bonuses(
            read, W.best_window * best + W.whole_passage * whole + W.fuzzy * fuzzy
        )
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
        self,
        read: Read,
        present: list[tuple[int, Term, re.Pattern[str] | None]],
        fixed: float,
        missing: set[int],
    ) -> tuple[float, str, float]:
        """The best sentence or pair of sentences: (value, text, term coverage).

        Terms and units are found once per sentence (a pair holds what its two sentences
        hold); proximity, worth at most 0.05, is measured only where it could still change
        the winner.
        """
        parts, units, lengths, total = read.parts, read.units, read.lengths, self.total
        fast = bool(read.joined) and self.plain
        if fast:
            matches, held = self._matches(read, missing)
            masks = self._masks_of(read, present, held)
        else:
            matches, masks = [], self._masks(read, present)
        weights = [(i, t.weight) for i, t, _ in present]
        covered: dict[int, float] = {}  # coverage of each set of terms a window holds
        quantity = self.quantity
        limit, penalty = W.long_window_chars, W.long_window
        # every window's value without proximity; then proximity, best first, only while it
        # could still win (the first window of the best value wins a tie, as in reading order)
        valued: list[tuple[float, int, int, float]] = []  # (value, start, end, coverage)
        n = len(parts)
        for a in range(n):  # each sentence, then each pair
            mask = masks[a]
            cov = covered.get(mask)
            if cov is None:
                cov = covered[mask] = (fixed + _weight_of(weights, mask)) / total
            value = cov - penalty * (lengths[a] > limit)
            if quantity:
                value += self._quantity_bonus(units[a])
            valued.append((value, a, a + 1, cov))
        for a in range(n - 1):
            mask = masks[a] | masks[a + 1]
            cov = covered.get(mask)
            if cov is None:
                cov = covered[mask] = (fixed + _weight_of(weights, mask)) / total
            value = cov - penalty * (lengths[a] + lengths[a + 1] > limit)
            if quantity:
                value += self._quantity_bonus(units[a] | units[a + 1])
            valued.append((value, a, a + 2, cov))
        keys = [-v[0] for v in valued]
        order = sorted(range(len(valued)), key=keys.__getitem__)
        best, at, best_cov = -1.0, -1, 0.0
        proximity = W.proximity
        for k in order:
            value, a, b, cov = valued[k]
            if value + proximity < best or (value + proximity == best and k > at):
                if value + proximity < best:
                    break
                continue
            if fast:
                value += proximity * self._proximity(read, a, b, matches)
            else:
                value += proximity * _proximity(self.terms, "".join(parts[a:b]))
            if value > best or (at >= 0 and value == best and k < at):
                best, at, best_cov = value, k, cov
        if at < 0:
            return best, parts[0], best_cov
        _, a, b, _ = valued[at]
        return best, "".join(parts[a:b]), best_cov

    def _masks_of(
        self,
        read: Read,
        present: Sequence[tuple[int, Term, re.Pattern[str] | None]],
        held: list[int],
    ) -> list[int]:
        """Which present terms (bit i for term i) each sentence holds, from the terms its
        matches hold (a number by its pattern: "1" must not match inside "2021")."""
        wanted = 0
        for i, _, number in present:
            if number is None:
                wanted |= 1 << i
        masks = [mask & wanted for mask in held]
        for i, _, number in present:
            if number is not None:
                bit = 1 << i
                for m in number.finditer(read.joined):
                    masks[bisect_right(read.starts, m.start()) - 1] |= bit
        return masks

    def _proximity(self, read: Read, a: int, b: int, matches: list[list[tuple[int, int]]]) -> float:
        """:func:`scoring._proximity` of sentences a to b, from every term's matches in each
        sentence, found once per passage (a pair adds the matches across its join)."""
        parts = read.parts
        if b == a + 1:
            return closeness(list(matches[a]), read.lengths[a])
        first, second = parts[a], parts[a + 1]
        shift = len(first)
        positions = [*matches[a], *((p + shift, i) for p, i in matches[a + 1])]
        if not (first and second and first[-1] in self.chars and second[0] in self.chars):
            return closeness(positions, shift + len(second))  # no word can cross the join
        for i, v in self.variants:
            if len(v) > 1:  # a match across the join: it starts in the first sentence
                tail = first[-(len(v) - 1) :]
                joint = tail + second[: len(v) - 1]
                start, base = joint.find(v), shift - len(tail)
                while start >= 0:
                    positions.append((base + start, i))
                    start = joint.find(v, start + 1)
        return closeness(positions, shift + len(second))

    def _matches(
        self, read: Read, missing: set[int]
    ) -> tuple[list[list[tuple[int, int]]], list[int]]:
        """(position, term index) of every match of every term in each sentence, and which
        terms (bit i for term i) each sentence holds; not looked for, the matches of a word
        the text does not hold (``missing``; a number is, as digits)."""
        joined, starts = read.joined, read.starts
        found: list[list[tuple[int, int]]] = [[] for _ in read.parts]
        held = [0] * len(found)
        numbers = self.numbers
        for i, v in self.variants:
            if i in missing and i not in numbers:
                continue
            at = joined.find(v)
            if at < 0:
                continue
            bit = 1 << i
            while at >= 0:
                k = bisect_right(starts, at) - 1
                found[k].append((at - starts[k], i))
                held[k] |= bit
                at = joined.find(v, at + 1)
        return found, held

    def _quantity_bonus(self, units: frozenset[str]) -> float:
        found = self._quantity.get(units)
        if found is None:
            found = self._quantity[units] = _quantity_bonus(self.q, units)
        return found


@lru_cache(maxsize=20_000)
def _least_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` less each that holds another of them (in the order given; worked out once
    per term's words: the same words come back question after question)."""
    words = tuple(dict.fromkeys(words))
    return tuple(w for w in words if not any(o != w and o in w for o in words))


def _weight_of(weights: list[tuple[int, float]], mask: int) -> float:
    """The summed weight of the terms in ``mask``, in term order (as ``sum`` adds them)."""
    held = 0
    for i, w in weights:
        if mask >> i & 1:
            held += w
    return held


def _loosely_in(word: str, text: str) -> bool:
    """rapidfuzz's partial ratio of ``word`` in ``text`` reaches ``loose_ratio``. Not asked
    when it cannot: each alignment compares the whole ``word`` with a part of ``text``
    whose common subsequence with it holds at most the I characters of ``word`` found in
    ``text`` at all (and no more than the part's length), so the ratio is at most
    200·I / (len(word) + I)."""
    if len(word) < len(text):
        held = sum(1 for c in word if c in text)
        if 200 * held < (W.loose_ratio - 1e-6) * (len(word) + held):
            return False
    return fuzz.partial_ratio(word, text, score_cutoff=W.loose_ratio) >= W.loose_ratio
