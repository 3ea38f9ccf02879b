"""Cross-place tables: a county's places × standard indicators, for one year or several.

Every cell is one figure as the report wrote it ("1700余份"), with the passage behind it; a
place that did not report an indicator has no cell (missing, never zero). A county total is
given only where summing means something: a count in one unit for every place that has it,
never a rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from corpus.errors import AmbiguousPlaceError, TownreportError
from corpus.figures.extract import Figure, PlacedFigure
from corpus.figures.indicators import indicators, names
from corpus.places.catalog import PlaceCatalog
from corpus.places.gazetteer import short_form
from corpus.places.place import TOWNSHIP_LEVELS, clean_query
from corpus.storage.store import Store
from corpus.vocab import dict_lines

OTHER_GROUP = "其他指标"
NOT_SUMMED_UNITS = frozenset({"%"})
_LOWER_PARTS = ("problems", "plans")  # a figure there is a target or a shortfall, not a result


class CountyNotFoundError(TownreportError):
    """No stored place lies in the county a person named; ``counties`` are those stored."""

    def __init__(self, name: str, counties: Sequence[str]) -> None:
        self.name = name
        self.counties = tuple(counties)
        super().__init__(name, self.counties)


class UnknownIndicatorError(TownreportError):
    """An indicator name that fits none of the standard indicators; ``close`` are near ones."""

    def __init__(self, name: str, close: Sequence[str]) -> None:
        self.name = name
        self.close = tuple(close)
        super().__init__(name, self.close)


@dataclass(frozen=True)
class County:
    name: str  # 象山县
    city: str | None
    places: tuple[str, ...]  # the stored places in it (their unique labels), by name


@dataclass(frozen=True)
class Cell:
    place: str
    year: int
    indicator: str
    figure: Figure
    section: str  # the section path of the passage the figure stands in
    others: int = 0  # further figures of the same indicator in that report

    @property
    def heading(self) -> str:
        return self.section.rsplit(" › ", 1)[-1] if self.section else "开头部分"


@dataclass(frozen=True)
class Total:
    value: float
    unit: str
    places: int  # how many places were summed
    approximate: bool  # some value was written "余", "近", "约" …

    @property
    def as_written(self) -> str:
        number = f"{self.value:g}" if self.value != int(self.value) else str(int(self.value))
        return f"{number}{'余' if self.approximate else ''}{self.unit}"


@dataclass(frozen=True)
class PlaceTable:
    """Places × indicators (× years) of one county. Named so it does not clash with
    :class:`corpus.figures.series.Comparison`, one town's two years."""

    county: str
    years: tuple[int, ...]
    places: tuple[str, ...]
    indicators: tuple[str, ...]
    cells: tuple[Cell, ...]
    reported: frozenset[tuple[str, int]]  # (place, year) pairs that have a stored report

    def cell(self, place: str, year: int, indicator: str) -> Cell | None:
        return self._index().get((place, year, indicator))

    def _index(self) -> dict[tuple[str, int, str], Cell]:
        index = self.__dict__.get("_cells_by_key")
        if index is None:
            index = {(c.place, c.year, c.indicator): c for c in self.cells}
            object.__setattr__(self, "_cells_by_key", index)
        return index

    def of(self, indicator: str, year: int | None = None) -> list[Cell]:
        return [
            c for c in self.cells if c.indicator == indicator and (year is None or c.year == year)
        ]

    def units(self, indicator: str) -> tuple[str, ...]:
        """The units its cells use, the most common first."""
        counts = Counter(c.figure.unit for c in self.of(indicator))
        return tuple(u for u, _ in counts.most_common())

    def summable(self, indicator: str) -> bool:
        """Counts whose units all count the same thing (名 and 人; 件 and 起), never rates."""
        units = self.units(indicator)
        return bool(units) and same_kind(units) and units[0] not in NOT_SUMMED_UNITS

    def total(self, indicator: str, year: int) -> Total | None:
        """The county total of ``indicator`` in ``year``, or None where summing is meaningless
        (a rate, or places counting in different units)."""
        cells = self.of(indicator, year)
        if not cells or not self.summable(indicator):
            return None
        value = sum(c.figure.value for c in cells)
        value = int(value) if value == int(value) else round(value, 4)
        approximate = any(c.figure.qualifier for c in cells)
        return Total(value, self.units(indicator)[0], len(cells), approximate)


@lru_cache(maxsize=1)
def _unit_classes() -> dict[str, int]:
    return {u: k for k, line in enumerate(dict_lines("unit_classes.txt")) for u in line.split()}


def unit_class(unit: str) -> str:
    """A unit's class (``dict/unit_classes.txt``): 人 and 位 count what 名 counts."""
    k = _unit_classes().get(unit)
    return unit if k is None else f"#{k}"


def same_kind(units: Sequence[str]) -> bool:
    return len({unit_class(u) for u in units}) <= 1


@lru_cache(maxsize=1)
def _groups() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in dict_lines("indicator_groups.txt"):
        group, _, members = line.partition("：")
        for name in members.split():
            out.setdefault(name, group.strip())
    return out


def group_of(indicator: str) -> str:
    """The group an indicator is shown in (``dict/indicator_groups.txt``)."""
    return _groups().get(indicator, OTHER_GROUP)


