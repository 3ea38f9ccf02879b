from pathlib import Path

import pytest

from corpus.errors import MissingMetadataError
from corpus.reading.files import read_bytes, read_file
from corpus.reading.parse import Report, parse
from tests.conftest import SEEDS
from tests.samples import UNSEEN_EXPECTED, UNSEEN_REPORTS, write_docx, write_pdf

# the county comes from the text, else from the division table (each name is unique there)
EXPECTED = [
    ("辛口镇", 2021, "西青区"),
    ("辛口镇", 2022, "西青区"),
    ("杨柳青镇", 2023, "西青区"),
    ("张家窝镇", 2020, "西青区"),
    ("八里台镇", 2024, "津南区"),
]


def load(path: Path) -> Report:
    source, _ = read_file(path, 20_000_000)
    return parse(source)


@pytest.mark.parametrize(
    ("seed", "expected"), list(zip(SEEDS, EXPECTED, strict=True)), ids=lambda x: str(x)[-12:]
)
def test_seed_town_year_county(seed: Path, expected: tuple[str, int, str | None]) -> None:
    report = load(seed)
    assert (report.town, report.year, report.county) == expected


def test_outline_of_xinkou_2021_has_clean_headings() -> None:
    report = load(SEEDS[0])
    labels = [s.label for s in report.sections]
    assert labels[:3] == [
        "一、履行推进法治建设第一责任人情况",
        "（一）加强组织领导，全面压实法治建设责任",
        "（二）抓好队伍建设，完善依法行政制度体系",
    ]
    tops = [s.label for s in report.sections if s.level == 1]
    assert tops == [
        "一、履行推进法治建设第一责任人情况",
        "二、主要举措与成效",
        "三、存在的不足与原因",
        "四、下一年度推进法治政府建设的主要安排",
    ]
    assert all(len(s.title) <= 50 for s in report.sections)
    # the hard-wrapped figure "165批\n\n次" is re-joined inside one passage
    assert any("165批次" in p.text for p in report.passages)
    assert any("调处56起" in p.text for p in report.passages)


def test_item_title_split_from_its_body() -> None:
    report = load(SEEDS[0])
    item = next(s for s in report.sections if s.title == "充分发挥法律顾问作用")
    assert item.number == "3."
    body = [p.text for p in report.passages if p.section == item.ordinal]
    assert body and "审查合同份数245份" in body[0]
    assert report.path(item.ordinal) == (
        "二、主要举措与成效",
        "（一）推进依法行政，全面履行职能",
        "3.充分发挥法律顾问作用",
    )


def test_front_and_back_matter_become_metadata() -> None:
    report = load(SEEDS[4])
    assert report.meta["doc_number"] == "八里台政报〔2024〕27号"
    assert report.meta["signer"] == "董明彦"
    assert report.meta["issuer"] == "天津市津南区八里台镇人民政府文件"
    assert report.meta["addressee"] == "津南区人民政府"
    assert report.meta["disclosure"] == "此件主动公开"
    texts = " ".join(p.text for p in report.passages)
    for junk in ("八里台政报", "签发人", "津南区人民政府：", "此件主动公开"):
        assert junk not in texts


def test_title_without_town_uses_body_and_signature() -> None:
    report = load(SEEDS[3])
    assert report.town == "张家窝镇" and report.year == 2020
    assert report.meta["original_title"] == "2020"
    assert report.meta["signature"] == "张家窝镇人民政府"
    assert report.meta["signed_on"] == "2021年1月18日"
    assert report.title == "张家窝镇2020年度法治政府建设情况报告"
    assert not any("2021年1月18日" in p.text for p in report.passages)


def test_enumerated_items_in_one_paragraph_are_not_sections() -> None:
    report = load(SEEDS[2])
    assert not any(s.number == "一是" and "宣传组" in s.title for s in report.sections)


@pytest.mark.parametrize("name", sorted(UNSEEN_REPORTS))
def test_unseen_reports(name: str) -> None:
    source = read_bytes(UNSEEN_REPORTS[name].encode(), name, ".txt")
    report = parse(source)
    assert (report.town, report.county, report.year) == UNSEEN_EXPECTED[name]
    assert not any("浏览次数" in p.text or "打印本页" in p.text for p in report.passages)


def test_overrides_win_and_missing_metadata_names_the_flags() -> None:
    source = read_bytes("一、工作情况\n全年开展普法宣传5次。\n".encode(), "x.txt", ".txt")
    with pytest.raises(MissingMetadataError) as err:
        parse(source)
    assert "--town" in str(err.value) and "--year" in str(err.value)
    report = parse(source, town="试点镇", year=2022)
    assert (report.town, report.year) == ("试点镇", 2022)


def _paragraphs(report: Report) -> list[str]:
    """The report as a word processor would hold it: title, headings and paragraphs."""
    out = [report.title]
    emitted: set[int] = set()
    for passage in report.passages:
        chain = []
        node = passage.section
        while node is not None and node not in emitted:
            chain.append(node)
            node = report.sections[node].parent
        for ordinal in reversed(chain):
            emitted.add(ordinal)
            section = report.sections[ordinal]
            if not passage.text.startswith(section.label):
                out.append(section.label)
        out.append(passage.text)
    return out


def _shape(report: Report) -> tuple[object, ...]:
    return (
        report.town,
        report.year,
        [s.label for s in report.sections],
        [(p.section, p.text) for p in report.passages],
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_same_report_in_three_formats_parses_the_same(seed: Path, tmp_path: Path) -> None:
    original = load(seed)
    paragraphs = _paragraphs(original)
    docx_report = load(write_docx(paragraphs, tmp_path / "r.docx"))
    pdf_report = load(write_pdf(paragraphs, tmp_path / "r.pdf"))
    assert _shape(docx_report) == _shape(original)
    assert _shape(pdf_report) == _shape(original)


@pytest.mark.parametrize(
    ("title", "town", "county"),
    [
        ("武清区和平镇2015年度法治政府建设情况报告", "和平镇", "武清区"),
        ("和平镇2023年法治政府建设情况报告", "和平镇", None),
        ("岳城镇2017年度法治政府建设情况报告", "岳城镇", None),
        ("关于在杨柳青镇2023年法治政府建设情况的报告", "杨柳青镇", None),
        ("2021年1月18日张家窝镇人民政府", "张家窝镇", None),
    ],
)
def test_town_names_that_look_like_words(title: str, town: str, county: str | None) -> None:
    from corpus.places.identify import find_place

    assert find_place(title) == (county, town)
