"""Migration 0012 on a database written at 0011: PostgreSQL's tsvector becomes an int4[] of
token hashes backfilled from the stored text (SQLite unchanged); questions, loads and
removals work on the upgraded data, and a downgrade gives the tsvector back."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from corpus.reading import prepare
from corpus.search.answer import _index_tokens, ask
from corpus.search.query import Term
from corpus.storage import fts_postgres, rows
from corpus.storage.database import migrations_config
from corpus.storage.store import open_store
from tests.test_migration_lean import PASSAGES, _database_at_0009, _paths


def _database_at_0011(url: str) -> None:
    _database_at_0009(url)
    engine = create_engine(url)
    cfg = migrations_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
        if conn.dialect.name == "postgresql":
            columns = {c["name"] for c in inspect(conn).get_columns("passages")}
            assert "tsv" in columns and "hashes" not in columns
    engine.dispose()


def test_upgrade_from_0011_keeps_every_question_answered(db_url: str) -> None:
    _database_at_0011(db_url)
    store = open_store(db_url)  # upgrades to the head
    try:
        with store.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("passages")}
            if conn.dialect.name == "postgresql":
                assert "tsv" not in columns and "hashes" in columns
                hashes = conn.execute(text("SELECT hashes FROM passages WHERE id = 103")).scalar()
                assert fts_postgres.token_hash("执法") in hashes and hashes == sorted(set(hashes))
                keys = inspect(conn).get_pk_constraint("sections")["constrained_columns"]
                assert keys == ["report_id", "ordinal"]
            above = dict(
                conn.execute(text("SELECT ordinal, above FROM sections WHERE report_id = 1")).all()
            )
        assert above == {0: "", 1: "一、主要举措和成效", 2: "", 3: _paths()[2], 4: _paths()[2]}
        assert store.candidates(["执法"], None, 10) == [203, 202, 103, 102]
        assert store.candidates(["执法", "培训"], [2021], 10) == [103, 102]
        found = store.passages([203, 100])
        assert [r.section for r in found] == [_paths()[4], ""] and found[0].kind == "plans"
        figures = store.figures(store.place("辛口镇"), 2022)
        assert [f.section for f in figures] == [_paths()[1], _paths()[4]]
        store.refresh_statistics()
        assert store.token_frequencies(["执法"]).get("执法", 0.5) > 0
        answer = ask(store, "综合行政执法队伍建设有什么打算", k=3)
        assert answer.hits and "执法队伍" in answer.hits[0].text
        _, report = store.load(store.place("辛口镇"), 2021)
        assert [p.text for p in report.passages] == [p[2] for p in PASSAGES]
        store.remove("辛口镇", 2022)
        assert store.candidates(["执法"], None, 10) == [103, 102]
    finally:
        store.engine.dispose()


def test_downgrade_to_0011_and_upgrade_again(db_url: str) -> None:
    _database_at_0011(db_url)
    store = open_store(db_url)
    cfg = migrations_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011")
        if conn.dialect.name == "postgresql":
            held = conn.execute(
                text("SELECT id FROM passages WHERE tsv @@ '执法' :: tsquery ORDER BY id")
            ).scalars()
            assert list(held) == [102, 103, 202, 203]
    store.engine.dispose()
    store = open_store(db_url)  # upgrades again
    try:
        assert store.candidates(["执法"], None, 10) == [203, 202, 103, 102]
    finally:
        store.engine.dispose()


def test_questions_ask_only_for_indexed_tokens() -> None:
    """PostgreSQL leaves single Han characters out of its index: no question asks for one."""
    terms = [Term(w, 1.0, (w,)) for w in ("的", "法治政府建设", "和", "2022", "5", "审查合同")]
    asked = _index_tokens(terms)
    assert asked and all(fts_postgres.indexed(t) for t in asked)
    assert (
        not fts_postgres.indexed("的")
        and fts_postgres.indexed("5")
        and fts_postgres.indexed("法治")
    )


def test_a_section_path_is_joined_as_ingest_joins_it() -> None:
    assert rows.PATH_SEPARATOR == prepare.PATH_SEPARATOR  # what loading.SECTION_PATH joins with
