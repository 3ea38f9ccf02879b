"""Passages a process read stay read for the next question, until any process stores or
removes a report: then a question never sees a passage that is gone, replaced or new."""

from __future__ import annotations

from pathlib import Path

from corpus.ingest import ingest_file
from corpus.search.answer import ask
from corpus.settings import Settings
from corpus.storage.memo import PassageMemo
from corpus.storage.store import open_store

QUESTION = "辛口镇无人机巡查工作"


def _report(tmp_path: Path, words: str) -> Path:
    path = tmp_path / f"{len(words)}.txt"
    path.write_text(
        "辛口镇2023年法治政府建设情况报告\n一、主要举措和成效\n"
        f"{words}，审查合同9份，开展普法宣传活动12场次。\n"
        "二、存在的不足\n执法力量薄弱。\n三、下一年度工作安排\n继续加强执法队伍建设。\n",
        encoding="utf-8",
    )
    return path


def test_another_process_replacing_a_report_is_seen_by_the_next_question(
    db_url: str, settings: Settings, tmp_path: Path
) -> None:
    reader, writer = open_store(db_url), open_store(db_url)
    try:
        assert ingest_file(writer, _report(tmp_path, "无人机巡查工作深入推进"), settings).ok
        first = ask(reader, QUESTION)
        assert first.hits and "深入推进" in first.hits[0].text
        assert ask(reader, QUESTION).hits == first.hits  # the same, from what was read
        replaced = _report(tmp_path, "无人机巡查工作全面铺开覆盖各村")
        assert ingest_file(writer, replaced, settings).ok
        again = ask(reader, QUESTION)
        assert again.hits and "全面铺开" in again.hits[0].text
        assert all("深入推进" not in h.text for h in again.hits)
        writer.remove("辛口镇", 2023)
        assert not ask(reader, QUESTION).hits
    finally:
        reader.engine.dispose()
        writer.engine.dispose()


def test_the_memo_forgets_when_the_version_moves_and_stays_bounded() -> None:
    memo: PassageMemo[str] = PassageMemo(most=100)
    memo.at(1)
    memo.keep([1, 2, 3], {1: "a", 3: "c"}, read_at=1)
    assert memo.found([3, 2, 1]) == ["c", "a"] and memo.missing([1, 2, 4]) == [4]
    memo.at(1)
    assert memo.found([1]) == ["a"]
    memo.at(2)
    assert memo.missing([1, 2, 3]) == [1, 2, 3]
    for start in range(0, 1000, 10):
        ids = list(range(start, start + 10))
        memo.keep(ids, {i: str(i) for i in ids}, read_at=memo.version)
    assert len(memo.by_id) <= 100 and memo.found([995]) == ["995"]


def test_what_readers_derive_is_kept_for_one_catalog_version() -> None:
    memo: PassageMemo[str] = PassageMemo(most=100)
    memo.at(1)
    memo.keep_derived("part", "a", memo.version)
    assert memo.derived == {"part": "a"}
    memo.at(1)
    assert memo.derived == {"part": "a"}
    memo.at(2)
    assert memo.derived == {}
    for n in range(50):
        memo.keep_derived(n, str(n), memo.version)
    assert len(memo.derived) <= 5


def test_values_holding_many_passages_are_kept_within_a_budget_of_passages() -> None:
    memo: PassageMemo[str] = PassageMemo(most=100)  # a budget of 50 passages
    memo.at(1)
    memo.keep_derived("part", "whole part", 1)  # counts no passages
    for n in range(5):
        memo.keep_derived(("pool", n), f"pool {n}", 1, size=20)
    assert [k for k in memo.derived if k != "part"] == [("pool", 3), ("pool", 4)]
    assert memo.derived["part"] == "whole part" and sum(memo.sizes.values()) == 40
    memo.keep_derived(("pool", "county"), "too big", 1, size=51)
    assert ("pool", "county") not in memo.derived
    memo.at(2)
    assert not memo.derived and not memo.sizes


def test_what_was_read_at_an_older_version_is_not_kept() -> None:
    """A worker thread that read a place's passages before another thread saw a new report
    must not leave them in the memo of the new version."""
    memo: PassageMemo[str] = PassageMemo(most=100)
    memo.at(1)
    read_at = memo.version
    memo.at(2)  # another thread: a report was stored meanwhile
    memo.keep([1], {1: "old"}, read_at)
    assert memo.found([1], {1: "old"}) == ["old"]  # the reader still gets what it read
    memo.keep_place("place", ["old"], read_at)
    memo.keep_derived("part", "old", read_at)
    assert memo.missing([1]) == [1] and not memo.by_place and not memo.derived


def test_threads_sharing_one_memo_make_room_without_errors() -> None:
    """The bot's worker threads share one store: making room while another thread makes
    room, too, must not fail (it raised KeyError before the memo took a lock)."""
    import sys
    import threading

    memo: PassageMemo[int] = PassageMemo(most=40)
    memo.at(1)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for n in range(5000):
                memo.keep_derived((t, n), n, 1, size=3 if n % 2 else 0)
                memo.keep([t * 10_000 + n], {t * 10_000 + n: n}, 1)
        except BaseException as exc:  # any error fails the test
            errors.append(exc)

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch)
    assert not errors, errors[:3]
    assert len(memo.by_id) <= 40 and sum(memo.sizes.values()) <= 20
