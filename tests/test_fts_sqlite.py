"""SQLite's full-text index: after a bulk ingest its segments are merged into one, and a
question finds the very candidates it found before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from corpus.ingest import ingest_paths
from corpus.settings import Settings
from corpus.storage.store import open_store
from tests.conftest import SEEDS
from tests.hostile import report_text, townreport


def segments(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(DISTINCT segid) FROM passage_fts_idx").fetchone()[0]


def test_refresh_merges_the_segments_and_keeps_the_candidates(
    tmp_path: Path, settings: Settings
) -> None:
    db = tmp_path / "one.db"
    store = open_store(f"sqlite:///{db}")
    for seed in SEEDS:  # one report at a time: a segment each (FTS5 merges some itself)
        assert all(r.ok for r in ingest_paths(store, [seed], settings))
    assert segments(db) > 1
    asks = [(["法治"], None), (["审查", "合同"], None), (["法治", "培训"], [2022, 2023])]
    with store.engine.connect() as conn:
        before = [store.index.candidates(conn, t, y, 50) for t, y in asks]
    store.refresh_statistics()
    assert segments(db) == 1
    with store.engine.connect() as conn:
        assert [store.index.candidates(conn, t, y, 50) for t, y in asks] == before
    assert all(before)
    store.engine.dispose()


def test_a_folder_ingested_by_the_command_leaves_one_segment(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(40):  # two batches of writes (32 reports each): two segments at least
        town = f"{'东西南北中前后新'[n // 5]}{'河山湖岭桥'[n % 5]}镇"
        (folder / f"{n}.txt").write_text(report_text(town, "某某县", 2020 + n % 4), "utf-8")
    db = tmp_path / "cli.db"
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{db}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    done = townreport("ingest", str(folder), env=env)
    assert done.code == 0, done.err
    assert segments(db) == 1
    asked = townreport("ask", "东湖镇合法性审查情况", env=env)
    assert asked.code == 0 and "东湖镇" in asked.out, asked.err
