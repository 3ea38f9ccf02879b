"""The fast cutter used at ingest cuts word for word as jieba 0.42.1 does (no HMM), precise
and search mode, with our dictionary: on the bundled reports and on made-up strings."""

from __future__ import annotations

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
