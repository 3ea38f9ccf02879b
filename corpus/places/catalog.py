"""The stored places and their years, as one read-only mapping: name → years, where each name
is unique among the stored places (see :func:`corpus.places.place.labels`)."""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from corpus.errors import AmbiguousPlaceError, ReportNotFoundError
from corpus.places.form_index import first_characters, occurring, with_names
from corpus.places.gazetteer import short_form
from corpus.places.place import Place, clean_query, place_forms
from corpus.vocab import dict_groups


@lru_cache(maxsize=1)
def _own_county() -> frozenset[str]:
    """Levels of a stored place that is a county itself (``dict/levels.txt``)."""
    return frozenset(dict_groups("levels.txt")["own_county"])


@dataclass(frozen=True)
class StoredPlace:
    """One stored place, resolved: what the store's readers take instead of a name."""

    id: int  # the store's place id
    label: str  # its name, unique among the stored places
    place: Place
    years: tuple[int, ...]  # years of its current reports, ascending


class PlaceCatalog(Mapping[str, tuple[int, ...]]):
    """``catalog[label]`` is the years stored for that place, ascending; ``places[label]`` and
    ``ids[label]`` tell which place it is."""

    def __init__(self, rows: Sequence[tuple[str, int, Place, tuple[int, ...]]]) -> None:
        self._years = {label: years for label, _, _, years in rows}
        self.ids = {label: id_ for label, id_, _, _ in rows}
        self.places = {label: place for label, _, place, _ in rows}
        self._labels = {id_: label for label, id_, _, _ in rows}
        self._owners: dict[str, list[str]] | None = None  # form → the labels it names
        self._first: dict[str, frozenset[int]] | None = None  # first character → lengths
        self._by_county: dict[str, list[str]] | None = None  # county → labels, in order
        self._county_forms: dict[str, list[str]] = {}  # 西青区, 西青 → 西青区
        self._county_first: dict[str, frozenset[int]] = {}
        self._position: dict[str, int] | None = None  # label → its place in the catalog
        self._by_year: dict[int, list[str]] | None = None

    def __getitem__(self, label: str) -> tuple[int, ...]:
        return self._years[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self._years)

    def __len__(self) -> int:
        return len(self._years)

    def label_of(self, place_id: int) -> str | None:
        return self._labels.get(place_id)

    def named(self, name: str) -> list[str]:
        """The stored places ``name`` names, in any of its forms (辛口, 辛口镇, 西青区辛口镇,
        西青辛口, 沙湾街, 沙湾街道办事处, traditional characters…)."""
        if name in self._years:
            return [name]
        return list(self.owners().get(clean_query(name), []))

    def owners(self) -> dict[str, list[str]]:
        """Every form of every place and the labels it names, in catalog order."""
        if self._owners is None:
            owners: dict[str, list[str]] = {}
            for label, place in self.places.items():
                for form in place_forms(place) | {label}:
                    owners.setdefault(form, []).append(label)
            self._owners = owners
        return self._owners

    def take_forms(self, old: PlaceCatalog, changed: Iterable[int]) -> None:
        """Work out the forms from ``old``'s (when it has them) and the places that differ:
        those ``changed`` and those named otherwise now (a second 和平镇 renames the first),
        instead of from every place again."""
        if old._owners is None:
            return
        moved = {i for _, i in self.ids.items() ^ old.ids.items()} | set(changed)
        owners = dict(old._owners)
        for i in moved:
            label = old._labels.get(i)
            if label is None:
                continue
            for form in place_forms(old.places[label]) | {label}:
                rest = [other for other in owners.get(form, ()) if other != label]
                if rest:
                    owners[form] = rest
                else:
                    owners.pop(form, None)
        position = self._positions()
        added: list[str] = []
        for i in moved:
            label = self._labels.get(i)
            if label is None:
                continue
            for form in place_forms(self.places[label]) | {label}:
                owners[form] = sorted([*owners.get(form, ()), label], key=position.__getitem__)
                added.append(form)
        self._owners = owners
        if old._first is not None:
            self._first = with_names(old._first, added)
        if old._by_year is not None:
            # both catalogs list the places in the store's order (name, then id): the moved
            # places come out under their old names and go in under their new ones
            gone = [(label, old._years[label]) for i in moved if (label := old._labels.get(i))]
            came = [(label, self._years[label]) for i in moved if (label := self._labels.get(i))]
            self._by_year = _regrouped(old._by_year, gone, came, self._positions())
        self._take_counties(old, moved)

    def resolve(self, name: str, year: int | None = None) -> str:
        """The one stored place ``name`` means, or a typed error: not found (listing what is
        stored) or ambiguous (listing the places and how to name each)."""
        found = self.named(name)
        if len(found) > 1:
            raise AmbiguousPlaceError(name, found)
        if not found:
            raise ReportNotFoundError(clean_query(name) or name, year, self)
        return found[0]

    def stored(self, label: str) -> StoredPlace:
        """The stored place of ``label`` (a name the catalog already gave, not resolved)."""
        return StoredPlace(self.ids[label], label, self.places[label], self._years[label])

    def find(self, name: str, year: int | None = None) -> StoredPlace:
        """:meth:`resolve` ``name`` to the stored place it means."""
        return self.stored(self.resolve(name, year))

    def with_years(self, years: Mapping[str, tuple[int, ...]]) -> PlaceCatalog:
        """The same places with other years for some (``label`` → years, none empty): the
        names and forms, which depend on the places alone, are shared, not worked out again."""
        other = PlaceCatalog(())
        other._years = {**self._years, **years}
        other.ids, other.places, other._labels = self.ids, self.places, self._labels
        other._owners, other._first = self._owners, self._first
        other._by_county, other._county_forms = self._by_county, self._county_forms
        other._county_first = self._county_first
        other._position = self._position
        if self._by_year is not None and years.keys() <= self._years.keys():
            # carried over (worked out again: 35 ms at 100,000 reports), the same places
            # moved only between the years that changed
            gone = [(label, set(self._years[label]) - set(new)) for label, new in years.items()]
            came = [(label, set(new) - set(self._years[label])) for label, new in years.items()]
            other._by_year = _regrouped(self._by_year, gone, came, self._positions())
        return other

    def forms(self) -> list[tuple[str, str]]:
        """(form, label) of every form naming one place, longest first."""
        owners = self.owners()
        unique = [(f, ls[0]) for f, ls in owners.items() if len(ls) == 1]
        return sorted(unique, key=lambda p: (-len(p[0]), p[0]))

    def named_in(self, text: str) -> list[tuple[str, str]]:
        """(form, label) of the forms naming one place that occur in ``text``, longest first
        (then in code-point order): the substrings of ``text`` looked up, not every form
        tested."""
        owners = self.owners()
        if self._first is None:
            self._first = first_characters(owners)
        found = occurring(text, self._first, owners)
        pairs = [(f, owners[f][0]) for f in found if len(owners[f]) == 1]
        return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))

    def by_year(self) -> Mapping[int, Sequence[str]]:
        """Each stored year and the places with a report of it (worked out once)."""
        if self._by_year is None:
            by_year: dict[int, list[str]] = {}
            for label, years in self._years.items():
                for year in years:
                    by_year.setdefault(year, []).append(label)
            self._by_year = dict(sorted(by_year.items()))
        return self._by_year

    def counties_in(self, text: str) -> list[tuple[str, tuple[str, tuple[str, ...]]]]:
        """(form, (county, its stored places)) of the counties of the stored places named in
        ``text``, whole or short (西青区, 西青): longest form first, then in catalog order."""
        by_county, forms = self._counties()
        parts = occurring(text, self._county_first, forms)
        found = [(part, county) for part in parts for county in forms[part]]
        position = self._positions()
        found.sort(key=lambda f: (-len(f[0]), position[by_county[f[1]][0]]))
        return [(form, (county, tuple(by_county[county]))) for form, county in found]

    def _counties(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._by_county is None:
            by_county: dict[str, list[str]] = {}
            for label, place in self.places.items():
                if county := _county_of(place):
                    by_county.setdefault(county, []).append(label)
            self._set_counties(by_county, _county_forms(by_county))
        assert self._by_county is not None
        return self._by_county, self._county_forms

    def _set_counties(self, by_county: dict[str, list[str]], forms: dict[str, list[str]]) -> None:
        self._by_county, self._county_forms = by_county, forms
        self._county_first = first_characters(forms)

    def _positions(self) -> dict[str, int]:
        if self._position is None:
            self._position = {label: n for n, label in enumerate(self._years)}
        return self._position

    def _take_counties(self, old: PlaceCatalog, moved: set[int]) -> None:
        """The counties from ``old``'s and the places that differ."""
        if old._by_county is None:
            return
        by_county, forms = dict(old._by_county), dict(old._county_forms)
        for i in moved:
            label = old._labels.get(i)
            if label is not None and (county := _county_of(old.places[label])):
                by_county[county] = [other for other in by_county[county] if other != label]
        position = self._positions()
        for i in moved:
            label = self._labels.get(i)
            if label is not None and (county := _county_of(self.places[label])):
                kept = [*by_county.get(county, ()), label]
                by_county[county] = sorted(kept, key=position.__getitem__)
        for county in [c for c, labels in by_county.items() if not labels]:
            del by_county[county]
        gone = set(old._by_county) - set(by_county)
        come = set(by_county) - set(old._by_county)
        for form, counties in _county_forms(gone | come).items():
            kept = [c for c in forms.get(form, ()) if c not in gone]
            kept += [c for c in counties if c in come]
            if kept:
                forms[form] = kept
            else:
                forms.pop(form, None)
        self._set_counties(by_county, forms)


def _county_of(place: Place) -> str | None:
    """The county of a stored place (itself, for a 区 or 县)."""
    return place.county or (place.name if place.level in _own_county() else None)


def _county_forms(counties: Iterable[str]) -> dict[str, list[str]]:
    """Each form a county is written in (西青区, 西青) and the counties it names."""
    forms: dict[str, list[str]] = {}
    for county in counties:
        for form in dict.fromkeys((county, short_form(county))):
            if len(form) >= 2:
                forms.setdefault(form, []).append(county)
    return forms


def _regrouped(
    by_year: Mapping[int, list[str]],
    gone: Iterable[tuple[str, Iterable[int]]],
    came: Iterable[tuple[str, Iterable[int]]],
    position: Mapping[str, int],
) -> dict[int, list[str]]:
    """Places by year (each year's in catalog order) with places taken out of some years
    (``gone``: label, years) and put into others (``came``), at their ``position``; only
    the years touched are copied."""
    out = dict(by_year)
    copied: set[int] = set()

    def year_list(year: int) -> list[str]:
        if year not in copied:
            out[year] = list(out.get(year, ()))
            copied.add(year)
        return out[year]

    for label, years in gone:
        for year in years:
            year_list(year).remove(label)
    for label, years in came:
        for year in years:
            insort(year_list(year), label, key=position.__getitem__)
    return dict(sorted((y, ls) for y, ls in out.items() if ls))


def years_stored(catalog: Mapping[str, Sequence[int]], places: Sequence[str] = ()) -> set[int]:
    """The years stored for ``places`` (for every place when none is given), without going
    through every place of a large catalog."""
    if not places and isinstance(catalog, PlaceCatalog):
        return set(catalog.by_year())
    return {y for p in (places or tuple(catalog)) for y in catalog[p]}


def only_report(
    catalog: Mapping[str, Sequence[int]], years: Sequence[int]
) -> tuple[str, int] | None:
    """The one stored report of any place (in ``years``, if given), if only one is stored."""
    if isinstance(catalog, PlaceCatalog):
        by_year = catalog.by_year()
        wanted = [y for y in by_year if not years or y in years]
        if sum(len(by_year[y]) for y in wanted) != 1:
            return None
        year = next(y for y in wanted if by_year[y])
        return by_year[year][0], year
    pairs = [(p, y) for p in catalog for y in catalog[p] if not years or y in years]
    return pairs[0] if len(pairs) == 1 else None
