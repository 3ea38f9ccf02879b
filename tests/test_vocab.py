"""One vocabulary, as data: every word list lives in ``corpus/dict/`` and is read through
``corpus/vocab.py``; a list written in code twice (or in code and in a dict file) fails here."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.vocab import (
    alternation,
    dict_groups,
    dict_lines,
    dict_sections,
    digit_table,
    numeral_chars,
    numerals,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DICT = CORPUS / "dict"
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_ALTERNATION = re.compile(rf"[{CJK}]+(?:\|[{CJK}]+)+")
SHARED = 3  # two lists sharing this many words are one list written twice
LONGEST = 8  # a list of more words than this belongs in corpus/dict/ even if used once

# Lists left in modules this change does not own (their owners move them): where, and why.
KNOWN = {
    "corpus/figures/series.py": "series_key's filler words (全年 累计 共计…), a regex of its own",
    "corpus/figures/questions.py": "the rate words of a figure question (率 比例 百分)",
}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            out.add(id(first.value))
    return out


def code_lists(path: Path) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Word lists written in a module: regex alternations of Chinese words (召开|开展|…) and
    tuples, lists or sets of Chinese strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            for m in _ALTERNATION.finditer(node.value):
                yield node.lineno, tuple(m.group().split("|"))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts:
            values = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
            if all(isinstance(v, str) and re.fullmatch(f"[{CJK}]+", v) for v in values):
                yield node.lineno, tuple(str(v) for v in values)


def _modules() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*.py") if "migrations" not in p.parts)


def _all_code_lists() -> list[tuple[str, int, frozenset[str]]]:
    out = []
    for path in _modules():
        where = path.relative_to(ROOT).as_posix()
        for line, words in code_lists(path):
            if len(words) >= SHARED:
                out.append((where, line, frozenset(words)))
    return out


def _dict_lists() -> list[tuple[str, frozenset[str]]]:
    out = []
    for path in sorted(DICT.glob("*.txt")):
        for line in dict_lines(path.name):
            words = line.replace("：", ":", 1).split(":", 1)[-1].split()
            out.append((path.name, frozenset(w.split("=")[0] for w in words)))
    return out


def test_the_scan_finds_lists_written_in_code(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text(
        '"""召开|开展|组织 in a docstring is prose."""\n'
        'A = re.compile(r"^(?:召开|开展|组织)")\n'
        'B = ("人民政府", "政府", "办事处")\n'
        'C = ("a", "政府")\n',
        encoding="utf-8",
    )
    found = {words for _, words in code_lists(sample)}
    assert found == {("召开", "开展", "组织"), ("人民政府", "政府", "办事处")}


def test_no_word_list_is_written_twice() -> None:
    lists = _all_code_lists()
    twice = []
    for i, (where, line, words) in enumerate(lists):
        if where in KNOWN:
            continue
        for other, other_line, other_words in lists[i + 1 :]:
            if other != where and other not in KNOWN and len(words & other_words) >= SHARED:
                twice.append(
                    f"{where}:{line} and {other}:{other_line}: {sorted(words & other_words)}"
                )
        for name, listed in _dict_lists():
            if len(words & listed) >= SHARED:
                twice.append(f"{where}:{line} and dict/{name}: {sorted(words & listed)}")
    assert not twice, "word lists written twice (read them from corpus/dict/):\n" + "\n".join(twice)


def test_long_word_lists_live_in_dict_files() -> None:
    long = [
        f"{where}:{line}: {len(words)} words"
        for where, line, words in _all_code_lists()
        if len(words) > LONGEST and where not in KNOWN
    ]
    assert not long, "move these lists to corpus/dict/:\n" + "\n".join(long)


def test_chinese_numerals_are_listed_once() -> None:
    """Runs of numerals (一二三四, 〇零一二) are numeral_chars() of dict/numerals.txt, not
    literals."""
    run = re.compile(f"[{numeral_chars()}]{{4,}}")
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docs and run.search(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:40]}")
    assert not found, "\n".join(found)


def test_numerals_are_cn2an_s_lower_case_table() -> None:
    """dict/numerals.txt is cn2an's table of simplified lower-case numerals: cn2an's tables
    can only be reached by importing the whole package (~0.1 s), too slow for the module-level
    patterns of the CLI's start-up; so the list is data and is checked here against the library."""
    from cn2an.conf import NUMBER_CN2AN, NUMBER_LOW_AN2CN, UNIT_CN2AN, UNIT_LOW_AN2CN

    table = {**NUMBER_CN2AN, **UNIT_CN2AN}
    assert all(table[c] == v for c, v in numerals().items())
    lower = {*NUMBER_LOW_AN2CN.values(), *UNIT_LOW_AN2CN.values(), "〇", "两"}
    assert set(numerals()) == lower
    assert "二〇二二".translate(digit_table()) == "2022"
    assert "两" not in numeral_chars(0, 9, colloquial=False)
    assert numeral_chars(10) == "十百千万亿"


def _read_names() -> set[str]:
    """Every dict file a module of corpus/ names in a string literal."""
    names: set[str] = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.update(re.findall(r"[a-z_]+\.txt", node.value))
    return names


@pytest.mark.parametrize("path", sorted(DICT.glob("*.txt")), ids=lambda p: p.name)
def test_every_dict_file_is_read_and_used(path: Path) -> None:
    assert dict_lines(path.name), f"{path.name} holds no entries"
    assert path.name in _read_names(), f"no module of corpus/ reads {path.name}"


def test_only_vocab_opens_dict_files() -> None:
    """One loader: no module but corpus/vocab.py opens corpus/dict/ itself."""
    opened = [
        p.relative_to(ROOT).as_posix()
        for p in _modules()
        if p.name != "vocab.py"
        and re.search(r"""["']dict["']\s*\)?\s*/|/ ?["']dict/""", p.read_text(encoding="utf-8"))
    ]
    assert not opened


def test_groups_and_sections_that_code_reads_exist() -> None:
    intents = dict_groups("intents.txt")
    for key in ("heading_plans", "heading_problems", "heading_duty", "plans", "problems"):
        assert intents[key], key
    for key in ("quantity", "money", "rate", "next_year", "skip", "filler"):
        assert intents[key], key
    assert set(dict_sections("place_orgs.txt")) == {"署名", "收文", "其他"}
    assert set(dict_sections("not_places.txt")) == {"整词", "开头", "正文开头"}
    assert set(dict_sections("page_furniture.txt")) == {"导航", "页脚", "带冒号", "页眉"}
    labels = dict_sections("label_words.txt")
    for key in ("开头", "结尾", "限定", "时间", "年后", "动词开头", "同计", "合计"):
        assert labels[key], key
    levels = dict_groups("levels.txt")
    assert set(levels) == {
        "township",
        "county",
        "prefecture",
        "province",
        "unlisted",
        "short",
        "own_county",
    }


def test_heading_words_ask_for_their_part_too() -> None:
    """A part's heading words are question words of that part (one list, not two)."""
    from corpus.search import query

    for part in ("problems", "plans", "duty"):
        assert set(dict_groups("intents.txt")[f"heading_{part}"]) <= query._intents()[part]
    assert query.PLAN.search("明年有什么努力方向")
    assert query.PROBLEM.search("有哪些薄弱环节")


def test_alternation_is_longest_first() -> None:
    assert alternation(["场", "场次", "次"]) == "场次|场|次"
