from pathlib import Path

import pytest
from sqlalchemy import func, select

from corpus.errors import ReportNotFoundError
from corpus.ingest import ingest_file, prepare_file
from corpus.reading.prepare import Prepared
from corpus.settings import Settings
from corpus.storage.models import PassageRow, ReportRow, SectionRow
from corpus.storage.store import Store, open_store
from tests.conftest import SEEDS


def counts(store: Store) -> tuple[int, int, int]:
    with store.session() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t))
            for t in (ReportRow, SectionRow, PassageRow)
        )


def test_bundled_reports_are_listed(loaded_store: Store) -> None:
    listed = {(r.town, r.year) for r in loaded_store.reports()}
    assert listed == {
        ("辛口镇", 2021),
        ("辛口镇", 2022),
        ("杨柳青镇", 2023),
        ("张家窝镇", 2020),
        ("八里台镇", 2024),
    }
    assert loaded_store.available()["辛口镇"] == (2021, 2022)


def test_same_file_twice_changes_nothing(store: Store, settings: Settings) -> None:
    assert ingest_file(store, SEEDS[0], settings).status == "added"
    before = counts(store)
    assert ingest_file(store, SEEDS[0], settings).status == "unchanged"
    assert counts(store) == before


def test_new_version_supersedes_and_old_one_is_kept(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ingest_file(store, SEEDS[1], settings)
    edited = tmp_path / "xinkou-2022-v2.txt"
    edited.write_text(
        SEEDS[1].read_text(encoding="utf-8") + "\n补充说明：全年新增调解员3名。\n", encoding="utf-8"
    )
    assert ingest_file(store, edited, settings).status == "replaced"
    current = store.reports()
    everything = store.reports(include_superseded=True)
    assert [(r.town, r.year, r.source_name) for r in current] == [
        ("辛口镇", 2022, "xinkou-2022-v2.txt")
    ]
    assert len(everything) == 2 and sum(r.superseded for r in everything) == 1
    # the superseded text is not searchable; the new one is
    hits = store.passages(store.candidates(["调解员"], None, 10))
    assert hits and all(h.report_id == current[0].id for h in hits)
    # ingesting the old file again restores it
    assert ingest_file(store, SEEDS[1], settings).status == "restored"
    assert store.reports()[0].source_name == SEEDS[1].name


def test_failed_ingest_writes_nothing(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_file(store, SEEDS[0], settings)
    before = counts(store)

    def boom(*args: object) -> None:
        raise RuntimeError("index failure")

    monkeypatch.setattr(store.index, "add", boom)
    result = ingest_file(store, SEEDS[1], settings)  # the file's error line, not a traceback
    assert result.status == "error" and "无法导入" in (result.error or "")
    assert counts(store) == before


def prepared_seeds(settings: Settings) -> list[Prepared]:
    items = [prepare_file(path, settings) for path in SEEDS]
    assert all(isinstance(p, Prepared) for p in items)
    return items  # type: ignore[return-value]


def test_batches_are_reported_once_committed(db_url: str, settings: Settings) -> None:
    writer, reader = open_store(db_url), open_store(db_url)
    items = prepared_seeds(settings)
    results = writer.add_reports([*items[:3], items[0]], batch=2)
    first = next(results)
    assert first.status == "added"
    assert sum(len(ys) for ys in reader.available().values()) == 2  # the whole first batch
    rest = [r.status for r in results]
    assert rest == ["added", "added", "unchanged"]
    assert sum(len(ys) for ys in reader.available().values()) == 3
    writer.engine.dispose()
    reader.engine.dispose()


def test_a_failing_batch_stores_none_of_its_reports(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = prepared_seeds(settings)
    list(store.add_reports(items[:1]))
    before = counts(store)

    def boom(*args: object) -> None:
        raise RuntimeError("index failure")

    monkeypatch.setattr(store.index, "add", boom)
    with pytest.raises(RuntimeError):
        list(store.add_reports(items[1:], batch=10))
    assert counts(store) == before
    monkeypatch.undo()
    assert [r.status for r in store.add_reports(items[1:])] == ["added"] * 4
    assert {p.report_id for p in store.passages(store.candidates(["合同"], None, 500))} == {
        r.id for r in store.reports()
    }  # every report's passages reached the full-text index


def test_load_round_trips_the_outline(loaded_store: Store) -> None:
    info, report = loaded_store.load("辛口", 2021)
    assert info.town == report.town == "辛口镇"
    assert report.sections[0].label == "一、履行推进法治建设第一责任人情况"
    assert report.path(report.sections[-1].ordinal)[0].startswith("四、")


def test_unknown_year_lists_what_exists(loaded_store: Store) -> None:
    with pytest.raises(ReportNotFoundError) as err:
        loaded_store.load("辛口镇", 2023)
    assert (
        str(err.value) == "未找到辛口镇2023年的报告。已有：2021、2022。用 townreport ingest 导入。"
    )
    with pytest.raises(ReportNotFoundError) as err:
        loaded_store.load("不存在镇", 2023)
    assert "杨柳青镇（2023）" in str(err.value)


def test_candidates_come_from_the_index_with_filters(loaded_store: Store) -> None:
    ids = loaded_store.candidates(["审查", "合同"], None, 50)
    texts = [p.text for p in loaded_store.passages(ids)]
    assert any("245份" in t for t in texts) and any("284份" in t for t in texts)
    only_2022 = loaded_store.passages(loaded_store.candidates(["审查", "合同"], [2022], 50))
    assert only_2022 and {(p.town, p.year) for p in only_2022} == {("辛口镇", 2022)}
    assert loaded_store.candidates(["不存在的词语"], None, 10) == []
    assert loaded_store.candidates(["' OR 1=1 --", 'a"b'], None, 10) == []


def test_candidates_holding_every_token_come_first(loaded_store: Store) -> None:
    tokens = ["合同", "审查"]
    ids = loaded_store.candidates(tokens, None, 200)
    found = {p.id: p.section + p.text for p in loaded_store.passages(ids)}  # heading indexed too
    holds = {i: {t for t in tokens if t in text} for i, text in found.items()}
    levels = [len(holds[i]) for i in ids]
    assert levels[0] == 2 and 1 in levels
    assert levels == sorted(levels, reverse=True)  # all tokens, then one token
    both = [i for i in ids if len(holds[i]) == 2]
    assert both == sorted(both, reverse=True)  # newest first within a level
    assert len(set(ids)) == len(ids)
    assert len(loaded_store.candidates(tokens, None, 3)) == 3


def test_catalog_is_read_only(loaded_store: Store) -> None:
    catalog = loaded_store.available()
    with pytest.raises(TypeError):
        catalog["新镇"] = (2020,)  # type: ignore[index]
    assert loaded_store.available() is catalog  # cached until a report is added


def test_town_passages_by_report_index(loaded_store: Store) -> None:
    both = loaded_store.town_passages("辛口镇", None)
    assert {p.year for p in both} == {2021, 2022}
    assert len(both) == sum(r.passages for r in loaded_store.reports() if r.town == "辛口镇")
    assert {p.year for p in loaded_store.town_passages("辛口镇", [2022])} == {2022}


def test_first_ingest_leaves_token_statistics(loaded_store: Store) -> None:
    # no explicit refresh: PostgreSQL's autovacuum may come minutes later, and without
    # statistics every token would look rare to the search
    share = loaded_store.token_frequencies(["法治", "天津日报"])
    assert share["法治"] > 0.5 > share["天津日报"]


def test_token_frequencies(loaded_store: Store) -> None:
    loaded_store.refresh_statistics()
    share = loaded_store.token_frequencies(["法治", "天津日报", "不存在的词语"])
    assert share.get("不存在的词语", 0.0) == 0.0
    if "法治" in share:  # PostgreSQL only knows the common lexemes
        assert share["法治"] > 0.5 > share.get("天津日报", 0.0)


def test_catalog_sees_another_process_ingest(db_url: str, settings: Settings) -> None:
    first, second = open_store(db_url), open_store(db_url)
    assert first.available() == {}
    ingest_file(second, SEEDS[0], settings)
    assert first.available() == {"辛口镇": (2021,)}
    ingest_file(second, SEEDS[1], settings)
    assert first.available() == {"辛口镇": (2021, 2022)}
    first.engine.dispose()
    second.engine.dispose()


def test_reopening_does_not_migrate_twice(db_url: str) -> None:
    open_store(db_url).engine.dispose()
    again = open_store(db_url)
    assert again.count() == 0


@pytest.mark.postgres
def test_planner_statistics_follow_a_growing_table(
    pg_url: str, settings: Settings, tmp_path: Path
) -> None:
    """A plan made while ``reports`` was tiny scans it whole for every foreign-key check once
    it is large: statistics are taken again each time the reports double."""
    from bench.synth import generate

    store = open_store(pg_url)
    items = [prepare_file(p, settings) for p in generate(tmp_path / "c", 45, seed=5)]
    list(store.add_reports(items[:5]))  # type: ignore[arg-type]
    known = "SELECT reltuples FROM pg_class WHERE oid = 'reports'::regclass"
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql(known).scalar() == 5  # first batch: analysed at once
    list(store.add_reports(items[5:], batch=8))  # type: ignore[arg-type]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql(known).scalar() > 32  # re-analysed on the way to 45
    store.engine.dispose()
