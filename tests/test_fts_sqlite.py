"""SQLite's full-text candidates in some years: a level of few matches has their years
checked row by row, a level of many has them matched with the years' tokens; the passages
(and their order) are the same either way, and the tokens' shares only choose the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.ingest import bundled_dir, expand, ingest_paths
from corpus.search.segment import index_tokens
from corpus.settings import Settings
from corpus.storage import fts_sqlite
from corpus.storage.store import Store, open_store


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """The bundled reports, and 辛口镇's 2022 report edited (the first version superseded)."""
    store = open_store(f"sqlite:///{tmp_path / 'test.db'}")
    settings = Settings.from_env({"TOWNREPORT_DATA_DIR": str(tmp_path / "data")})
    assert all(r.ok for r in ingest_paths(store, expand([bundled_dir()]), settings))
    seed = next(
        p for p in bundled_dir().glob("*.txt") if "辛口镇2022" in p.read_text(encoding="utf-8")
    )
    edited = tmp_path / seed.name
    edited.write_text(
        seed.read_text(encoding="utf-8") + "\n全年新增法律明白人培养对象12名。\n", encoding="utf-8"
    )
    assert all(r.ok for r in ingest_paths(store, [edited], settings))
    yield store
    store.close()


def _tokens(store: Store) -> list[str]:
    """Tokens rare and common: those of a few passages of every place."""
    found: dict[str, None] = {}
    catalog = store.available()
    for label in catalog:
        for passage in store.town_passages(catalog.stored(label), None, catalog)[::9]:
            found.update(dict.fromkeys(t for t in index_tokens(passage.text) if len(t) > 1))
    return list(found)[:120]


def test_few_matches_checked_row_by_row_are_the_year_tokens_matches(sqlite_store: Store) -> None:
    index = sqlite_store.index
    assert isinstance(index, fts_sqlite.SqliteFts5)
    tokens = _tokens(sqlite_store)
    assert len(tokens) > 50
    years_stored = sorted({r.year for r in sqlite_store.reports()})
    checked = 0
    with sqlite_store.engine.connect() as conn:
        for years in ([y] for y in years_stored):
            for at, token in enumerate(tokens):
                for level in ([token], [token, tokens[at - 1]]):
                    for limit in (3, 50):
                        few = index._newest(conn, level, years, limit, few=True)
                        assert few == index._newest(conn, level, years, limit, few=False)
                        checked += bool(few)
        years = years_stored[:2]
        for token in tokens:
            level = [token]
            assert index._newest(conn, level, years, 50, True) == index._newest(
                conn, level, years, 50, False
            )
    assert checked > 100  # most levels found something


def test_shares_told_choose_the_way_not_the_candidates(sqlite_store: Store) -> None:
    tokens = ["法律顾问", "审查", "合同", "法治"]
    index = sqlite_store.index
    with sqlite_store.engine.connect() as conn:
        expected = index.candidates(conn, tokens, [2022], 40, None)
        assert expected
        for said in ({}, dict.fromkeys(tokens, 1.0), dict.fromkeys(tokens, 0.0), {"审查": 0.5}):
            assert index.candidates(conn, tokens, [2022], 40, said) == expected, said
