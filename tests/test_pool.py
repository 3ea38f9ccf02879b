"""A place's passages kept as a Pool: which of them hold a word, found from which hold each
of its pairs of characters, must be exactly which hold the word; and the shortlist a Pool gives is
the one searching every passage gives."""

from __future__ import annotations

from bench.evaluate import load_jsonl
from corpus.errors import ReportNotFoundError
from corpus.search.answer import _candidates
from corpus.search.pool import Pool
from corpus.search.query import understand
from corpus.search.scoring import read, scorer
from corpus.storage.store import PassageRecord, Store
from tests.conftest import ROOT

QUESTIONS = [
    *load_jsonl(ROOT / "tests" / "data" / "qa_dev.jsonl"),
    *load_jsonl(ROOT / "tests" / "data" / "qa_paraphrase.jsonl"),
]


def _record(i: int, section: str, text: str) -> PassageRecord:
    return PassageRecord(i, 1, "辛口镇", 2022, "标题", section, i, text, "measures")


def test_holding_is_exactly_the_passages_that_hold_the_word() -> None:
    texts = ["开展普法宣传", "法治宣传教育", "宣法", "普法", "人民调解", "", "宣传，传法"]
    pool = Pool(read(_record(i, "一、主要举措", t)) for i, t in enumerate(texts))
    words = (
        "普法",
        "宣传",
        "法宣",
        "法",
        "主要",
        "调解员",
        "宣法",
        "一、",
        "无此",
        "宣传法",
        "措开",
    )
    for word in words:  # 宣传法: both its pairs stand in the last text, apart; 措开: across
        want = [k for k, r in enumerate(pool.reads) if word in r.heading_text]
        assert pool.holding(word) == want, word
    assert pool.holding_any(["普法", "调解"]) == [0, 3, 4]
    assert pool.holding_any([]) == []


def test_a_word_whose_characters_stand_apart_is_not_held() -> None:
    pool = Pool(read(_record(i, "", t)) for i, t in enumerate(["普及宪法", "法普"]))
    assert pool.holding("普法") == [] and pool.holding("法普") == [1]


def test_the_pool_shortlists_as_searching_every_passage_does(loaded_store: Store) -> None:
    catalog = loaded_store.available()
    pooled = 0
    for item in QUESTIONS:
        try:
            q = understand(str(item["question"]), catalog)
        except ReportNotFoundError:
            continue
        if not q.has_content:
            continue
        found = _candidates(loaded_store, q, list(q.years), catalog)
        if not isinstance(found, Pool):
            continue
        pooled += 1
        scoring = scorer(q)
        assert scoring.shortlist(found) == scoring.shortlist(list(found.reads))
    assert pooled >= 10


def test_a_place_is_pooled_once_until_the_reports_change(loaded_store: Store) -> None:
    catalog = loaded_store.available()
    q = understand("辛口镇开展了哪些普法活动", catalog)
    first = _candidates(loaded_store, q, [], catalog)
    assert isinstance(first, Pool) and len(first) > 20
    assert _candidates(loaded_store, q, [], loaded_store.available()) is first
