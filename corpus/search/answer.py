"""Answer a question with the passages that hold the fact.

The full-text index gives candidates; term coverage, rapidfuzz and intent re-rank them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.errors import ReportNotFoundError, TownreportError
from corpus.places.catalog import years_stored
from corpus.places.gazetteer import gazetteer
from corpus.places.place import simplified, traditional
from corpus.places.scope import Scope
from corpus.reading.text import sentences
from corpus.search.query import FIGURE_UNIT, Question, Term, understand
from corpus.search.sections import report_in_scope, whole_part
from corpus.search.segment import index_tokens
from corpus.search.weights import WEIGHTS as W
from corpus.storage.store import Catalog, PassageRecord, Store


@dataclass(frozen=True)
class Hit:
    town: str
    year: int
    title: str
    section: str
    text: str
    snippet: str
    score: float
    passage_id: int
    whole: bool = False  # the text is a whole part of the report, not one passage


@dataclass(frozen=True)
class Nearest:
    """A section that came close to answering (but not close enough)."""

    town: str
    year: int
    section: str  # "" for the opening part


@dataclass(frozen=True)
class NoAnswer:
    """Why a question has no hit, as data: ``kind`` is empty (nothing stored), no_question
    (nothing to look for), places (a county's places were asked for: ``available`` holds
    them) or not_found (``nearest`` sections, if any came close)."""

    kind: str
    available: Mapping[str, Sequence[int]]  # what is stored (in the county, for places)
    nearest: tuple[Nearest, ...] = ()
    town: str | None = None  # the place the question was about
    county: str | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    hits: tuple[Hit, ...]
    # when there is no hit, why: a typed error (place not stored, ambiguous) or a NoAnswer
    reason: TownreportError | NoAnswer | None = field(default=None, compare=False)
    scope: Scope | None = None  # where the question looked: places, years, 去年 = 2025年

    @property
    def whole_section(self) -> bool:
        """The answer is one part of one report, whole (``hits[0].section`` names it)."""
        return bool(self.hits) and self.hits[0].whole


@dataclass(frozen=True)
class _Scored:
    score: float
    coverage: float
    snippet: str
    has_figure: bool

    @property
    def relevant(self) -> bool:
        return self.coverage >= W.min_coverage and self.score >= W.min_score and self.has_figure


def ask(
    store: Store,
    question: str,
    k: int = 3,
    town: str | None = None,
    year: int | None = None,
    today: date | None = None,
) -> Answer:
    """Rank stored passages for ``question``; no hit (and the reason) when nothing is relevant.

    ``town``/``year`` are filters; ``today`` dates 今年/去年/明年 (default: today). The scope
    (places, years) is resolved once, here, and carried by the answer.
    """
    available = store.available()
    if not available:
        return Answer(question, (), NoAnswer("empty", available))
    if not question or not question.strip() or not re.search(r"\w", question):
        return Answer(question, (), NoAnswer("no_question", available))
    try:
        q = understand(question, available, town=town, year=year, today=today)
    except TownreportError as exc:  # a place not stored, or several of that name
        return Answer(question, (), exc)
    scope = q.scope
    years = list(scope.years)
    stored = _stored(available, scope.places)
    if years and not stored & set(years):
        missing = ReportNotFoundError(scope.town or "", _said_year(q), available)
        return Answer(question, (), missing, scope)
    if q.section:
        whole = _whole_section(store, q, available)
        if whole is not None:
            return Answer(question, (whole,), scope=scope)
    if not q.has_content and scope.county and scope.asks_place:  # "西青区有哪些镇"
        listed = {p: available[p] for p in scope.places}
        return Answer(question, (), NoAnswer("places", listed, county=scope.county), scope)
    if not q.has_content:
        return Answer(question, (), NoAnswer("no_question", available), scope)
    records = [_read(r) for r in _candidates(store, q, years)]
    ranked = sorted(
        ((_score(q, r), r) for r in _shortlist(q, records)),
        key=lambda x: x[0].score,
        reverse=True,
    )
    hits = tuple(_hit(r, s) for s, r in ranked[:k] if s.relevant)
    if hits:
        return Answer(question, hits, scope=scope)
    return Answer(
        question, (), _nearest([(s, r.record) for s, r in ranked], available, scope.town), scope
    )


def prepare(store: Store) -> None:
    """Read now what a process's first question would: the stored places with their forms
    and counties, the division table, the tokenizer's dictionary and the character
    converters (a long-running process, such as the bot, calls it at start)."""
    catalog = store.available()
    catalog.owners()
    catalog.counties_in("")
    gazetteer()
    index_tokens("法治政府建设")
    simplified("法治"), traditional("法治")


def _whole_section(store: Store, q: Question, available: Catalog) -> Hit | None:
    """The part asked for, whole, as one cited hit: when the scope points at one report."""
    found = report_in_scope(q.scope.places, q.scope.years, available)
    if found is None or not q.section:
        return None
    part = whole_part(store, q.scope.stored(found[0]), found[1], q.section)
    if part is None or not part.text:
        return None
    info = part.report
    passages = store.town_passages(q.scope.stored(info.town), [info.year])
    ids = {r.ordinal: r.id for r in passages}
    return Hit(
        info.town,
        info.year,
        info.title,
        part.heading,
        part.text,
        _trim(part.text),
        1.0,
        ids.get(part.first_passage, 0),
        whole=True,
    )


@dataclass(frozen=True)
class _Read:
    """A passage as the scoring reads it: what depends on the passage alone, worked out once
    per process (a question scores the same candidates as the questions before it)."""

    record: PassageRecord  # as compared with the question: simplified characters
    original: PassageRecord  # as stored, to quote
    parts: tuple[str, ...]  # its sentences (the text whole if it has none)
    units: tuple[frozenset[str], ...]  # the figure units of each sentence
    heading_text: str  # heading and text, as the shortlist reads them


@lru_cache(maxsize=20_000)
def _read(record: PassageRecord) -> _Read:
    compared = _simplified(record)
    parts = tuple(sentences(compared.text) or [compared.text])
    units = tuple(frozenset(FIGURE_UNIT.findall(p)) for p in parts)
    return _Read(compared, record, parts, units, compared.section + compared.text)


def _simplified(record: PassageRecord) -> PassageRecord:
    """A report written in traditional characters is matched in simplified ones (and
    quoted as written)."""
    text, section = simplified(record.text), simplified(record.section)
    if text == record.text and section == record.section:
        return record
    return replace(record, text=text, section=section)


def _hit(read: _Read, s: _Scored) -> Hit:
    """The hit, quoted as stored (a snippet found in the simplified text is cut from the
    text as written)."""
    r, compared, snippet = read.original, read.record.text, s.snippet
    if compared != r.text:
        start = compared.find(snippet.rstrip("…"))
        if start >= 0:
            snippet = r.text[start : start + len(snippet.rstrip("…"))] + (
                "…" if snippet.endswith("…") else ""
            )
    return Hit(r.town, r.year, r.title, r.section, r.text, snippet, round(s.score, 4), r.id)


def _said_year(q: Question) -> int:
    """The year the question meant (the plan's year is the one asked about, not looked in)."""
    relative = q.scope.relative
    if relative is not None and not q.wants_plan:
        return relative.year
    return q.scope.years[0]


def _stored(available: Catalog, places: Sequence[str]) -> set[int]:
    return years_stored(available, places)


def _candidates(store: Store, q: Question, years: list[int]) -> list[PassageRecord]:
    """A few places' reports are read whole (by the report index); otherwise the full-text
    index is asked with the question's most selective tokens."""
    if q.scope.places and len(q.scope.places) <= W.places_read_whole:
        return [r for p in q.scope.places for r in store.town_passages(q.scope.stored(p), years)]
    tokens = _index_tokens(q.terms)
    share = store.token_frequencies(tokens)
    chosen: list[str] = []
    covered = 0.0
    for token in sorted(
        (t for t in tokens if share.get(t) != 0.0), key=lambda t: share.get(t, 0.0)
    ):
        if len(chosen) >= W.min_tokens and covered + share.get(token, 0.0) > W.max_share:
            break
        chosen.append(token)
        covered += share.get(token, 0.0)
    found = store.passages(store.candidates(chosen, years or None, W.candidates))
    if q.scope.places:  # a county of many places: the index's candidates within it
        inside = set(q.scope.places)
        found = [r for r in found if r.town in inside]
    return found


def _index_tokens(terms: Sequence[Term]) -> list[str]:
    tokens: dict[str, None] = {}
    for term in sorted(terms, key=lambda t: t.weight, reverse=True):
        for variant in dict.fromkeys((*term.variants, *map(traditional, term.variants))):
            for tok in index_tokens(variant):
                if len(tok) > 1 or tok.isdigit():
                    tokens[tok] = None
    return list(tokens)[:40]


def _shortlist(q: Question, records: Sequence[_Read]) -> list[_Read]:
    """The candidates worth full scoring: best by plain term coverage and section."""
    if len(records) <= W.shortlist:
        return list(records)
    total = sum(t.weight for t in q.terms) or 1.0

    def quick(read: _Read) -> float:
        text = read.heading_text
        cov = sum(t.weight for t in q.terms if _contains(t, text)) / total
        return cov + _section_bonus(q, read.record)

    return sorted(records, key=quick, reverse=True)[: W.shortlist]


def score_passage(q: Question, record: PassageRecord) -> _Scored:
    """Score one passage: term coverage of its best sentences, fuzzy similarity and intent."""
    return _score(q, _read(record))


def _score(q: Question, read: _Read) -> _Scored:
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
    return _Scored(score, best_cov, _trim(snippet), has_figure)


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


def _trim(snippet: str, limit: int = 200) -> str:
    return snippet if len(snippet) <= limit else snippet[: limit - 1] + "…"


def _nearest(
    ranked: Sequence[tuple[_Scored, PassageRecord]],
    available: Catalog,
    town: str | None,
) -> NoAnswer:
    close = [r for s, r in ranked[:3] if s.coverage >= W.min_coverage * W.nearest_coverage]
    nearest = tuple(dict.fromkeys(Nearest(r.town, r.year, r.section) for r in close))
    return NoAnswer("not_found", available, nearest, town)
