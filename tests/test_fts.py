"""PostgreSQL's full-text candidates: testing the newest reports' passages first, then the
GIN index for the older ones, gives the very candidates (and order) of a plain GIN match."""

from __future__ import annotations

import pytest

from corpus.storage import fts
from corpus.storage.store import Store

pytestmark = pytest.mark.postgres


@pytest.fixture
def db_url(pg_url: str) -> str:
    return pg_url


def plain_gin(store: Store, tokens: list[str], years: list[int] | None, limit: int) -> list[int]:
    index = store.index
    assert isinstance(index, fts.PostgresTsvector)

    def newest(conn, level, ys, n):  # type: ignore[no-untyped-def]
        query = " & ".join(fts._lexeme(t) for t in level)
        return index._matches(conn, query, ys, n, below=None)

    with store.engine.connect() as conn:
        return fts._by_levels(newest, conn, tokens, years, limit)


@pytest.mark.parametrize("years", [None, [2022]])
@pytest.mark.parametrize("cap_reports", [1, 2, 3, 99])
def test_window_then_gin_matches_plain_gin(
    loaded_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    years: list[int] | None,
    cap_reports: int,
) -> None:
    loaded_store.refresh_statistics()
    assert loaded_store.token_frequencies(["法治"])["法治"] > 0.5  # common: the window is used
    real = fts._newest_reports
    calls = []

    def newest(conn, ys, limit, passages, per_report):  # type: ignore[no-untyped-def]
        ids, cap = real(conn, ys, limit, passages, per_report)
        calls.append(ys)
        return ids, min(cap, cap_reports)

    monkeypatch.setattr(fts, "_newest_reports", newest)
    monkeypatch.setattr(fts, "WINDOW_COST", 0.01)  # five reports: let the window be used
    for tokens in (["法治", "建设"], ["法治", "政府"], ["审查", "合同"]):
        for limit in (5, 40, 400):
            got = loaded_store.candidates(tokens, years, limit)
            assert got == plain_gin(loaded_store, tokens, years, limit), (tokens, limit)
    assert calls  # the common tokens went through the window
