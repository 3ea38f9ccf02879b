"""PostgreSQL's full-text candidates: testing the newest reports' passages first, then the
GIN index for the older ones, gives the very candidates (and order) of a plain GIN match."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from corpus.storage import fts, fts_postgres
from corpus.storage.store import Store

pytestmark = pytest.mark.postgres


@pytest.fixture
def db_url(pg_url: str) -> str:
    return pg_url


def plain_gin(store: Store, tokens: list[str], years: list[int] | None, limit: int) -> list[int]:
    index = store.index
    assert isinstance(index, fts_postgres.PostgresHashes)

    def newest(conn, level, ys, n):  # type: ignore[no-untyped-def]
        query = fts_postgres._query(level)
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
    real = fts_postgres._newest_reports
    calls = []

    def newest(conn, ys, limit, passages, per_report):  # type: ignore[no-untyped-def]
        ids, cap = real(conn, ys, limit, passages, per_report)
        calls.append(ys)
        return ids, min(cap, cap_reports)

    monkeypatch.setattr(fts_postgres, "_newest_reports", newest)
    monkeypatch.setattr(fts_postgres, "WINDOW_COST", 0.01)  # five reports: let the window be used
    for tokens in (["法治", "建设"], ["法治", "政府"], ["审查", "合同"]):
        for limit in (5, 40, 400):
            got = loaded_store.candidates(tokens, years, limit)
            assert got == plain_gin(loaded_store, tokens, years, limit), (tokens, limit)
    assert calls  # the common tokens went through the window


def test_token_hashes_in_sql_are_pythons(loaded_store: Store) -> None:
    """The hashes written with a row (SQL, migration 0012) are those a question asks for."""
    tokens = "法治 建设 法治 2022 a'b \\ 综合行政执法 ÿ 的 和 5"
    with loaded_store.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hashes(:t)"), {"t": tokens}).scalar()
        empty = conn.execute(text("SELECT token_hashes('')")).scalar()
    assert stored == fts_postgres.token_hashes(tokens) and len(stored) == 8
    assert empty == [] and fts_postgres.token_hashes("") == []
    assert fts_postgres.token_hash("的") not in stored  # a single Han character is not indexed
    assert loaded_store.candidates(["的"], None, 10) == []


def test_frequencies_map_tokens_to_their_hashes(loaded_store: Store) -> None:
    loaded_store.refresh_statistics()
    with loaded_store.engine.connect() as conn:
        shares = loaded_store.index.frequencies(conn, ["法治", "建设", "不在任何段落里的词"])
        holding = conn.execute(
            text("SELECT avg((hashes @> ARRAY[:h])::int) FROM passages"),
            {"h": fts_postgres.token_hash("法治")},
        ).scalar()
    assert "不在任何段落里的词" not in shares
    assert abs(shares["法治"] - float(holding)) < 0.05 and 0 < shares["建设"] <= 1


@pytest.mark.parametrize("years", [None, [2022]])
def test_many_matches_asked_of_the_newest_passages_first_match_plain_gin(
    loaded_store: Store, years: list[int] | None
) -> None:
    """Matches expected to be many are asked of id ranges from the newest down (few heap
    fetches); the candidates and their order are those of one plain GIN match."""
    index = loaded_store.index
    assert isinstance(index, fts_postgres.PostgresHashes)
    with loaded_store.engine.connect() as conn:
        for tokens in (["法治"], ["依法", "行政"], ["审查", "合同"]):
            query = fts_postgres._query(tokens)
            for limit in (1, 5, 40, 400):
                plain = index._matches(conn, query, years, limit, below=None)
                for expected in (1e3, 1e6):  # one narrow range after another, or one wide
                    stepped = index._newest_matches(conn, query, years, limit, expected)
                    assert stepped == plain, (tokens, limit, expected)


def test_shares_told_choose_the_path_not_the_candidates(loaded_store: Store) -> None:
    """Shares remembered by the store may be stale: whatever they say, the candidates are a
    plain GIN match's."""
    loaded_store.refresh_statistics()
    tokens = ["审查", "合同", "法治"]
    with loaded_store.engine.connect() as conn:
        for said in ({}, dict.fromkeys(tokens, 1.0), {"审查": 0.0, "合同": 0.9, "法治": 0.001}):
            for limit in (3, 40):
                got = loaded_store.index.candidates(conn, tokens, None, limit, said)
                assert got == plain_gin(loaded_store, tokens, None, limit), (said, limit)
