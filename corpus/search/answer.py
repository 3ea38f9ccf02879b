"""Answer a question with the passages that hold the fact.

The full-text index gives candidates; term coverage, rapidfuzz and intent re-rank them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.errors import ReportNotFoundError, TownreportError, towns_listing
from corpus.places.place import simplified, traditional
from corpus.places.scope import Scope
from corpus.reading import outline
from corpus.reading.text import sentences
from corpus.search.query import ALL_UNITS, Question, Term, understand
from corpus.search.sections import report_in_scope, whole_part
from corpus.search.segment import index_tokens
from corpus.storage.store import Catalog, PassageRecord, Store

CANDIDATES = 50
PLACES_READ_WHOLE = 40  # a county's places are read whole up to this many
SHORTLIST = 20  # candidates that get the full (per-sentence) scoring
MIN_TOKENS = 1  # the full-text query uses at least the rarest of the question's tokens …
MAX_SHARE = 0.02  # … and more only while they match at most this share of all passages
MIN_COVERAGE = 0.45  # share of the question's weighted terms the best sentences must contain
MIN_SCORE = 0.42
FIGURE_UNIT = re.compile(
    rf"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)(?:余|多)?({ALL_UNITS}|%)"
)


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
class Answer:
    question: str
    hits: tuple[Hit, ...]
    hint: str | None = None  # said when there is no hit: what exists, how to ask
    reason: TownreportError | None = field(default=None, compare=False)  # the why, as data
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
        return self.coverage >= MIN_COVERAGE and self.score >= MIN_SCORE and self.has_figure


def ask(
    store: Store,
    question: str,
    k: int = 3,
    town: str | None = None,
    year: int | None = None,
    today: date | None = None,
) -> Answer:
    """Rank stored passages for ``question``; no hit (and a hint) when nothing is relevant.

    ``town``/``year`` are filters; ``today`` dates 今年/去年/明年 (default: today). The scope
    (places, years) is resolved once, here, and carried by the answer.
    """
    available = store.available()
    if not available:
        return Answer(question, (), _examples(available), ReportNotFoundError("", None, {}))
    if not question or not question.strip() or not re.search(r"\w", question):
        return Answer(question, (), _examples(available))
    try:
        q = understand(question, available, town=town, year=year, today=today)
    except TownreportError as exc:  # a place not stored, or several of that name
        return Answer(question, (), str(exc), exc)
    scope = q.scope
    years = list(scope.years)
    stored = _stored(available, scope.places)
    if years and not stored & set(years):
        missing = ReportNotFoundError(scope.town or "", _said_year(q), available)
        return Answer(question, (), str(missing), missing, scope)
    if q.section:
        whole = _whole_section(store, q, available)
        if whole is not None:
            return Answer(question, (whole,), scope=scope)
    if not q.has_content and scope.county and scope.asks_place:  # "西青区有哪些镇"
        listed = towns_listing({p: available[p] for p in scope.places}, most=50)
        return Answer(question, (), f"{scope.county}已导入报告的地方：{listed}。", scope=scope)
    if not q.has_content:
        return Answer(question, (), _examples(available), scope=scope)
    records = [_simplified(r) for r in _candidates(store, q, years)]
    ranked = sorted(
        ((score_passage(q, r), r) for r, _ in _shortlist(q, records)),
        key=lambda x: x[0].score,
        reverse=True,
    )
    originals = {r.id: o for r, o in records}
    hits = tuple(_hit(originals[r.id], s) for s, r in ranked[:k] if s.relevant)
    if hits:
        return Answer(question, hits, scope=scope)
    return Answer(question, (), _nearest(ranked, available, scope.town), scope=scope)


def _whole_section(store: Store, q: Question, available: Catalog) -> Hit | None:
    """The part asked for, whole, as one cited hit: when the scope points at one report."""
    found = report_in_scope(q.scope.places, q.scope.years, available)
    part = whole_part(store, *found, q.section) if found and q.section else None
    if part is None or not part.text:
        return None
    info = part.report
    ids = {r.ordinal: r.id for r in store.town_passages(info.town, [info.year])}
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


def _simplified(record: PassageRecord) -> tuple[PassageRecord, PassageRecord]:
    """(as compared with the question, as stored): a report written in traditional characters
    is matched in simplified ones and quoted as written."""
    text, section = simplified(record.text), simplified(record.section)
    if text == record.text and section == record.section:
        return record, record
    return replace(record, text=text, section=section), record


def _hit(r: PassageRecord, s: _Scored) -> Hit:
    snippet = s.snippet
    start = simplified(r.text).find(snippet.rstrip("…"))
    if start >= 0 and simplified(r.text) != r.text:
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
    return {y for p in (places or list(available)) for y in available[p]}


def _candidates(store: Store, q: Question, years: list[int]) -> list[PassageRecord]:
    """A few places' reports are read whole (by the report index); otherwise the full-text
    index is asked with the question's most selective tokens."""
    if q.scope.places and len(q.scope.places) <= PLACES_READ_WHOLE:
        return [r for p in q.scope.places for r in store.town_passages(p, years)]
    tokens = _index_tokens(q.terms)
    share = store.token_frequencies(tokens)
    chosen: list[str] = []
    covered = 0.0
    for token in sorted(
        (t for t in tokens if share.get(t) != 0.0), key=lambda t: share.get(t, 0.0)
    ):
        if len(chosen) >= MIN_TOKENS and covered + share.get(token, 0.0) > MAX_SHARE:
            break
        chosen.append(token)
        covered += share.get(token, 0.0)
    found = store.passages(store.candidates(chosen, years or None, CANDIDATES))
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


