"""Migration 0013 on a database written at 0012: SQLite's FTS5 rows get their report's year
as a token (built again from the stored text); questions of some years find the same
passages, a removal leaves nothing behind, and a downgrade takes the tokens away again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from corpus.storage.database import migrations_config
from corpus.storage.fts_sqlite import year_token
from corpus.storage.store import open_store
from tests.test_migration_hashes import _database_at_0011


def _database_at_0012(url: str) -> None:
    _database_at_0011(url)
    engine = create_engine(url)
    cfg = migrations_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0012")
    engine.dispose()


def _fts(url: str, token: str) -> list[int]:
    """The FTS5 rows matching ``token`` (SQLite); [] on PostgreSQL, which has no such table."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name != "sqlite":
                return []
            return list(
                conn.exec_driver_sql(
                    "SELECT rowid FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rowid",
                    ('"' + token + '"',),
                ).scalars()
            )
    finally:
        engine.dispose()


def test_upgrade_from_0012_puts_each_year_in_the_index(db_url: str) -> None:
    _database_at_0012(db_url)
    sqlite = db_url.startswith("sqlite")
    assert _fts(db_url, year_token(2021)) == []
    store = open_store(db_url)  # upgrades to the head
    try:
        if sqlite:
            assert _fts(db_url, year_token(2021)) == [100, 101, 102, 103]
            assert _fts(db_url, year_token(2022)) == [200, 201, 202, 203]
            assert _fts(db_url, "执法") == [102, 103, 202, 203]  # the text's tokens kept
        assert store.candidates(["执法"], [2021], 10) == [103, 102]
        assert store.candidates(["执法"], [2022, 2021], 10) == [203, 202, 103, 102]
        assert store.candidates(["执法", "培训"], [2021], 10) == [103, 102]
        assert store.candidates(["执法"], [2023], 10) == []
        store.remove("辛口镇", 2021)  # told the tokens it was indexed with, year included
        assert store.candidates(["执法"], None, 10) == [203, 202]
        assert _fts(db_url, year_token(2021)) == [] and _fts(db_url, "执法") == (
            [202, 203] if sqlite else []
        )
    finally:
        store.engine.dispose()


def test_downgrade_to_0012_takes_the_years_out(db_url: str) -> None:
    _database_at_0012(db_url)
    store = open_store(db_url)
    cfg = migrations_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
    store.engine.dispose()
    assert _fts(db_url, year_token(2022)) == []
    if db_url.startswith("sqlite"):
        assert _fts(db_url, "执法") == [102, 103, 202, 203]
        engine = create_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM passage_fts")).scalar() == 8
        engine.dispose()
    store = open_store(db_url)  # upgrades again
    try:
        assert store.candidates(["执法"], [2022], 10) == [203, 202]
        upgraded = [200, 201, 202, 203] if db_url.startswith("sqlite") else []
        assert _fts(db_url, year_token(2022)) == upgraded
    finally:
        store.engine.dispose()
