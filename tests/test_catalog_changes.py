"""The catalog is brought up to date from the places that changed, not read whole: another
process's ingest, replacement and removal each re-read one place; a process too far behind,
or one with an older database, reads it whole once. Token shares survive an ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.ingest import ingest_file
from corpus.settings import Settings
from corpus.storage import place_rows
from corpus.storage import store as store_module
from corpus.storage.catalog_rows import read_catalog
from corpus.storage.store import Store, open_store
from tests.conftest import SEEDS


def _same_as_whole(store: Store) -> None:
    catalog = store.available()
    whole = read_catalog(store.reads)
    assert dict(catalog) == dict(whole) and list(catalog) == list(whole)
    assert catalog.ids == whole.ids and catalog.places == whole.places
    assert catalog.forms() == whole.forms()
    assert catalog.owners() == whole.owners()  # worked out from the old ones, as if afresh
    for text in [
        "武清区和平镇2022年",
        "宝坻和平镇",
        "和平镇",
        "辛口镇",
        "西青辛口",
        "武清宝坻西青区",
    ]:
        assert catalog.named_in(text) == whole.named_in(text)
        assert catalog.counties_in(text) == whole.counties_in(text)
    for label in whole:
        assert catalog.label_of(whole.ids[label]) == label


def _report(tmp_path: Path, town: str, year: int, county: str = "") -> Path:
    path = tmp_path / f"{county}{town}{year}.txt"
    path.write_text(
        f"{county}{town}{year}年法治政府建设情况报告\n一、主要举措和成效\n"
        f"{year}年，{town}深入推进依法行政，审查合同{year % 100}份，开展普法宣传活动12场次。\n"
        "二、存在的不足\n执法力量薄弱。\n三、下一年度工作安排\n继续加强执法队伍建设。\n",
        encoding="utf-8",
    )
    return path


def test_another_process_changes_are_read_place_by_place(
    db_url: str, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader, writer = open_store(db_url), open_store(db_url)
    try:
        ingest_file(writer, SEEDS[0], settings)
        assert reader.available() == {"辛口镇": (2021,)}  # the first read is whole
        reader.available().owners()
        reader.available().counties_in("西青区")
        writer.available()  # each process's first read is whole

        def whole(reads):  # type: ignore[no-untyped-def]
            raise AssertionError("the catalog was read whole")

        monkeypatch.setattr(store_module, "read_catalog", whole)
        forms = reader.available().owners()
        ingest_file(writer, SEEDS[1], settings)  # the same place's next year
        assert reader.available() == {"辛口镇": (2021, 2022)}
        assert reader.available().owners() is forms  # the same places: names and forms kept
        for town, year, county in [("和平镇", 2022, "武清区"), ("和平镇", 2023, "宝坻区")]:
            assert ingest_file(writer, _report(tmp_path, town, year, county), settings).ok
        assert set(reader.available()) == {"辛口镇", "武清区和平镇", "宝坻区和平镇"}
        _same_as_whole(reader)
        writer.remove("宝坻区和平镇", 2023)
        assert set(reader.available()) == {"辛口镇", "和平镇"}  # unique again
        _same_as_whole(reader)
        writer.remove("辛口镇", 2022)
        assert reader.available()["辛口镇"] == (2021,)
        _same_as_whole(reader)
    finally:
        reader.engine.dispose()
        writer.engine.dispose()


def test_too_far_behind_reads_the_catalog_whole(
    db_url: str, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(place_rows, "KEEP_CHANGES", 4)
    reader, writer = open_store(db_url), open_store(db_url)
    try:
        assert reader.available() == {}
        for year in range(2015, 2020):
            ingest_file(writer, _report(tmp_path, "辛口镇", year, "西青区"), settings)
        assert reader.available()["辛口镇"] == tuple(range(2015, 2020))
        _same_as_whole(reader)
    finally:
        reader.engine.dispose()
        writer.engine.dispose()


def test_token_shares_survive_an_ingest_but_absent_tokens_are_asked_again(
    db_url: str, settings: Settings, tmp_path: Path
) -> None:
    store = open_store(db_url)
    try:
        ingest_file(store, SEEDS[0], settings)
        store.available()
        before = store.token_frequencies(["合同", "无人机"])
        assert before.get("无人机", 0.0) == 0.0
        path = tmp_path / "r.txt"
        path.write_text(
            "辛口镇2023年法治政府建设情况报告\n一、主要举措和成效\n无人机巡查工作深入推进，审查合同9份。\n"
            "二、存在的不足\n执法力量薄弱。\n三、下一年度工作安排\n继续加强执法队伍建设。\n",
            encoding="utf-8",
        )
        assert ingest_file(store, path, settings).ok
        store.available()
        after = store.token_frequencies(["合同", "无人机"])
        assert after.get("合同") == before.get("合同")  # kept
        if store.engine.dialect.name == "sqlite":  # PostgreSQL knows only common lexemes
            assert after["无人机"] > 0.0
    finally:
        store.engine.dispose()
