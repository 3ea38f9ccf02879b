"""The stored places and their years, as one read-only mapping: name → years, where each name
is unique among the stored places (see :func:`corpus.places.place.labels`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from corpus.errors import AmbiguousPlaceError, ReportNotFoundError
from corpus.places.form_index import FormIndex
from corpus.places.gazetteer import short_form
from corpus.places.place import Place, clean_query, forms_index, place_forms
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
        self._forms: dict[str, list[str]] | None = None
        self._index: FormIndex[str] | None = None
        self._counties: FormIndex[tuple[str, tuple[str, ...]]] | None = None
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
        if self._forms is None:
            forms: dict[str, list[str]] = {}
            for label, place in self.places.items():
                for form in place_forms(place) | {label}:
                    forms.setdefault(form, []).append(label)
            self._forms = forms
        return list(dict.fromkeys(self._forms.get(clean_query(name), [])))

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
        other._forms, other._index, other._counties = self._forms, self._index, self._counties
        return other

    def forms(self) -> FormIndex[str]:
        """(form, label), longest first, for finding a place named inside a question."""
        if self._index is None:
            self._index = FormIndex(forms_index(self.places))
        return self._index

    def by_year(self) -> Mapping[int, Sequence[str]]:
        """Each stored year and the places with a report of it (worked out once)."""
        if self._by_year is None:
            by_year: dict[int, list[str]] = {}
            for label, years in self._years.items():
                for year in years:
                    by_year.setdefault(year, []).append(label)
            self._by_year = dict(sorted(by_year.items()))
        return self._by_year

    def counties(self) -> FormIndex[tuple[str, tuple[str, ...]]]:
        """(form, (county, its stored places)), longest form first: the counties of the
        stored places, whole or short (西青区, 西青)."""
        if self._counties is None:
            by_county: dict[str, list[str]] = {}
            for label, place in self.places.items():
                county = place.county or (place.name if place.level in _own_county() else None)
                if county:
                    by_county.setdefault(county, []).append(label)
            out = [
                (form, (county, tuple(labels)))
                for county, labels in by_county.items()
                for form in {county, short_form(county)}
                if len(form) >= 2
            ]
            self._counties = FormIndex(sorted(out, key=lambda x: -len(x[0])))
        return self._counties


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
