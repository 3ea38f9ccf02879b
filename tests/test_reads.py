"""The store's reads as plain SQL: on ``sqlite3`` itself for a SQLite file at the newest
schema (a command-line question then never imports SQLAlchemy), through SQLAlchemy for the
rest; both give the same rows."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from corpus.settings import Settings
from corpus.storage import loading
from corpus.storage.catalog_rows import read_catalog
from corpus.storage.reads import (
    DriverReads,
    EngineReads,
    as_datetime,
    as_mapping,
    in_list,
    schema_revision,
    sqlite_file,
)
from corpus.storage.revisions import head_revision
from corpus.storage.store import Store, open_store
from tests.hostile import townreport
from tests.test_migration_years import _database_at_0012

QUESTION = "辛口镇2022年法律顾问审查了多少份合同？"


def _imported(err: str) -> set[str]:
    """Top packages named in ``-X importtime`` lines (PYTHONPROFILEIMPORTTIME)."""
    names = set()
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_a_question_on_a_current_sqlite_file_never_imports_sqlalchemy(tmp_path: Path) -> None:
    env = {"TOWNREPORT_DATA_DIR": str(tmp_path / "data"), "TOWNREPORT_AUTO_INGEST": "1"}
    first = townreport("ask", QUESTION, env=env)  # creates the database, stores the bundled
    assert first.code == 0 and "已自动导入" in first.err, first.err
    again = townreport("ask", QUESTION, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert again.code == 0, again.err
    assert "284份" in again.out and "辛口镇 2022年" in again.out
    imported = _imported(again.err)
    assert "jieba" in imported  # the lines were read (the check can fail)
    assert not imported & {"sqlalchemy", "alembic"}, sorted(imported)


def test_a_question_on_an_older_schema_upgrades_it_first(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _database_at_0012(url)
    assert schema_revision(str(tmp_path / "old.db")) == ["0012"]
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": url,
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    done = townreport("ask", "辛口镇2021年法律顾问审查了多少份合同", env=env)
    assert done.code == 0, done.err
    assert "正在升级数据库" in done.err and "辛口镇" in done.out
    assert schema_revision(str(tmp_path / "old.db")) == [head_revision()]


def test_the_driver_and_sqlalchemy_read_the_same_rows(
    loaded_store: Store, db_url: str, tmp_path: Path
) -> None:
    file = sqlite_file(db_url)
    if file is None:
        pytest.skip("the driver reads SQLite files only; PostgreSQL's reads run in every test")
    driver, engine = DriverReads(file), EngineReads(create_engine(db_url))
    try:
        assert dict(read_catalog(driver)) == dict(read_catalog(engine))
        place = loaded_store.place("辛口镇")
        for reads in (driver, engine):
            columns, sections = loading.report_and_outline(reads, place.id, 2022) or ((), ())
            assert isinstance(columns[4], dict) and isinstance(columns[7], datetime)
            assert sections and sections[0].title
        assert loading.report_and_outline(driver, place.id, 2022) == loading.report_and_outline(
            engine, place.id, 2022
        )
        report_id = loading.report_and_outline(driver, place.id, 2022)[0][0]  # type: ignore[index]
        assert loading.passages_of(driver, report_id, True) == loading.passages_of(
            engine, report_id, True
        )
        wanted = [(place, 2021), (place, 2022), (place, 2030)]
        figures = loading.figures_of(driver, wanted)
        assert figures == loading.figures_of(engine, wanted) and len(figures) == 2
    finally:
        driver.close()
        engine.engine.dispose()


def test_a_store_reading_on_the_driver_sees_another_process_write(
    tmp_path: Path, settings: Settings
) -> None:
    from corpus.ingest import bundled_dir, expand, ingest_paths

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_store(url).close()  # the schema
    reader, writer = open_store(url), open_store(url)
    try:
        assert isinstance(reader.reads, DriverReads) and reader._engine is None
        assert reader.available() == {}
        assert all(r.ok for r in ingest_paths(writer, expand([bundled_dir()]), settings))
        assert "辛口镇" in reader.available() and reader.count() == 5
        assert reader._engine is None  # reading never needed the engine
    finally:
        reader.close()
        writer.close()


def test_driver_connections_are_kept_and_shared_between_threads(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    sqlite3.connect(path).execute("CREATE TABLE t (n)").connection.commit()
    reads = DriverReads(path)
    with reads.connection() as first:
        pass
    with reads.connection() as again:
        assert again is first
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(reads.rows("SELECT count(*) FROM t")))
    thread.start()
    thread.join()
    assert seen == [[(0,)]]
    told: list[str] = []
    reads.listeners.append(told.append)
    reads.rows("SELECT n FROM t WHERE n = :n", {"n": 3})
    assert told == ["SELECT n FROM t WHERE n = 3"]
    with pytest.raises(sqlite3.OperationalError), reads.connection() as broken:
        broken.execute("SELECT nothing FROM nowhere")
    with reads.connection() as after:  # an error closed that one: a fresh one
        assert after is not broken
    reads.close()


def test_only_plain_sqlite_file_urls_are_read_on_the_driver() -> None:
    assert sqlite_file("sqlite:////tmp/a.db") == "/tmp/a.db"
    assert sqlite_file("sqlite:///rel/a.db") == "rel/a.db"
    for url in [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///a.db?mode=ro",
        "sqlite:///a%20b.db",
        "sqlite+pysqlite:///a.db",
        "postgresql+psycopg://postgres@127.0.0.1/test",
    ]:
        assert sqlite_file(url) is None, url


def test_schema_revision_of_what_is_not_a_townreport_database(tmp_path: Path) -> None:
    assert schema_revision(str(tmp_path / "missing.db")) is None
    assert not (tmp_path / "missing.db").exists()  # looking created nothing
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert schema_revision(str(tmp_path / "junk.db")) is None
    odd = tmp_path / "a#b?c.db"
    sqlite3.connect(odd).execute("CREATE TABLE alembic_version (version_num)").connection.commit()
    assert schema_revision(str(odd)) == []


def test_values_as_either_database_gives_them() -> None:
    assert in_list("id", [4, 5]) == ("(:id_0, :id_1)", {"id_0": 4, "id_1": 5})
    assert in_list("id", []) == ("(NULL)", {})
    assert as_mapping('{"date": "2022年"}') == {"date": "2022年"} == as_mapping({"date": "2022年"})
    assert as_mapping(None) == {} == as_mapping("null")
    when = datetime(2026, 12, 3, 6, 21, 13, 575601)
    assert as_datetime("2026-12-03 06:21:13.575601") == when == as_datetime(when)
