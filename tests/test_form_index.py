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
    entries = catalog.forms()
    index = FormIndex(entries)
    rng = random.Random(5)
    for _ in range(300):
        text = "".join(rng.choice(entries)[0] for _ in range(rng.randint(0, 2)))
        text = f"{text}{rng.choice(['法治建设', '2023年', '哪个镇'])}{rng.choice(entries)[0][:3]}"
        linear = [e for e in entries if e[0] in text]
        assert catalog.named_in(text) == linear and index.occurring(text) == linear


def test_names_written_twice_are_all_found_in_order() -> None:
    index = FormIndex([("西青", "a"), ("西青区", "b"), ("西青", "c"), ("x", "d")])
    assert index.occurring("天津市西青区") == [("西青", "a"), ("西青区", "b"), ("西青", "c")]
    assert index.occurring("") == [] and FormIndex([]).occurring("西青") == []


def test_a_question_naming_a_county_of_a_large_catalog_takes_its_places() -> None:
    catalog = _province_catalog(3000)
    county = next(  # a county no place form is part of (东城区 holds 东城, 东城镇's short form)
        p.county for p in catalog.places.values() if p.county and not catalog.named_in(p.county)
    )
    scope = resolve(f"{county}有哪些镇开展了普法", catalog)
    expected = {label for label, p in catalog.places.items() if p.county == county}
    assert scope.county == county and set(scope.places) == expected
    label = next(iter(catalog))
    assert resolve(f"{label}2023年聘请了几名法律顾问", catalog).places == (label,)


def test_forms_and_counties_worked_out_from_the_last_catalog_are_those_worked_out_afresh() -> None:
    whole = _province_catalog(3000)  # in the store's order: by name, then id
    rows = sorted(((whole.ids[n], whole.places[n]) for n in whole), key=lambda r: (r[1].name, r[0]))
    rng = random.Random(9)
    first = labels([p for _, p in rows])

    def years(i: int) -> tuple[int, ...]:
        return tuple(range(2015 + i % 7, 2024, 1 + i % 3))

    old = PlaceCatalog([(n, i, p, years(i)) for n, (i, p) in zip(first, rows, strict=True)])
    old.owners(), old.counties_in(""), old.by_year()  # worked out, to be taken over
    for _ in range(5):
        kept = [r for r in rows if rng.random() > 0.01]  # some places removed
        twin = rng.choice(kept)[1]  # a place of the same name in another county: both renamed
        added = [(10_000 + rng.randrange(10**6), Place(twin.name, twin.level, "某某县"))]
        rows = sorted(kept + added, key=lambda r: (r[1].name, r[0]))
        names = labels([p for _, p in rows])
        new = PlaceCatalog([(n, i, p, years(i)) for n, (i, p) in zip(names, rows, strict=True)])
        changed = [i for i, _ in added]
        new.take_forms(old, changed)
        afresh = PlaceCatalog([(n, i, p, years(i)) for n, (i, p) in zip(names, rows, strict=True)])
        assert new.owners() == afresh.owners()
        assert new._by_year is not None and new.by_year() == afresh.by_year()
        for text in (twin.name, f"某某县{twin.name}", "某某县", *rng.sample(list(afresh), 20)):
            county = afresh.places[text].county if text in afresh.places else None
            for t in (text, county or ""):
                assert new.named_in(t) == afresh.named_in(t)
                assert new.counties_in(t) == afresh.counties_in(t)
        old = new


def test_names_found_by_their_first_characters_are_those_of_every_substring() -> None:
    """form_index.occurring (the catalog's lookup) finds what substrings() & names does."""
    import random

    from corpus.places.form_index import first_characters, occurring, substrings, with_names

    rnd = random.Random(3)
    alphabet = "辛口镇杨柳青西区街道乡沙湾和平"
    names = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 6))) for _ in range(300)}
    starts = first_characters(list(names)[:200])
    starts = with_names(starts, list(names)[200:])
    lengths = {len(n) for n in names}
    for _ in range(500):
        text = "".join(rnd.choice(alphabet + "的了2023年") for _ in range(rnd.randint(0, 30)))
        assert occurring(text, starts, names) == substrings(text, lengths) & names, text


def test_years_changed_in_place_keep_by_year_as_worked_out_afresh() -> None:
    """A catalog with some places' years changed (an ingest) takes the old one's places by
    year and moves only those places, in catalog order, as if worked out again."""
    rng = random.Random(9)
    catalog = _province_catalog(400)
    catalog.by_year()
    labels_ = list(catalog)
    for _ in range(30):
        changed = {
            label: tuple(sorted(rng.sample(range(2015, 2026), rng.randint(1, 4))))
            for label in rng.sample(labels_, rng.randint(1, 5))
        }
        moved = catalog.with_years(changed)
        assert moved._by_year is not None  # carried over, not worked out on the next question
        afresh = PlaceCatalog(
            [(label, catalog.ids[label], catalog.places[label], moved[label]) for label in moved]
        )
        assert moved.by_year() == afresh.by_year() and list(moved.by_year()) == sorted(
            moved.by_year()
        )
        catalog = moved
