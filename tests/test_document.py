import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn

from corpus.storage.store import Store
from drafting import fonts, pdf
from drafting.compose import compose
from drafting.document import to_docx

NUMBERED = {
    "Heading 1": re.compile(r"^[一二三四五六七八九十]+、"),
    "Heading 2": re.compile(r"^（[一二三四五六七八九十]+）"),
    "Heading 3": re.compile(r"^\d+\."),
}


@pytest.fixture
def draft_bytes(loaded_store: Store) -> bytes:
    return to_docx(compose(loaded_store, "辛口镇", 2023).markdown)


@pytest.fixture
def baliitai(loaded_store: Store) -> docx.document.Document:
    return docx.Document(io.BytesIO(to_docx(compose(loaded_store, "八里台镇", 2025).markdown)))


def _east_asia(element) -> str | None:  # type: ignore[no-untyped-def]
    return element.rPr.rFonts.get(qn("w:eastAsia"))


def test_page_and_fonts_follow_gbt_9704(draft_bytes: bytes) -> None:
    document = docx.Document(io.BytesIO(draft_bytes))
    section = document.sections[0]
    mm = lambda v: round(v.mm)  # noqa: E731
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(mm(m) for m in margins) == (37, 35, 28, 26)
    paragraphs = document.paragraphs
    title = paragraphs[0]
    assert title.text == "辛口镇2023年度法治政府建设情况报告" and title.style.name == "Title"
    assert title.style.font.size.pt == 22
    assert _east_asia(title.style.element) == "方正小标宋简体"
    heading = next(p for p in paragraphs if p.text.startswith("一、"))
    assert _east_asia(heading.style.element) == "黑体"
    sub = next(p for p in paragraphs if p.text.startswith("（一）加强党的领导"))
    assert _east_asia(sub.style.element) == "楷体_GB2312"
    body = next(p for p in paragraphs if "审查合同" in p.text and p.style.name == "条目")
    assert _east_asia(body.style.element) == "仿宋_GB2312"
    assert body.style.element.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"
    assert body.style.font.size.pt == 16
    assert body.style.paragraph_format.line_spacing.pt == 28
    normal = document.styles["Normal"]
    assert _east_asia(normal.element) == "仿宋_GB2312" and normal.font.size.pt == 16
    # faces come from the styles only, so changing a style changes every paragraph of it
    for p in paragraphs:
        for run in p.runs:
            r_pr = run._element.rPr
            assert r_pr is None or (r_pr.rFonts is None and r_pr.sz is None), p.text
    blanks = [r for r in body.runs if r.text == "____"]
    assert blanks and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in blanks)


def test_headings_use_word_heading_styles_with_outline_levels(baliitai) -> None:  # type: ignore[no-untyped-def]
    seen = {name: 0 for name in NUMBERED}
    for p in baliitai.paragraphs:
        for name, pattern in NUMBERED.items():
            if pattern.match(p.text) and p.style.name != "附注":
                assert p.style.name == name, p.text
                seen[name] += 1
    assert seen == {"Heading 1": 4, "Heading 2": 9, "Heading 3": 5}
    for level, name in enumerate(NUMBERED):
        style = baliitai.styles[name]
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level)
        assert style.paragraph_format.keep_with_next is True
        assert style.font.color.rgb == docx.shared.RGBColor(0, 0, 0)
        r_fonts = style.element.rPr.rFonts
        assert not [a for a in r_fonts.attrib if a.endswith("Theme")]  # no theme override
    assert _east_asia(baliitai.styles["Heading 1"].element) == "黑体"
    assert _east_asia(baliitai.styles["Heading 2"].element) == "楷体_GB2312"
    assert baliitai.styles["Heading 3"].font.bold is True


