"""Turn a drafted Markdown report into a .docx in the style of GB/T 9704 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 二号 方正小标宋简体;
body 三号 仿宋_GB2312 at a fixed 28 pt line spacing; headings 一、 黑体, （一） 楷体_GB2312,
1. 仿宋_GB2312 bold; page numbers "— 1 —" in 四号 宋体. East-Asian fonts are set on every run
(``w:eastAsia``), so Word and WPS show them; blanks to fill in are highlighted.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from drafting.context import BLANK

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
SIZE_ER = Pt(22)  # 二号
SIZE_SAN = Pt(16)  # 三号
SIZE_SI = Pt(14)  # 四号
LINE = Pt(28)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


@dataclass(frozen=True)
class _Style:
    font: str
    size: Pt
    bold: bool = False
    center: bool = False
    indent: bool = True  # first-line indent of two characters
    gray: bool = False


STYLES = {
    "title": _Style(TITLE_FONT, SIZE_ER, center=True, indent=False),
    "h1": _Style(H1_FONT, SIZE_SAN),
    "h2": _Style(H2_FONT, SIZE_SAN),
    "h3": _Style(BODY_FONT, SIZE_SAN, bold=True),
    "h4": _Style(BODY_FONT, SIZE_SAN),
    "body": _Style(BODY_FONT, SIZE_SAN),
    "note": _Style(H2_FONT, SIZE_SAN, gray=True),
}


def to_docx(markdown: str) -> bytes:
    """The .docx bytes for a Markdown draft."""
    document = Document()
    _page_setup(document)
    _default_font(document)
    first = document.paragraphs[0] if document.paragraphs else None
    for kind, text in _blocks(markdown):
        paragraph = first if first is not None else document.add_paragraph()
        first = None
        _write(paragraph, STYLES[kind], text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _blocks(markdown: str) -> list[tuple[str, str]]:
    out = []
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if m := re.match(r"^(#{1,6})\s+(.*)$", line):
            level = len(m.group(1))
            kind = "title" if level == 1 else ("h1", "h2", "h3", "h4", "h4")[min(level - 2, 4)]
            out.append((kind, m.group(2)))
        elif line.startswith(">"):
            out.append(("note", line.lstrip("> ")))
        elif m := re.match(r"^\s*[-*]\s+\[[ xX]\]\s+(.*)$", line):
            out.append(("body", "□ " + m.group(1)))
        elif m := re.match(r"^\s*[-*]\s+(.*)$", line):
            out.append(("body", m.group(1)))
        else:
            out.append(("body", line.strip()))
    return out


def _write(paragraph: Paragraph, style: _Style, text: str) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if style is not STYLES["title"] else Pt(36)
    fmt.space_before = Pt(0)
    fmt.space_after = LINE if style is STYLES["title"] else Pt(0)  # a blank line under the title
    if style.center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if style.indent:
        fmt.first_line_indent = Pt(style.size.pt * 2)
    for piece in re.split(f"({re.escape(BLANK)})", text):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        set_font(run, style.font, style.size, style.bold)
        if piece == BLANK:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif style.gray:
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def set_font(run, name: str, size: Pt, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Set Latin and East-Asian fonts on a run (python-docx sets only the Latin ones)."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        r_fonts.set(qn(attr), name)


def _page_setup(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in ("— ", None, " —"):
        run = footer.add_run(piece or "")
        set_font(run, PAGE_FONT, SIZE_SI)
        if piece is None:
            _page_field(run)


def _page_field(run) -> None:  # type: ignore[no-untyped-def]
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def _default_font(document) -> None:  # type: ignore[no-untyped-def]
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_SAN
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
