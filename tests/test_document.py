import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from corpus.store import Store
from drafting.compose import compose
from drafting.document import to_docx


@pytest.fixture
def draft_bytes(loaded_store: Store) -> bytes:
    return to_docx(compose(loaded_store, "辛口镇", 2023).markdown)


def test_page_and_fonts_follow_gbt_9704(draft_bytes: bytes) -> None:
    document = docx.Document(io.BytesIO(draft_bytes))
    section = document.sections[0]
    mm = lambda v: round(v.mm)  # noqa: E731
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(mm(m) for m in margins) == (37, 35, 28, 26)
    paragraphs = document.paragraphs
    title = paragraphs[0]
    assert title.text == "辛口镇2023年度法治政府建设情况报告"
    run = title.runs[0]
    assert run.font.size.pt == 22
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    sub = next(p for p in paragraphs if p.text.startswith("（一）加强党的领导"))
    assert sub.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    body = next(p for p in paragraphs if "审查合同" in p.text)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == 28
    blanks = [r for r in body.runs if r.text == "____"]
    assert blanks and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in blanks)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_libreoffice_converts_the_draft_to_pdf(draft_bytes: bytes, tmp_path: Path) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(draft_bytes)
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "draft.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    from pdfminer.high_level import extract_text

    text = extract_text(str(pdf))
    assert "辛口镇2023年度法治政府建设情况报告" in text.replace(" ", "")
