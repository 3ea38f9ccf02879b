"""Finding the place a question names among thousands of stored places gives what testing
every form in turn gives (the longest form first, the first county form that counts)."""

from __future__ import annotations

import random

from corpus.places.catalog import PlaceCatalog
from corpus.places.form_index import FormIndex
from corpus.places.gazetteer import TOWNSHIP, gazetteer
from corpus.places.place import Place, labels
from corpus.places.scope import resolve


def _province_catalog(n: int) -> PlaceCatalog:
    table = gazetteer()
    towns = [d for d in table.by_code.values() if d.rank == TOWNSHIP][:n]
    places = []
    for d in towns:
        path = {p.rank: p.name for p in table.path(d.code)}
        places.append(Place(d.name, d.level, path.get(3), path.get(2), path.get(1), d.code))
    names = labels(places)
    rows = [
        (label, i, p, (2022, 2023)) for i, (label, p) in enumerate(zip(names, places, strict=True))
    ]
    return PlaceCatalog(rows)


def test_the_first_form_found_is_the_first_form_in_order_that_occurs() -> None:
    catalog = _province_catalog(3000)
    forms = catalog.forms()
    rng = random.Random(5)
    entries = forms.entries
    for _ in range(300):
        text = "".join(rng.choice(entries)[0] for _ in range(rng.randint(0, 2)))
        text = f"{text}{rng.choice(['法治建设', '2023年', '哪个镇'])}{rng.choice(entries)[0][:3]}"
        linear = [e for e in entries if e[0] in text]
        assert forms.occurring(text) == linear


def test_names_written_twice_are_all_found_in_order() -> None:
    index = FormIndex([("西青", "a"), ("西青区", "b"), ("西青", "c"), ("x", "d")])
    assert index.occurring("天津市西青区") == [("西青", "a"), ("西青区", "b"), ("西青", "c")]
    assert index.occurring("") == [] and FormIndex([]).occurring("西青") == []


def test_a_question_naming_a_county_of_a_large_catalog_takes_its_places() -> None:
    catalog = _province_catalog(3000)
    county = next(  # a county no place form is part of (东城区 holds 东城, 东城镇's short form)
        p.county
        for p in catalog.places.values()
        if p.county and not catalog.forms().occurring(p.county)
    )
    scope = resolve(f"{county}有哪些镇开展了普法", catalog)
    expected = {label for label, p in catalog.places.items() if p.county == county}
    assert scope.county == county and set(scope.places) == expected
    label = next(iter(catalog))
    assert resolve(f"{label}2023年聘请了几名法律顾问", catalog).places == (label,)