def test_addressee_signature_header_and_checklists(baliitai) -> None:  # type: ignore[no-untyped-def]
    by_style: dict[str, list[str]] = {}
    for p in baliitai.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["主送"] == ["津南区人民政府："]
    assert by_style["署名"] == ["八里台镇人民政府"] and by_style["成文日期"] == ["××××年××月××日"]
    assert by_style["发文机关标志"] == ["天津市津南区八里台镇人民政府文件"]
    assert by_style["发文字号"] == ["八里台政报〔2025〕____号\t签发人：____"]
    assert by_style["附注"] == ["（此件主动公开）"]
    paragraphs = baliitai.paragraphs
    assert [p.style.name for p in paragraphs[:3]] == ["发文机关标志", "发文字号", "Title"]
    assert paragraphs[3].style.name == "主送"
    assert [p.style.name for p in paragraphs[-3:]] == ["署名", "成文日期", "附注"]
    date = baliitai.styles["成文日期"]
    assert date.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    checks = [p for p in paragraphs if p.style.name == "清单"]
    assert checks and all(p.text.startswith("□") for p in checks)
    fmt = baliitai.styles["清单"].paragraph_format
    assert fmt.first_line_indent.pt == -16 and fmt.left_indent.pt == 48  # hanging by one char
    prompts = [p for p in paragraphs if p.style.name == "上年内容"]
    assert len(prompts) > 10 and all(p.text.startswith("【上年内容】") for p in prompts)
    assert baliitai.styles["上年内容"].font.color.rgb == docx.shared.RGBColor(0x80, 0x80, 0x80)


def test_font_table_names_the_faces_a_stock_pc_has(draft_bytes: bytes) -> None:
    document = docx.Document(io.BytesIO(draft_bytes))
    part = next(
        p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    )
    table = docx.oxml.parse_xml(part.blob)
    entries = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val")).split(",")
        for f in table.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert entries["仿宋_GB2312"][0] == "仿宋" and "FangSong" in entries["仿宋_GB2312"]
    assert entries["楷体_GB2312"][0] == "楷体" and "KaiTi" in entries["楷体_GB2312"]
    assert entries["方正小标宋简体"][:2] == ["华文中宋", "STZhongsong"]
    assert "宋体" in entries["方正小标宋简体"] and entries["黑体"][0] == "SimHei"
    charsets = {f.get(qn("w:name")): f.find(qn("w:charset")) for f in table.findall(qn("w:font"))}
    assert charsets["仿宋_GB2312"].get(qn("w:val")) == "86"


def test_pdf_replacement_table_keeps_heading_faces_apart() -> None:
    noto = {"Noto Serif CJK SC", "Noto Sans CJK SC"}
    table = pdf.replacements(noto)
    assert table["仿宋_GB2312"] == table["方正小标宋简体"] == "Noto Serif CJK SC"
    assert table["黑体"] == table["SimHei"] == "Noto Sans CJK SC"
    assert table["楷体_GB2312"] == "Noto Serif CJK SC"  # no 楷 face installed: serif
    with_kai = pdf.replacements(noto | {"AR PL UKai CN"})
    assert with_kai["楷体_GB2312"] == with_kai["楷体"] == "AR PL UKai CN"
    assert "仿宋" not in pdf.replacements(noto | {"仿宋"})  # an installed face is used as it is
    assert set(fonts.faces_by_look()) == {"serif", "sans", "kai"}


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice 未安装")
def test_libreoffice_renders_the_draft(baliitai, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    baliitai.save(buffer)
    out = tmp_path / "draft.pdf"
    out.write_bytes(pdf.to_pdf(buffer.getvalue()))
    from pdfminer.high_level import extract_text

    text = extract_text(str(out)).replace(" ", "")
    assert "八里台镇2025年度法治政府建设情况报告" in text and "津南区人民政府：" in text
    assert "学习中心组安排相关内容学习" in text.split("三、党政主要负责人")[1]
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
        assert "NotoSerifCJK" in listing and "NotoSansCJK" in listing  # 仿宋 body, 黑体 headings
        if "AR PL UKai CN" in pdf.installed_families():
            assert "UKai" in listing  # 楷体 （一） headings
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "p")],
            check=True,
            timeout=60,
        )
        page = next(tmp_path.glob("p*.png"))
        assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and page.stat().st_size > 10_000


def test_pdf_without_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pdf.PdfUnavailableError) as err:
        pdf.to_pdf(b"not used")
    assert "没有安装 LibreOffice" in str(err.value)


def test_optional_table_of_contents_field() -> None:
    document = docx.Document(io.BytesIO(to_docx("# 标题\n\n@目录\n\n## 一、成效\n\n正文。\n")))
    toc = next(p for p in document.paragraphs if p.style.name == "目录说明")
    instructions = [t.text for t in toc._p.iter(qn("w:instrText"))]
    assert instructions == ['TOC \\o "1-3" \\h \\z \\u']
    kinds = [f.get(qn("w:fldCharType")) for f in toc._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
