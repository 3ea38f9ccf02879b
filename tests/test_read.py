from pathlib import Path

import pytest

from corpus.errors import InputFileError
from corpus.reading.files import decode_text, read_file
from corpus.reading.parse import parse
from tests.conftest import SEEDS
from tests.samples import write_docx, write_scanned_pdf

LIMIT = 20_000_000


def test_gb18030_and_utf8_read_the_same(tmp_path: Path) -> None:
    text = SEEDS[1].read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(text.encode("utf-8-sig"))
    a = parse(read_file(SEEDS[1], LIMIT)[0])
    b = parse(read_file(gbk, LIMIT)[0])
    c = parse(read_file(bom, LIMIT)[0])
    assert (
        [p.text for p in a.passages] == [p.text for p in b.passages] == [p.text for p in c.passages]
    )


def test_utf16_text_is_decoded() -> None:
    assert decode_text("辛口镇".encode("utf-16"), "x.txt") == "辛口镇"


def test_docx_tables_are_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("试点镇2023年度法治政府建设情况报告")
    document.add_heading("一、主要举措和成效", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "事项", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "审查合同", "120份"
    document.save(str(tmp_path / "t.docx"))
    report = parse(read_file(tmp_path / "t.docx", LIMIT)[0])
    assert report.town == "试点镇"
    assert [s.label for s in report.sections] == ["一、主要举措和成效"]
    assert any("审查合同｜120份" in p.text for p in report.passages)


def test_docx_heading_style_without_number_is_a_section(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("试点镇2023年度法治政府建设情况报告")
    document.add_heading("主要举措和成效", level=1)
    document.add_paragraph("全年审查合同120份。")
    document.save(str(tmp_path / "t.docx"))
    report = parse(read_file(tmp_path / "t.docx", LIMIT)[0])
    assert [s.title for s in report.sections] == ["主要举措和成效"]


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "空"),
        ("blank.txt", b"  \n\n \r\n", "空"),
        ("binary.txt", bytes(range(256)) * 20, "二进制"),
        ("corrupt.docx", b"PK\x03\x04 this is not really a zip", "损坏"),
        ("corrupt.pdf", b"%PDF-1.4 garbage garbage", "PDF"),
        ("report.xls", b"whatever", "不支持"),
    ],
)
def test_bad_files_get_a_chinese_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(InputFileError) as err:
        read_file(_bad(tmp_path, name, data), LIMIT)
    assert reason in str(err.value)
    assert name in str(err.value)


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as err:
        read_file(write_scanned_pdf(tmp_path / "scan.pdf"), LIMIT)
    assert "扫描件" in str(err.value)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(25_000_000)
    with pytest.raises(InputFileError) as err:
        read_file(path, LIMIT)
    assert "过大" in str(err.value)


def test_docx_round_trip_of_headings(tmp_path: Path) -> None:
    path = write_docx(
        ["试点镇2022年度法治政府建设情况报告", "一、主要举措", "全年审查合同5份。"],
        tmp_path / "a.docx",
    )
    report = parse(read_file(path, LIMIT)[0])
    assert report.sections[0].label == "一、主要举措"
