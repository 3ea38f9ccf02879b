"""SQL statements per draft and per comparison, counted on the store's engine and on its
driver connections (a SQLite file's reads): the place is resolved once and each report read once (issue 12: 14 statements for one draft, 13 for one
comparison before)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from corpus.figures.comparison import compare_places
from corpus.figures.questions import figure_answer
from corpus.figures.series import compare_years
from corpus.storage.reads import DriverReads
from corpus.storage.store import Store
from drafting.compose import compose

MOST = 5


@contextmanager
def counted(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    driver = store.reads if isinstance(store.reads, DriverReads) else None
    if driver is not None:
        driver.listeners.append(statements.append)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
        if driver is not None:
            driver.listeners.remove(statements.append)


def _count(store: Store, work: Callable[[], object], cold: bool) -> list[str]:
    if cold:  # a fresh process: the catalog of places is read too
        store._catalog = None
    else:  # a running bot: the catalog is known, only its version is checked
        store.available()
    with counted(store) as statements:
        work()
    return statements


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
@pytest.mark.parametrize(("town", "year"), [("辛口镇", 2023), ("八里台镇", 2025), ("辛口", 2030)])
def test_a_draft_reads_the_store_a_few_times(
    loaded_store: Store, town: str, year: int, cold: bool
) -> None:
    compose(loaded_store, town, year)  # the template cache, the worker: not the point here
    statements = _count(loaded_store, lambda: compose(loaded_store, town, year), cold)
    assert len(statements) <= MOST, statements
    reads = [s for s in statements if "FROM passages" in s]
    assert len(reads) == 1, reads  # one load of the source report, its figures with it


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
@pytest.mark.parametrize(("town", "year"), [("辛口镇", 2021), ("某某镇", 2023)])
def test_a_skeleton_draft_loads_no_report(
    loaded_store: Store, town: str, year: int, cold: bool
) -> None:
    work = lambda: compose(loaded_store, town, year, skeleton=True)  # noqa: E731
    statements = _count(loaded_store, work, cold)
    assert len(statements) <= 3, statements
    assert not [s for s in statements if "FROM passages" in s or "FROM reports" in s]


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
def test_a_comparison_reads_the_store_a_few_times(loaded_store: Store, cold: bool) -> None:
    work = lambda: compare_years(loaded_store, "辛口镇", 2021, 2022)  # noqa: E731
    statements = _count(loaded_store, work, cold)
    assert len(statements) <= MOST, statements
    assert len(statements) <= (3 if cold else 2), statements


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
def test_county_tables_and_figure_questions_read_figures_once(
    loaded_store: Store, cold: bool
) -> None:
    """However many places and years: one statement for all their figures."""
    for work in (
        lambda: compare_places(loaded_store, "西青区", [2020, 2021, 2022, 2023]),
        lambda: figure_answer(loaded_store, "西青区哪个镇2022年审查合同最多"),
        lambda: figure_answer(loaded_store, "辛口镇这几年审查合同的变化"),
    ):
        statements = _count(loaded_store, work, cold)
        assert len(statements) <= (3 if cold else 2), statements


def test_one_resolve_per_draft_comparison_and_question(
    loaded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name a person gave is resolved once; readers take the resolved place."""
    from corpus.places.catalog import PlaceCatalog
    from corpus.search.answer import ask

    names: list[str] = []
    resolve = PlaceCatalog.resolve

    def counting(self: PlaceCatalog, name: str, year: int | None = None) -> str:
        names.append(name)
        return resolve(self, name, year)

    monkeypatch.setattr(PlaceCatalog, "resolve", counting)
    for work in (
        lambda: compose(loaded_store, "辛口", 2023),
        lambda: compare_years(loaded_store, "辛口", 2021, 2022),
        lambda: ask(loaded_store, "存在哪些不足", town="辛口", year=2022),
    ):
        names.clear()
        work()
        assert names == ["辛口"]


def test_a_scope_hands_readers_its_places(loaded_store: Store) -> None:
    from corpus.places.scope import resolve

    scope = resolve("辛口镇2022年存在哪些不足", loaded_store.available())
    place = scope.stored(scope.places[0])
    assert (place.label, place.years) == ("辛口镇", (2021, 2022))
    assert loaded_store.load(place, 2022)[0].town == "辛口镇"
    with pytest.raises(TypeError):
        resolve("辛口镇2022年", {"辛口镇": (2022,)}).stored("辛口镇")  # a plain mapping
