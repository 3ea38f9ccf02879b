from pathlib import Path

import pytest

from corpus.reading.files import read_file
from corpus.reading.parse import Passage, Report, Section, parse
from corpus.reading.prepare import indexed_text, passage_tokens, prepare
from corpus.search.segment import index_tokens
from tests.conftest import SEEDS
from tests.samples import UNSEEN_REPORTS


def straight(report: Report) -> list[list[str]]:
    """Every passage segmented with its heading, the slow way."""
    return [index_tokens(indexed_text(report, p)) for p in report.passages]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:12])
def test_headings_segmented_once_give_the_same_tokens(seed: Path) -> None:
    source, _ = read_file(seed, 20_000_000)
    report = parse(source)
    assert passage_tokens(report) == straight(report)


def test_same_tokens_where_numbers_meet_the_line_break() -> None:
    sections = (
        Section(0, None, 1, "一、", "2021."),
        Section(1, 0, 2, "1.", "审查合同96.1%"),
        Section(2, None, 1, "二、", "下一步工作"),
    )
    passages = (
        Passage(0, None, "开头没有标题的段落，共12份。"),
        Passage(1, 0, "5份文件。"),
        Passage(2, 1, ".5%的比例；全年1000件"),
        Passage(3, 1, "第二段，同一标题。"),
        Passage(4, 2, "继续推进。"),
    )
    report = Report("辛口镇", None, 2022, "报告", sections, passages, {})
    assert passage_tokens(report) == straight(report)


def test_prepare_holds_everything_the_store_needs(tmp_path: Path) -> None:
    path = tmp_path / "unseen.txt"
    path.write_text(UNSEEN_REPORTS["zhejiang.txt"], encoding="utf-8")
    source, _ = read_file(path, 20_000_000)
    report = parse(source)
    prepared = prepare(report, path.name, "txt", "0" * 64)
    assert len(prepared.tokens) == len(report.passages)
    assert all(t == t.strip() and "  " not in t for t in prepared.tokens)
    assert len(prepared.sections) == len(report.sections)
    assert all(0 <= f.passage_ordinal < len(report.passages) for f in prepared.figures)
