"""The compiled ranking (corpus/search/ranker.pyx) against the Python scorer it stands in
for: the same shortlist and the same ranked (score, coverage, snippet, figure) for every
question of the dev, paraphrase and real-form sets over the bundled and real-form reports,
and for passages made to reach its corners (a NUL in a sentence, numbers inside years, words
across a sentence join, long windows, ties, units)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bench.evaluate import load_jsonl
from corpus.errors import ReportNotFoundError
from corpus.ingest import bundled_dir, expand, ingest_paths
from corpus.search import scorer as scorer_module
from corpus.search.answer import _candidates
from corpus.search.pool import Pool
from corpus.search.query import FIGURE_UNIT, understand
from corpus.search.scorer import Scorer
from corpus.search.scoring import Read, read
from corpus.settings import Settings
from corpus.storage.records import PassageRecord
from corpus.storage.store import Store, open_store
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
QUESTIONS = [
    str(item["question"])
    for name in ("qa_dev.jsonl", "qa_paraphrase.jsonl", "qa_questions.jsonl")
    for item in load_jsonl(DATA / name)
]
needs_compiled = pytest.mark.skipif(
    not scorer_module.COMPILED,
    reason="未编译 corpus.search.ranker（无 C 编译器），只有 Python 路径",
)


def test_the_compiled_ranking_is_built_where_required() -> None:
    """CI sets TOWNREPORT_REQUIRE_COMPILED: there the extension must have been built, so the
    tests below cannot skip quietly."""
    if os.environ.get("TOWNREPORT_REQUIRE_COMPILED"):
        assert scorer_module.COMPILED


@pytest.fixture(scope="module")
def forms_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("ranker")
    store = open_store(f"sqlite:///{folder / 'store.db'}")
    settings = Settings.from_env({"TOWNREPORT_DATA_DIR": str(folder / "data")})
    paths = expand([bundled_dir(), DATA / "forms", DATA / "questions"])
    assert all(r.ok for r in ingest_paths(store, paths, settings))
    yield store
    store.close()


def _every_read(store: Store) -> list[Read]:
    catalog = store.available()
    places = [catalog.stored(label) for label in catalog]
    return [read(r) for p in places for r in store.town_passages(p, None, catalog)]


def _pair(question: str, store: Store):  # type: ignore[no-untyped-def]
    catalog = store.available()
    try:
        q = understand(question, catalog)
    except ReportNotFoundError:
        return None
    if not q.has_content:
        return None
    python, compiled = Scorer(q, compiled=False), Scorer(q)
    assert python.ranker is None
    return q, python, compiled


@needs_compiled
@pytest.mark.parametrize("question", QUESTIONS)
def test_the_same_shortlist_and_ranking(question: str, forms_store: Store) -> None:
    made = _pair(question, forms_store)
    if made is None:
        pytest.skip("问题没有可查的内容或地名未入库")
    q, python, compiled = made
    assert compiled.ranker is not None
    every = _every_read(forms_store)
    for given in (
        every,
        Pool(every),
        _candidates(forms_store, q, list(q.years), forms_store.available()),
    ):
        assert compiled.shortlist(given) == python.shortlist(given)
    shortlist = python.shortlist(Pool(every))
    for reads in (shortlist, every):
        for keep in (1, 3, 5, 50):
            assert compiled.ranked(reads, keep) == python.ranked(reads, keep)


def _record(
    n: int, text: str, section: str = "（一）推进依法行政", kind: str = ""
) -> PassageRecord:
    return PassageRecord(
        n, 1, "甲镇", 2023, "甲镇2023年法治政府建设情况报告", section, n, text, kind
    )


CORNERS = [
    # a number inside a year, and alone
    "2021年审查合同1份，2022年审查合同12份，办理1件。",
    # words across a sentence join: 法律|顾问, 合同|审查
    "聘请法律。顾问审查合同。审查重大行政决策3件，出具法律意见书21份。",
    # a NUL inside a sentence: the Python window search, called back
    "全年开展普法宣传\0活动46场次，发放资料1.2万份。法律顾问审查合同284份。",
    # a long window (over 200 characters) against short ones
    "深入开展法治宣传教育，" * 12 + "法律顾问审查合同200份。",
    "法律顾问审查合同200份。法律顾问审查合同200份。",  # a tie within a passage
    "调处矛盾纠纷156起，调解成功率98.5%，接待来访群众320人次。",
    "下一步，我镇将继续深化法治政府建设：聘请法律顾问，审查合同。",
    "存在的问题：法治宣传形式单一，基层法治力量薄弱。",
    "還存在一些問題與不足：法律顧問審查合同數量偏少。",  # traditional characters
    "：",
    "法律顾问",
]


@needs_compiled
@pytest.mark.parametrize(
    "question",
    [
        "甲镇法律顾问审查了多少份合同",
        "甲镇2023年审查合同1份吗",
        "甲镇调解成功率是多少%",
        "甲镇接待来访群众多少人次",
        "甲镇法治宣传存在哪些问题",
        "甲镇下一步有什么打算",
        "甲镇聘请法律顾问审查合同",
        "甲镇开展普法宣传活动多少场次",
    ],
)
def test_the_same_at_the_corners(question: str) -> None:
    kinds = ["", "plans", "problems"]
    records = [_record(n, text, kind=kinds[n % 3]) for n, text in enumerate(CORNERS * 2, start=1)]
    reads = [read(r) for r in records]
    q = understand(question, {"甲镇": [2023]})
    python, compiled = Scorer(q, compiled=False), Scorer(q)
    assert compiled.ranker is not None
    assert compiled.shortlist(reads) == python.shortlist(reads)
    assert compiled.shortlist(Pool(reads)) == python.shortlist(Pool(reads))
    for keep in (1, 2, 3, len(reads)):
        assert compiled.ranked(reads, keep) == python.ranked(reads, keep)


def _split(n: int, parts: list[str]) -> Read:
    """A passage whose sentences break inside words (as no report's punctuation would): the
    matches across a join of two sentences."""
    made = read(_record(n, "".join(parts)))
    starts, at = [], 0
    for p in parts:
        starts.append(at)
        at += len(p) + 1
    units = tuple(frozenset(FIGURE_UNIT.findall(p)) for p in parts)
    joined, lengths = "\0".join(parts), tuple(map(len, parts))
    return replace(
        made, parts=tuple(parts), units=units, joined=joined, starts=tuple(starts), lengths=lengths
    )


@needs_compiled
def test_the_same_across_a_sentence_join() -> None:
    filler = "全镇上下认真贯彻落实各项部署要求" * 2
    reads = [
        _split(1, ["聘请法律", "顾问" + filler + "审查合同"]),
        _split(5, ["聘请" + filler + "法律", "顾问"]),  # the pair wins by its proximity
        _split(6, ["审查" + filler + "合", "同"]),
        _split(2, ["审查合", "同" + filler + "法律顾问聘请"]),
        _split(3, [filler + "法律顾", "问审查", "合同" + filler]),
        _split(4, ["法律顾问" + filler, filler + "审查合同"]),
    ]
    for question in ("甲镇法律顾问审查合同", "甲镇聘请法律顾问", "甲镇审查了多少份合同"):
        q = understand(question, {"甲镇": [2023]})
        python, compiled = Scorer(q, compiled=False), Scorer(q)
        for keep in (1, 4):
            assert compiled.ranked(reads, keep) == python.ranked(reads, keep)


def test_without_the_extension_the_python_path_ranks(forms_store: Store) -> None:
    """A build without a C compiler: Scorer(compiled=False) is that path, and answers."""
    made = _pair("辛口镇2022年法律顾问审查了多少份合同？", forms_store)
    assert made is not None
    _, python, _ = made
    ranked = python.ranked(python.shortlist(Pool(_every_read(forms_store))), 3)
    assert "284份" in ranked[0][1].record.text


def test_a_question_leaves_no_garbage_cycle(forms_store: Store) -> None:
    """Every object a question makes is freed as its last reference goes (a Scorer keeping
    its Ranker keeping the Scorer was a cycle per question, left to the collector's pauses)."""
    import gc

    from corpus.search.answer import ask

    for question in QUESTIONS[:20]:
        ask(forms_store, question, k=3)  # warm: pools, passages read, tokens
    gc.collect()
    gc.disable()
    try:
        for question in QUESTIONS:
            ask(forms_store, question, k=3)
        assert gc.collect() == 0
    finally:
        gc.enable()