def group_names() -> tuple[str, ...]:
    return (*dict.fromkeys(_groups().values()), OTHER_GROUP)


def resolve_indicator(text: str) -> str:
    """The standard indicator a person means: its name, part of it ("合同审查"), or the words
    a report would use ("审查合同"); a typed error naming the nearest ones otherwise."""
    text = clean_query(text)
    all_names = names()
    if text in all_names:
        return text
    partial = [n for n in all_names if text in n or (len(n) >= 3 and n in text)]
    if partial:
        return partial[0]
    for indicator in indicators():
        if any(rule[0] in text and all(w in text for w in rule[1:]) for rule in indicator.rules):
            return indicator.name
    close = [
        n
        for n, score, _ in process.extract(text, all_names, scorer=fuzz.WRatio, limit=3)
        if score >= 50
    ]
    best = process.extractOne(text, all_names, scorer=fuzz.ratio)
    if best and best[1] >= 70:
        return best[0]
    raise UnknownIndicatorError(text, close)


def find_county(catalog: PlaceCatalog, name: str) -> County | None:
    """The county ``name`` means ("象山县", "象山", "宁波市象山县") with the stored places in
    it, or None when no stored place lies in a county of that name."""
    wanted = clean_query(name)
    found: dict[tuple[str | None, str], list[str]] = {}
    for label, place in catalog.places.items():
        if not place.county or place.level not in TOWNSHIP_LEVELS:
            continue
        forms = {place.county, short_form(place.county)}
        if place.city:
            forms |= {place.city + place.county, short_form(place.city) + place.county}
        if wanted in forms:
            found.setdefault((place.city, place.county), []).append(label)
    if not found:
        return None
    if len(found) > 1:
        raise AmbiguousPlaceError(name, [f"{c or ''}{k}" for c, k in found])
    (city, county), labels = next(iter(found.items()))
    return County(county, city, tuple(sorted(labels, key=lambda x: catalog.places[x].name)))


def counties(catalog: PlaceCatalog) -> list[str]:
    return sorted({p.county for p in catalog.places.values() if p.county and p.level != p.county})


def county_of(catalog: PlaceCatalog, name: str) -> County:
    county = find_county(catalog, name)
    if county is None:
        raise CountyNotFoundError(clean_query(name) or name, counties(catalog))
    return county


def compare_places(
    store: Store,
    county: str,
    years: Sequence[int],
    wanted: Sequence[str] = (),
    places: Sequence[str] | None = None,
) -> PlaceTable:
    """The table of a county's places for ``years``: the indicators asked for (names as people
    write them), else every indicator that at least two places (or one, if that is all) report."""
    catalog = store.available()
    found = county_of(catalog, county)
    chosen = tuple(places) if places is not None else found.places
    asked = tuple(dict.fromkeys(resolve_indicator(w) for w in wanted))
    return place_table(store, catalog, found.name, chosen, years, asked)


def place_table(
    store: Store,
    catalog: PlaceCatalog,
    label: str,
    places: Sequence[str],
    years: Sequence[int],
    asked: Sequence[str] = (),
) -> PlaceTable:
    """The table of stored places (labels of ``catalog``; standard indicator names in
    ``asked``, or all), their figures read in one statement."""
    reported = [(p, y) for p in places for y in years if y in catalog.get(p, ())]
    figures = store.figures_of([(catalog.stored(p), y) for p, y in reported])
    candidates: dict[tuple[str, int, str], list[PlacedFigure]] = {}
    for place, year in reported:
        for placed in figures.get((place, year), []):
            indicator = placed.figure.indicator
            if indicator and (not asked or indicator in asked):
                candidates.setdefault((place, year, indicator), []).append(placed)
    cells = _cells(candidates)
    shown = tuple(asked) or _reported_indicators(cells, len(places))
    cells = tuple(c for c in cells if c.indicator in shown)
    return PlaceTable(label, tuple(years), tuple(places), shown, cells, frozenset(reported))


def _cells(candidates: dict[tuple[str, int, str], list[PlacedFigure]]) -> tuple[Cell, ...]:
    """One cell per place, year and indicator: the figure reporting a result (not a plan or a
    shortfall), in the unit most places use, first in reading order."""
    units: dict[str, Counter[str]] = {}
    for (_, _, indicator), figs in candidates.items():
        units.setdefault(indicator, Counter()).update({unit_class(f.figure.unit) for f in figs})
    out = []
    for (place, year, indicator), figs in candidates.items():
        common = units[indicator].most_common(1)[0][0]

        def rank(p: PlacedFigure, common: str = common) -> tuple[int, int]:
            lower = p.kind in _LOWER_PARTS  # the part stored with its section at ingest
            return (int(lower), int(unit_class(p.figure.unit) != common))

        best = min(figs, key=rank)
        out.append(Cell(place, year, indicator, best.figure, best.section, len(figs) - 1))
    return tuple(out)


def _reported_indicators(cells: Sequence[Cell], places: int) -> tuple[str, ...]:
    """Indicators in the indicator list's order that enough places report to compare."""
    count = Counter(c.indicator for c in {(c.place, c.indicator): c for c in cells}.values())
    least = 2 if places > 1 else 1
    return tuple(n for n in names() if count.get(n, 0) >= least)
