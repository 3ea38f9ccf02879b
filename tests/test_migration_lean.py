"""Migration 0010 on a database written at 0009: section kinds backfilled from the stored
paths, passages without their path and token text (the index rebuilt from them), figures
numbered from 0; every question, load and removal works on the upgraded data."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import create_engine, inspect, text

from corpus.reading.prepare import PATH_SEPARATOR
from corpus.storage.database import migrations_config
from corpus.storage.rows import derived_tokens
from corpus.storage.store import open_store

SECTIONS = [  # ordinal, parent, level, number, title
    (0, None, 1, "一、", "主要举措和成效"),
    (1, 0, 2, "（一）", "深化法治宣传"),
    (2, None, 1, "二、", "存在问题及下一步打算"),
    (3, 2, 2, "（一）", "存在的问题"),
    (4, 2, 2, "（二）", "下一步打算"),
]
PASSAGES = [  # ordinal, section ordinal, text
    (0, None, "现将辛口镇2022年法治政府建设情况报告如下。"),
    (1, 1, "全年开展普法宣传活动32场次，审查合同20份。"),
    (2, 3, "基层执法力量薄弱，执法人员专业素质有待提高。"),
    (3, 4, "继续加强综合行政执法队伍建设，组织执法培训4次。"),
]
KINDS = {0: "achievements", 1: "achievements", 3: "problems", 4: "plans"}


def _paths() -> dict[int, str]:
    by = {s[0]: s for s in SECTIONS}
    out: dict[int, str] = {}
    for ordinal, parent, _, number, title in SECTIONS:
        label = number + title
        out[ordinal] = (out[parent] + PATH_SEPARATOR if parent is not None else "") + label
        assert ordinal in by
    return out


def _database_at_0009(url: str, reports: int = 2) -> None:
    engine = create_engine(url)
    cfg = migrations_config()
    paths = _paths()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0009")
        conn.execute(
            text(
                "INSERT INTO places (id, key, name, level, county, city, province, code) VALUES "
                "(1, '120111102', '辛口镇', 'town', '西青区', '天津市', '天津市', '120111102')"
            )
        )
        for r in range(1, reports + 1):
            conn.execute(
                text(
                    "INSERT INTO reports (id, place_id, town, county, year, title, meta, "
                    "source_name, source_format, source_hash, ingested_at) VALUES (:id, 1, "
                    "'辛口镇', '西青区', :year, '报告', '{}', 'r.txt', 'txt', :hash, :at)"
                ),
                {"id": r, "year": 2020 + r, "hash": f"h{r}", "at": datetime(2026, 1, r)},
            )
            for ordinal, parent, level, number, title in SECTIONS:
                conn.execute(
                    text(
                        "INSERT INTO sections (report_id, ordinal, parent_ordinal, level, "
                        "number, title, path) VALUES (:r, :o, :p, :l, :n, :t, :path)"
                    ),
                    {"r": r, "o": ordinal, "p": parent, "l": level, "n": number, "t": title}
                    | {"path": paths[ordinal]},
                )
            ids = [r * 100 + o for o, _, _ in PASSAGES]
            tokens = derived_tokens(SECTIONS, [(i, *p) for i, p in zip(ids, PASSAGES, strict=True)])
            for (ordinal, section, body), (id_, toks) in zip(PASSAGES, tokens, strict=True):
                conn.execute(
                    text(
                        "INSERT INTO passages (id, report_id, section_ordinal, ordinal, section, "
                        "text, tokens) VALUES (:id, :r, :s, :o, :path, :text, :tokens)"
                    ),
                    {"id": id_, "r": r, "s": section, "o": ordinal, "text": body}
                    | {"path": paths[section] if section is not None else "", "tokens": toks},
                )
            if conn.dialect.name == "sqlite":  # 0009's external-content index
                conn.execute(
                    text(
                        "INSERT INTO passage_fts(rowid, tokens) SELECT id, tokens FROM passages "
                        "WHERE report_id = :r"
                    ),
                    {"r": r},
                )
            for n, passage in enumerate((r * 100 + 1, r * 100 + 3), 1):  # 0002 counted from 1
                conn.execute(
                    text(
                        "INSERT INTO figures (report_id, passage_id, ordinal, label, value, unit, "
                        "qualifier, span, sentence, indicator) VALUES (:r, :p, :n, '合同', 20, "
                        "'份', '', '审查合同20份', '审查合同20份。', '')"
                    ),
                    {"r": r, "p": passage, "n": n},
                )
    engine.dispose()


def test_upgrade_from_0009_keeps_every_passage_findable(db_url: str) -> None:
    _database_at_0009(db_url)
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("passages")}
            assert "tokens" not in columns and "section" not in columns
            kinds = dict(
                conn.execute(text("SELECT ordinal, kind FROM sections WHERE report_id = 1")).all()
            )
            ordinals = (
                conn.execute(
                    text("SELECT ordinal FROM figures WHERE report_id = 2 ORDER BY ordinal")
                )
                .scalars()
                .all()
            )
        assert kinds == {
            0: "achievements",
            1: "achievements",
            2: "plans",
            3: "problems",
            4: "plans",
        }
        assert ordinals == [0, 1]
        found = store.passages(store.candidates(["执法"], None, 10))
        assert [(r.id, r.kind) for r in found] == [
            (203, "plans"),
            (202, "problems"),
            (103, "plans"),
            (102, "problems"),
        ]
        assert found[0].section == "二、存在问题及下一步打算 › （二）下一步打算"
        assert store.passages([100])[0].section == "" and store.passages([100])[0].kind == ""
        assert store.section_kinds(1) == kinds
        _, report = store.load(store.place("辛口镇"), 2021)
        assert [p.text for p in report.passages] == [p[2] for p in PASSAGES]
        figures = store.figures(store.place("辛口镇"), 2022)
        assert [f.section for f in figures] == [_paths()[1], _paths()[4]]
        # the sentence found in its passage is stored as offsets, the other kept whole
        assert [f.figure.sentence for f in figures] == ["审查合同20份。"] * 2
        with store.engine.connect() as conn:
            stored = conn.execute(
                text(
                    "SELECT sentence, sentence_start, sentence_end FROM figures "
                    "WHERE report_id = 2 ORDER BY ordinal"
                )
            ).all()
        assert [tuple(r) for r in stored] == [("", 15, 23), ("审查合同20份。", None, None)]
        # removing a report unindexes its passages (tokens derived again from the text)
        store.remove("辛口镇", 2022)
        assert store.candidates(["执法"], None, 10) == [103, 102]
    finally:
        store.engine.dispose()


def test_downgrade_to_0009_and_upgrade_again(db_url: str) -> None:
    _database_at_0009(db_url)
    store = open_store(db_url)
    cfg = migrations_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, section, tokens FROM passages WHERE report_id = 1 ORDER BY id")
        ).all()
        sentences = conn.execute(text("SELECT sentence FROM figures")).scalars().all()
    assert sentences == ["审查合同20份。"] * 4
    store.engine.dispose()
    paths = _paths()
    assert [r[1] for r in rows] == [paths[s] if s is not None else "" for _, s, _ in PASSAGES]
    assert all(r[2] for r in rows) and "执法" in rows[2][2].split()
    store = open_store(db_url)  # upgrades again
    try:
        assert store.candidates(["执法"], None, 10) == [203, 202, 103, 102]
        assert store.section_kinds(2)[3] == KINDS[3]
    finally:
        store.engine.dispose()