def _shortlist(
    q: Question, records: Sequence[tuple[PassageRecord, PassageRecord]]
) -> list[tuple[PassageRecord, PassageRecord]]:
    """The candidates worth full scoring: best by plain term coverage and section."""
    if len(records) <= SHORTLIST:
        return list(records)
    total = sum(t.weight for t in q.terms) or 1.0

    def quick(pair: tuple[PassageRecord, PassageRecord]) -> float:
        r = pair[0]
        text = r.section + r.text
        cov = sum(t.weight for t in q.terms if _contains(t, text)) / total
        return cov + _section_bonus(q, r)

    return sorted(records, key=quick, reverse=True)[:SHORTLIST]


def score_passage(q: Question, record: PassageRecord) -> _Scored:
    """Score one passage: term coverage of its best sentences, fuzzy similarity and intent."""
    parts = sentences(record.text) or [record.text]
    total = sum(t.weight for t in q.terms) or 1.0
    # credit for each term: from the heading, or else per window (fuzzy credit per passage)
    heading = {i: t.weight for i, t in enumerate(q.terms) if _contains(t, record.section)}
    in_text = {i for i, t in enumerate(q.terms) if i not in heading and _contains(t, record.text)}
    loose = {
        i: t.weight * 0.5
        for i, t in enumerate(q.terms)
        if i not in heading
        and i not in in_text
        and len(t.word) >= 3
        and fuzz.partial_ratio(t.word, record.section + record.text) >= 75
    }
    fixed = sum(heading.values()) + sum(loose.values())
    present = [(i, t) for i, t in enumerate(q.terms) if i in in_text]  # sentences hold no other
    whole = (fixed + sum(t.weight for _, t in present)) / total
    best, snippet, best_cov = _best_window(q, parts, present, fixed, total)
    fuzzy = fuzz.partial_ratio(q.core, snippet) / 100 if q.core else 0.0
    score = 0.55 * best + 0.25 * whole + 0.2 * fuzzy + _section_bonus(q, record)
    if q.preferred_year is not None and record.year == q.preferred_year:
        score += 0.05
    if (q.wants_problem or q.wants_plan) and record.text.rstrip().endswith(("：", ":")):
        score -= 0.15  # "…还存在一些问题与不足：" only leads in to the answer
    has_figure = not q.wants_quantity or bool(FIGURE_UNIT.search(snippet) or "%" in snippet)
    if len(snippet) < 60 and snippet in parts and parts.index(snippet) + 1 < len(parts):
        snippet += parts[parts.index(snippet) + 1]  # a heading-like sentence alone says little
    return _Scored(score, best_cov, _trim(snippet), has_figure)


