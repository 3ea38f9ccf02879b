"""The stored places and their years, as one read-only mapping: name → years, where each name
is unique among the stored places (see :func:`corpus.places.place.labels`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from corpus.errors import AmbiguousPlaceError, ReportNotFoundError
from corpus.places.place import Place, clean_query, forms_index, place_forms


class PlaceCatalog(Mapping[str, tuple[int, ...]]):
    """``catalog[label]`` is the years stored for that place, ascending; ``places[label]`` and
    ``ids[label]`` tell which place it is."""

    def __init__(self, rows: Sequence[tuple[str, int, Place, tuple[int, ...]]]) -> None:
        self._years = {label: years for label, _, _, years in rows}
        self.ids = {label: id_ for label, id_, _, _ in rows}
        self.places = {label: place for label, _, place, _ in rows}
        self._labels = {id_: label for label, id_, _, _ in rows}
        self._forms: dict[str, list[str]] | None = None
        self._index: list[tuple[str, str]] | None = None

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

    def forms(self) -> list[tuple[str, str]]:
        """(form, label), longest first, for finding a place named inside a question."""
        if self._index is None:
            self._index = forms_index(self.places)
        return self._index
