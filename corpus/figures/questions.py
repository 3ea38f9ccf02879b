"""Questions answered from the figures store rather than from passages: "象山县哪个镇2023年
审查合同最多" (a ranking), "各镇法律顾问人数" (a listing), "石浦镇这几年调解纠纷的变化" (a
series). Each answer is a short list of cells, every value with the sentence behind it.

:func:`figure_answer` returns None when the question is not of these kinds or no standard
indicator fits it; the caller then searches passages as usual. The words that mark the kinds
are data (``dict/figure_intents.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from corpus.errors import TownreportError
from corpus.figures.indicators import Indicator, indicators
from corpus.places.catalog import PlaceCatalog
from corpus.places.place import TOWNSHIP_LEVELS, simplified
from corpus.places.scope import resolve
from corpus.storage.store import Store
from corpus.vocab import dict_lines

if TYPE_CHECKING:
    from corpus.figures.comparison import Cell

Kind = Literal["ranking", "listing", "series"]
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2}|\d{2}(?=年))(?!\d)")


@dataclass(frozen=True)
class FigureAnswer:
    question: str
    kind: Kind
    indicator: str
    scope: str  # the county, the place (a series), or "" for every stored place
    years: tuple[int, ...]  # the years asked about; () when each place's latest report
    rows: tuple[Cell, ...]  # ranked (ranking, listing) or by year (series)
    unranked: tuple[Cell, ...]  # cells in another unit than the ranked ones
    missing: tuple[str, ...]  # places (or years, for a series) whose report lacks it
    descending: bool = True


@lru_cache(maxsize=1)
def _intents() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for line in dict_lines("figure_intents.txt"):
        name, _, words = line.partition("：")
        out[name.strip()] = tuple(words.split())
    return out


def _has(text: str, *kinds: str) -> bool:
    return any(w in text for k in kinds for w in _intents().get(k, ()))


def _kind(text: str) -> Kind | None:
    if _has(text, "变化"):
        return "series"
    if _has(text, "排名") or (_has(text, "哪个") and _has(text, "排名_多", "排名_少")):
        return "ranking"  # "哪个镇…最多"; a bare "是哪个镇设立的" asks for a passage
    if _has(text, "列举"):
        return "listing"
    return None


def figure_answer(store: Store, question: str) -> FigureAnswer | None:
    """The answer from figures, or None when passages should answer."""
    text = simplified(re.sub(r"\s+", "", question or ""))
    kind = _kind(text)
    if kind is None:
        return None
    catalog = store.available()
    try:
        scope = resolve(question, catalog)  # the one resolver of places, as for passages
    except TownreportError:
        return None  # a place not stored, or several of that name: the passages' answer says so
    years = _years(text)
    county = scope.county
    place = scope.town if county is None else None
    if place is not None and catalog.places[place].level not in TOWNSHIP_LEVELS:
        place = None  # a county's own report is not one of the places compared
    indicator = _indicator(_strip_intents(scope.rest))
    if indicator is None:
        return None
    if kind == "series":
        if place is None:
            return (
                None
                if county is None
                else _across(store, catalog, question, "listing", indicator, county, years, text)
            )
        return _series(store, catalog, question, indicator, place, years)
    if place is not None:
        return None  # "辛口镇哪个村…": not a comparison of stored places
    return _across(store, catalog, question, kind, indicator, county, years, text)


def _years(text: str) -> tuple[int, ...]:
    found = []
    for y in _YEAR.findall(text):
        found.append(int(y) if len(y) == 4 else 2000 + int(y))
    if len(found) == 2 and re.search(r"\d(?:年)?(?:-|—|至|到)\d", text):
        return tuple(range(min(found), max(found) + 1))
    return tuple(sorted(set(found)))


def _strip_intents(text: str) -> str:
    words = sorted((w for ws in _intents().values() for w in ws), key=len, reverse=True)
    for w in words:
        text = text.replace(w, " ")
    return _YEAR.sub(" ", text)


def _indicator(text: str) -> str | None:
    """The standard indicator the question is about: its name, else the words a report uses
    for it (the indicator's rules, without the unit), helped by a unit the question names."""
    best: tuple[int, int, str] | None = None
    for order, ind in enumerate(indicators()):
        score = _score(ind, text)
        if score >= 2 and (best is None or (score, -order) > (best[0], best[1])):
            best = (score, -order, ind.name)
    return best[2] if best else None


def _score(ind: Indicator, text: str) -> int:
    if ind.name in text:
        score = 3
    elif any(r[0] in text and all(w in text for w in r[1:]) for r in ind.rules):
        score = 2
    else:
        return 0
    if any(w in text for w in ind.excluded):
        return 0
    rate = "%" in ind.units
    if rate != bool(re.search(r"率|比例|百分", text)):
        score -= 1
    if any(len(u) > 1 and u in text for u in ind.units) or ("人数" in text and "名" in ind.units):
        score += 1
    return score


def _across(
    store: Store,
    catalog: PlaceCatalog,
    question: str,
    kind: Kind,
    indicator: str,
    county: str | None,
    years: Sequence[int],
    text: str,
) -> FigureAnswer:
    from corpus.figures.comparison import find_county, place_table  # a question about figures only

    if county is not None:
        found = find_county(catalog, county)
        places = found.places if found else ()
    else:
        places = tuple(n for n, p in catalog.places.items() if p.level in TOWNSHIP_LEVELS)
    scope = county or _one_county(catalog, places)
    wanted = tuple(years) or tuple(sorted({y for p in places for y in catalog[p]}))
    table = place_table(store, catalog, scope, places, wanted, (indicator,))
    latest: dict[str, Cell] = {}
    for cell in sorted(table.of(indicator), key=lambda c: c.year):
        latest[cell.place] = cell  # each place's latest year, when no year was asked
    descending = not _has(text, "排名_少")
    rows, unranked = _ranked(list(latest.values()), descending)
    missing = tuple(p for p in places if p not in latest)
    return FigureAnswer(
        question, kind, indicator, scope, tuple(years), rows, unranked, missing, descending
    )


def _one_county(catalog: Mapping[str, object], places: Sequence[str]) -> str:
    counties = {catalog.places[p].county for p in places}  # type: ignore[attr-defined]
    return next(iter(counties)) or "" if len(counties) == 1 else ""


def _ranked(cells: list[Cell], descending: bool) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    """Cells in the most common unit, by value; the others apart (8件 is not more than 7起)."""
    from corpus.figures.comparison import unit_class  # a question about figures only

    if not cells:
        return (), ()
    units = [unit_class(c.figure.unit) for c in cells]
    common = max(set(units), key=units.count)
    same = sorted(
        (c for c in cells if unit_class(c.figure.unit) == common),
        key=lambda c: (c.figure.value, c.place),
        reverse=descending,
    )
    return tuple(same), tuple(c for c in cells if unit_class(c.figure.unit) != common)


def _series(
    store: Store,
    catalog: PlaceCatalog,
    question: str,
    indicator: str,
    place: str,
    years: Sequence[int],
) -> FigureAnswer:
    from corpus.figures.comparison import place_table  # a question about figures only

    wanted = tuple(years) or catalog[place]
    table = place_table(store, catalog, place, (place,), wanted, (indicator,))
    rows = tuple(sorted(table.of(indicator), key=lambda c: c.year))
    have = {c.year for c in rows}
    missing = tuple(f"{y}年" for y in wanted if y not in have)
    return FigureAnswer(question, "series", indicator, place, tuple(wanted), rows, (), missing)