def _best_window(
    q: Question, parts: list[str], present: list[tuple[int, Term]], fixed: float, total: float
) -> tuple[float, str, float]:
    """The best sentence or pair of sentences: (value, text, term coverage).

    Terms and units are found once per sentence (a pair holds what its two sentences hold);
    proximity, worth at most 0.05, is measured only where it could still change the winner.
    """
    weight = {i: t.weight for i, t in present}
    found = [{i for i, t in present if _contains(t, p)} for p in parts]
    units = [set(FIGURE_UNIT.findall(p)) for p in parts]
    spans = [(a, a + 1) for a in range(len(parts))] + [(a, a + 2) for a in range(len(parts) - 1)]
    best, snippet, best_cov = -1.0, parts[0], 0.0
    for a, b in spans:
        window = "".join(parts[a:b])
        cov = (fixed + sum(weight[i] for i in set().union(*found[a:b]))) / total
        value = cov - 0.02 * (len(window) > 200) + _quantity_bonus(q, set().union(*units[a:b]))
        if value + 0.05 <= best:
            continue
        value += 0.05 * _proximity(q.terms, window)
        if value > best:
            best, snippet, best_cov = value, window, cov
    return best, snippet, best_cov


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
    return min(1.0, 8.0 * wanted / max(best, 1))


def _quantity_bonus(q: Question, units: set[str]) -> float:
    """Quantity questions prefer sentences stating a figure, best in the unit asked for."""
    if not q.wants_quantity:
        return 0.0
    if not units:
        return -0.05
    if not q.asked_units:
        return 0.03
    found = sum(1 for u in q.asked_units if u in units)
    return 0.03 + 0.07 * found / len(q.asked_units)


def _section_bonus(q: Question, record: PassageRecord) -> float:
    top = record.section.split(" › ", 1)[0]
    named = outline.kinds(top)
    is_plan, is_problem = "plans" in named, "problems" in named
    bonus = 0.0
    if q.wants_plan:
        bonus += 0.12 if is_plan else -0.04
    if q.wants_problem:
        bonus += 0.12 if is_problem else -0.04
    if not q.wants_plan and not q.wants_problem and (is_plan or is_problem):
        bonus -= 0.06
    return bonus


def _trim(snippet: str, limit: int = 200) -> str:
    return snippet if len(snippet) <= limit else snippet[: limit - 1] + "…"


def _examples(available: Catalog) -> str:
    if not available:
        return "数据库中还没有报告。用 townreport ingest 导入。"
    town = next(iter(available))
    year = available[town][-1]
    return (
        f"请用一句话提问，最好写明乡镇和年度，例如：“{town}{year}年法律顾问审查了多少份合同？”"
        f"“{town}{year}年存在哪些不足？”"
    )


def _nearest(
    ranked: Sequence[tuple[_Scored, PassageRecord]],
    available: Catalog,
    town: str | None,
) -> str:
    close = [r for s, r in ranked[:3] if s.coverage >= MIN_COVERAGE / 2]
    if close:
        places = "；".join(
            dict.fromkeys(f"{r.town}{r.year}年 {r.section or '开头部分'}" for r in close)
        )
        return f"未找到能回答这个问题的段落。最接近的章节：{places}。可以换个说法再问。"
    have = towns_listing(available, town or "")
    scope = f"{town}的报告中" if town else "已导入的报告中"
    return f"未找到：{scope}没有与这个问题相关的内容。已有报告：{have}。"
