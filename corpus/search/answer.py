"""Answer a question with the passages that hold the fact.

The full-text index gives candidates; term coverage, rapidfuzz and intent re-rank them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from corpus.errors import ReportNotFoundError, TownreportError
from corpus.places.catalog import PlaceCatalog, StoredPlace, years_stored
from corpus.places.gazetteer import gazetteer
from corpus.places.place import simplified, traditional
from corpus.places.scope import Scope
from corpus.search.pool import Pool
from corpus.search.query import Question, Term, understand
from corpus.search.scorer import Scorer
from corpus.search.scoring import Read, Scored, read, trim
from corpus.search.sections import WholeSection, report_in_scope, whole_part
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
    candidates = _candidates(store, q, years, available)
    scoring = Scorer(q)
    # what is read of it: the first k (the hits) and the first three (the nearest sections)
    ranked = scoring.ranked(scoring.shortlist(candidates), max(k, 3))
    hits = tuple(_hit(r, s) for s, r in ranked[:k] if s.relevant)
    if hits:
        return Answer(question, hits, scope=scope)
    return Answer(
        question, (), _nearest([(s, r.record) for s, r in ranked], available, scope.town), scope
    )


def prepare(store: Store) -> None:
    """Read now what a process's first question would: the stored places with their forms
    and counties, the division table, the tokenizer's dictionary and the character
    converters, and one question asked (a long-running process, such as the bot, calls it
    at start)."""
    catalog = store.available()
    catalog.owners()
    catalog.named_in("")  # the forms' first characters
    catalog.by_year()
    catalog.counties_in("")
    gazetteer()
    index_tokens("法治政府建设")
    simplified("法治"), traditional("法治")
    # one question through the whole path: the statements compiled, the patterns built, the
    # database connection's plans and statistics read (the first question after it, at
    # 100,000 reports: 49 → 32 ms)
    ask(store, "法治政府建设", k=1)


def _whole_section(store: Store, q: Question, available: PlaceCatalog) -> Hit | None:
    """The part asked for, whole, as one cited hit: when the scope points at one report."""
    found = report_in_scope(q.scope.places, q.scope.years, available)
    if found is None or not q.section:
        return None
    place, year, kind = q.scope.stored(found[0]), found[1], q.section
    # a report's part is the same for every question until a report is stored or removed
    part, first = store.kept(
        ("whole part", place.id, year, kind),
        lambda: _part_and_first(store, place, year, kind, available),
        available,
    )
    if part is None or not part.text:
        return None
    info = part.report
    return Hit(
        info.town,
        info.year,
        info.title,
        part.heading,
        part.text,
        trim(part.text),
        1.0,
        first,
        whole=True,
    )


def _part_and_first(
    store: Store, place: StoredPlace, year: int, kind: str, available: PlaceCatalog
) -> tuple[WholeSection | None, int]:
    """Part ``kind`` of the report, whole, and the id of its first passage (0: none)."""
    part = whole_part(store, place, year, kind)
    if part is None or not part.text:
        return part, 0
    passages = store.town_passages(place, [part.report.year], available)
    ids = {r.ordinal: r.id for r in passages}
    return part, ids.get(part.first_passage, 0)


def _hit(read: Read, s: Scored) -> Hit:
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


def _candidates(
    store: Store, q: Question, years: list[int], catalog: PlaceCatalog
) -> Pool | list[Read]:
    """A few places' reports are read whole (by the report index, kept as a :class:`Pool`
    for the questions after); otherwise the full-text index is asked with the question's
    most selective tokens (read as of ``catalog``)."""
    if q.scope.places and len(q.scope.places) <= W.places_read_whole:
        places = [q.scope.stored(p) for p in q.scope.places]
        key = ("pool", tuple(p.id for p in places), tuple(years))
        return store.kept(key, lambda: _pool(store, places, years, catalog), catalog, len)
    return [read(r) for r in _found(store, q, years, catalog)]


def _pool(
    store: Store, places: Sequence[StoredPlace], years: list[int], catalog: PlaceCatalog
) -> Pool:
    return Pool(read(r) for p in places for r in store.town_passages(p, years, catalog))


def _found(
    store: Store, q: Question, years: list[int], catalog: PlaceCatalog
) -> list[PassageRecord]:
    """The full-text index's candidates for the question's most selective tokens."""
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
    found = store.passages(store.candidates(chosen, years or None, W.candidates, share), catalog)
    if q.scope.places:  # a county of many places: the index's candidates within it
        inside = set(q.scope.places)
        found = [r for r in found if r.town in inside]
    return found


def _index_tokens(terms: Sequence[Term]) -> list[str]:
    tokens: dict[str, None] = {}
    for term in sorted(terms, key=lambda t: t.weight, reverse=True):
        tokens.update(dict.fromkeys(_variant_tokens(term.variants)))
    return list(tokens)[:40]


@lru_cache(maxsize=20_000)
def _variant_tokens(variants: tuple[str, ...]) -> tuple[str, ...]:
    """The index tokens of a word's variants, as written and in traditional characters
    (worked out once per word: the same words come back question after question)."""
    tokens: dict[str, None] = {}
    for variant in dict.fromkeys((*variants, *map(traditional, variants))):
        for tok in index_tokens(variant):
            if len(tok) > 1 or tok.isdigit():
                tokens[tok] = None
    return tuple(tokens)


def _nearest(
    ranked: Sequence[tuple[Scored, PassageRecord]],
    available: Catalog,
    town: str | None,
) -> NoAnswer:
    close = [r for s, r in ranked[:3] if s.coverage >= W.min_coverage * W.nearest_coverage]
    nearest = tuple(dict.fromkeys(Nearest(r.town, r.year, r.section) for r in close))
    return NoAnswer("not_found", available, nearest, town)
