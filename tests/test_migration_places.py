"""Migration 0006 on a database written before places existed: no report is lost."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import create_engine, func, select, text

from corpus.storage.database import migrations_config
from corpus.storage.models import PlaceRow, ReportRow
from corpus.storage.store import open_store

OLD_ROWS = [
    # town, county, year, ingested (day), a report stored under the short name by --town
    ("辛口镇", "西青区", 2021, 1),
    ("辛口镇", None, 2022, 2),
    ("辛口", None, 2022, 3),
    ("和平镇", "武清区", 2023, 4),
    ("旧城子镇", None, 2019, 5),
]


def _old_database(url: str) -> None:
    engine = create_engine(url)
    cfg = migrations_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        for i, (town, county, year, day) in enumerate(OLD_ROWS, 1):
            conn.execute(
                text(
                    "INSERT INTO reports (id, town, county, year, title, meta, source_name, "
                    "source_format, source_hash, ingested_at) VALUES "
                    "(:id, :town, :county, :year, :title, '{}', :src, 'txt', :hash, :at)"
                ),
                {
                    "id": i,
                    "town": town,
                    "county": county,
                    "year": year,
                    "title": f"{town}{year}年度法治政府建设情况报告",
                    "src": f"{i}.txt",
                    "hash": f"h{i}",
                    "at": datetime(2026, 1, day),
                },
            )
            conn.execute(
                text(
                    "INSERT INTO passages (report_id, ordinal, section, text, tokens) "
                    "VALUES (:id, 0, '', '全年审查合同20份。', '审查 合同')"
                ),
                {"id": i},
            )
    engine.dispose()


def test_upgrade_links_every_report_to_its_place(db_url: str) -> None:
    _old_database(db_url)
    store = open_store(db_url)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(ReportRow)) == len(OLD_ROWS)
        assert s.scalar(select(func.count()).where(ReportRow.place_id.is_(None))) == 0
        places = {p.key: p for p in s.scalars(select(PlaceRow))}
    # 辛口 and 辛口镇 are one place, with its code; 和平镇 keeps its county; the name the
    # table lacks keeps its own form
    assert set(places) == {"120111102", "武清区/和平镇", "/旧城子镇"}
    xinkou = places["120111102"]
    assert (xinkou.name, xinkou.county, xinkou.province) == ("辛口镇", "西青区", "天津市")
    catalog = store.available()
    assert catalog["辛口镇"] == (2021, 2022)
    assert "辛口" not in catalog
    # the two 2022 versions: the newer (stored under 辛口) is current, the older kept
    versions = [r for r in store.reports(include_superseded=True) if r.year == 2022]
    assert len(versions) == 2
    assert [r.source_name for r in versions if not r.superseded] == ["3.txt"]
    hemping = next(r for r in store.reports() if r.year == 2023)
    assert hemping.town == "和平镇" and hemping.county == "武清区"
    store.engine.dispose()


def test_downgrade_and_upgrade_again_keep_every_report(db_url: str) -> None:
    _old_database(db_url)
    store = open_store(db_url)
    cfg = migrations_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    store.engine.dispose()
    store = open_store(db_url)  # upgrades again
    assert len(store.reports(include_superseded=True)) == len(OLD_ROWS)
    assert store.available()["辛口镇"] == (2021, 2022)
    store.engine.dispose()
