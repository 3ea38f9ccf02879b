"""The fast cutter used at ingest cuts word for word as jieba 0.42.1 does (no HMM), precise
and search mode, with our dictionary: on the bundled reports and on made-up strings."""

from __future__ import annotations

import errno
import io
import itertools
import os
import random

import jieba
import pytest

from corpus.ingest import bundled_dir
from corpus.reading.text import sentences
from corpus.search import segment


@pytest.fixture(scope="module")
def both() -> tuple[jieba.Tokenizer, segment.Cutter]:
    full = jieba.Tokenizer()
    full.initialize()
    segment._add_terms(full)
    return full, segment.Cutter(full.FREQ.items(), full.total)


def texts() -> list[str]:
    out = []
    for path in sorted(bundled_dir().glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend([line, line.lower(), *sentences(line)])
    return out


def made_up(full: jieba.Tokenizer, count: int = 3000) -> list[str]:
    """Strings of dictionary words, their characters, ASCII, digits, marks and spaces."""
    rnd = random.Random(16)
    words = [w for w, n in full.FREQ.items() if n]
    marks = [*"abcXYZ0129.%+#&_- －\t\r\n，。、“”（）()：;\u3000①１", "\r\n"]
    out = []
    for _ in range(count):
        parts = [rnd.choice(words) for _ in range(rnd.randint(1, 8))]
        parts += [rnd.choice(rnd.choice(words)) for _ in range(rnd.randint(0, 4))]
        parts += [rnd.choice(marks) for _ in range(rnd.randint(0, 4))]
        rnd.shuffle(parts)
        out.append("".join(parts))
    return out


def test_cuts_as_jieba_does(both: tuple[jieba.Tokenizer, segment.Cutter]) -> None:
    full, fast = both
    for text in texts() + made_up(full) + ["", " ", "2023年度", "96.1%", "ABC公司"]:
        assert fast.cut(text) == full.lcut(text, HMM=False), text
        assert fast.cut_for_search(text) == full.lcut_for_search(text, HMM=False), text


def test_a_memo_changes_nothing(both: tuple[jieba.Tokenizer, segment.Cutter]) -> None:
    full, fast = both
    memo: dict[str, list[str]] = {}
    for text in texts()[:400] * 2:
        assert fast.cut_for_search(text, memo) == full.lcut_for_search(text, HMM=False)
    assert memo


def test_index_tokens_the_same_either_way(both: tuple[jieba.Tokenizer, segment.Cutter]) -> None:
    full, _ = both
    segment.load_all()
    assert segment.cutter() is not None
    for text in texts()[:300]:
        assert segment.index_tokens(text) == segment._pieces(text, full.lcut_for_search)
        assert segment.words(text) == segment._pieces(text, full.lcut)


def test_the_cutter_over_the_cache_file_cuts_as_jieba_does(
    both: tuple[jieba.Tokenizer, segment.Cutter], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A question's cutter reads the dictionary a word at a time (segment._lazy_cutter)."""
    from corpus.search import segdict

    full, _ = both
    path = tmp_path / "dict.sqlite"
    segdict.build(path, segment._add_terms)
    tk = jieba.Tokenizer()
    table = segdict.Frequencies(path, tk)
    lazy = segment.Cutter.over(table, table.total())
    for text in texts()[:300] + made_up(full, 500):
        assert lazy.cut(text) == full.lcut(text, HMM=False), text
        assert lazy.cut_for_search(text) == full.lcut_for_search(text, HMM=False), text


def test_tags_from_the_cache_file_are_posseg_s(
    both: tuple[jieba.Tokenizer, segment.Cutter],
) -> None:
    """The part-of-speech tags figures read come from the cache file, word by word, and are
    jieba.posseg's table with the domain words' tags over it."""
    import jieba.posseg

    full, _ = both
    expected = dict(jieba.posseg.POSTokenizer(full).word_tag_tab)
    for line in segment.segdict.terms_lines():
        word, *rest = line.split()
        if len(rest) == 2:
            expected[word] = rest[1]
    tags = segment.word_tags()
    assert isinstance(tags, segment.segdict.Lookup)  # from the file, not parsed again
    stored = tags.everything()
    assert stored == expected and len(stored) > 300_000
    assert tags.get("法治") == expected["法治"] and tags.get("不是一个词语的串") is None


# The snapshot of the cutter's table next to the cache file (corpus.search.segtable).


@pytest.fixture
def cached(tmp_path, monkeypatch: pytest.MonkeyPatch) -> jieba.Tokenizer:  # type: ignore[no-untyped-def]
    """A tokenizer over a copy of the dictionary cache file in tmp_path, which load_all uses."""
    from corpus.search import segdict

    source = segment._cache_file()
    assert source is not None
    path = tmp_path / "cache" / source.name
    segdict.copy(source, path)
    tk = jieba.Tokenizer()
    tk.FREQ = segdict.Frequencies(path, tk)
    tk.total = tk.FREQ.total()
    tk.initialized = True
    monkeypatch.setattr(segment, "tokenizer", lambda: tk)
    monkeypatch.setattr(segment, "_fast", None)
    return tk


def fresh_cutter(monkeypatch: pytest.MonkeyPatch, *, rows: bool = True) -> segment.Cutter:
    """load_all() in a process that has no cutter yet; ``rows=False``: it must not read the
    cache file's rows (so it took the snapshot)."""
    from corpus.search import segdict

    monkeypatch.setattr(segment, "_fast", None)
    with monkeypatch.context() as m:
        if not rows:
            m.setattr(segdict.Lookup, "stored", lambda self: pytest.fail("rows read"))
        segment.load_all()
    made = segment.cutter()
    assert made is not None
    return made


def snapshot_of(tk: jieba.Tokenizer) -> dict[str, float] | None:
    from corpus.search import segtable

    return segtable.load(tk.FREQ.path, segtable.Stamp.of(tk.FREQ.path, tk.total))


def test_the_cutter_from_a_snapshot_is_the_one_from_rows(
    both: tuple[jieba.Tokenizer, segment.Cutter], cached: jieba.Tokenizer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    full, reference = both
    assert snapshot_of(cached) is None
    built = fresh_cutter(monkeypatch)  # from the rows, writing the snapshot
    assert built.table == reference.table and len(built.table) > 300_000
    assert snapshot_of(cached) == reference.table
    loaded = fresh_cutter(monkeypatch, rows=False)
    assert loaded is not built and loaded.table == reference.table
    assert all(type(v) is float for v in loaded.table.values())
    for text in texts()[:300] + made_up(full, 500):
        assert loaded.cut(text) == full.lcut(text, HMM=False), text
        assert loaded.cut_for_search(text) == full.lcut_for_search(text, HMM=False), text


def test_words_set_in_memory_go_over_the_snapshot(
    both: tuple[jieba.Tokenizer, segment.Cutter], cached: jieba.Tokenizer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A word added in this process is cut, and never written into the shared snapshot."""
    _, reference = both
    fresh_cutter(monkeypatch)
    word = "镇街综治网格化"
    assert word not in reference.table
    for i in range(1, len(word)):  # its prefixes, as jieba's add_word (the total kept)
        if word[:i] not in cached.FREQ:
            cached.FREQ[word[:i]] = 0
    cached.FREQ[word] = 50_000
    loaded = fresh_cutter(monkeypatch, rows=False)
    assert word in loaded.cut(f"推进{word}建设")
    assert loaded.table[word] > reference.table["建设"]
    assert {w: v for w, v in loaded.table.items() if w not in reference.table}
    snapshot = snapshot_of(cached)
    assert snapshot == reference.table and word not in snapshot
    cached.add_word("综治网格员", 100)  # a new total: every log probability moves
    again = fresh_cutter(monkeypatch)
    assert again.table["建设"] != reference.table["建设"]
    assert "综治网格员" in again.table and word in again.table
    assert snapshot_of(cached) is not None  # the snapshot for this total, of the rows only
    assert "综治网格员" not in snapshot_of(cached)  # type: ignore[operator]


def _edit(path, change) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(path.read_bytes())
    path.write_bytes(bytes(change(data)))


def _flip(data: bytearray, at: int) -> bytearray:
    data[at] ^= 0x01
    return data


def _foreign_payload(path) -> None:  # type: ignore[no-untyped-def]
    """A header whose digest is right, over a payload that is no table."""
    import hashlib
    import json
    import marshal

    from corpus.search import segtable

    data = path.read_bytes()
    end = data.index(b"\n", len(segtable.MAGIC))
    header = json.loads(data[len(segtable.MAGIC) : end])
    payload = marshal.dumps(["法治", 1.0])
    header.update(length=len(payload), blake2b=hashlib.blake2b(payload).hexdigest())
    path.write_bytes(segtable.MAGIC + json.dumps(header).encode() + b"\n" + payload)


DAMAGE = {
    "cache file touched": lambda table, cache: os.utime(
        cache, ns=(cache.stat().st_atime_ns, cache.stat().st_mtime_ns + 1)
    ),
    "cache file replaced": lambda table, cache: segment.segdict.copy(cache, cache),
    "payload flipped": lambda table, cache: _edit(table, lambda d: _flip(d, len(d) // 2)),
    "header flipped": lambda table, cache: _edit(table, lambda d: _flip(d, 40)),
    "last byte flipped": lambda table, cache: _edit(table, lambda d: _flip(d, len(d) - 1)),
    "truncated": lambda table, cache: _edit(table, lambda d: d[:-1]),
    "cut in the header": lambda table, cache: _edit(table, lambda d: d[:60]),
    "bytes appended": lambda table, cache: _edit(table, lambda d: d + b"\0"),
    "empty": lambda table, cache: table.write_bytes(b""),
    "a bare marshal dump": lambda table, cache: table.write_bytes(
        __import__("marshal").dumps({"法治": 0.0})
    ),
    "the cache file itself": lambda table, cache: segment.segdict.copy(cache, table),
    "no table in the payload": lambda table, cache: _foreign_payload(table),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_an_unsound_snapshot_is_rejected(
    damage: str, both: tuple[jieba.Tokenizer, segment.Cutter], cached: jieba.Tokenizer
) -> None:
    from corpus.search import segtable

    some = dict(itertools.islice(both[1].table.items(), 5000))
    cache = cached.FREQ.path
    assert segtable.save(cache, segtable.Stamp.of(cache, cached.total), some)
    assert snapshot_of(cached) == some
    DAMAGE[damage](segtable.path_for(cache), cache)
    assert snapshot_of(cached) is None


@pytest.mark.parametrize("damage", ["cache file replaced", "payload flipped", "truncated"])
def test_a_rejected_snapshot_is_rebuilt(
    damage: str, both: tuple[jieba.Tokenizer, segment.Cutter], cached: jieba.Tokenizer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from corpus.search import segtable

    _, reference = both
    cache = cached.FREQ.path
    assert segtable.save(cache, segtable.Stamp.of(cache, cached.total), reference.table)
    DAMAGE[damage](segtable.path_for(cache), cache)
    assert fresh_cutter(monkeypatch).table == reference.table  # from the rows again
    assert snapshot_of(cached) == reference.table  # and a sound snapshot written


def test_a_snapshot_of_another_python_is_rejected(
    cached: jieba.Tokenizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus.search import segtable

    cache = cached.FREQ.path
    assert segtable.save(cache, segtable.Stamp.of(cache, cached.total), {"法治": -9.0})
    assert snapshot_of(cached) == {"法治": -9.0}
    monkeypatch.setattr(segtable, "_PYTHON", "cpython-399 3090000")
    assert snapshot_of(cached) is None
    monkeypatch.undo()
    monkeypatch.setattr(segtable.marshal, "version", segtable.marshal.version + 1)
    assert snapshot_of(cached) is None


@pytest.mark.parametrize("fails", ["mkstemp", "replace", "write"])
def test_a_snapshot_that_cannot_be_written_costs_only_time(
    fails: str, both: tuple[jieba.Tokenizer, segment.Cutter], cached: jieba.Tokenizer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A read-only data directory (chmod would not stop root: the calls fail instead)."""
    from corpus.search import segtable

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied")

    class Full(io.FileIO):
        def write(self, data) -> int:  # type: ignore[no-untyped-def]
            raise OSError(errno.ENOSPC, "No space left on device")

    _, reference = both
    if fails == "write":
        monkeypatch.setattr(segtable.os, "fdopen", lambda fd, mode: Full(fd, mode))
    else:
        monkeypatch.setattr(segtable.tempfile if fails == "mkstemp" else segtable.os, fails, refuse)
    assert fresh_cutter(monkeypatch).table == reference.table
    assert not segtable.path_for(cached.FREQ.path).exists()
    assert [p.name for p in cached.FREQ.path.parent.iterdir()] == [cached.FREQ.path.name]
