"""Turn a drafted Markdown report into a .docx in the style of GB/T 9704 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 二号 方正小标宋简体;
body 三号 仿宋_GB2312 at a fixed 28 pt line spacing; headings 一、 黑体, （一） 楷体_GB2312,
1. 仿宋_GB2312 bold; page numbers "— 1 —" in 四号 宋体.

Headings use Word's built-in 标题 1–4 styles (``Heading 1``…), restyled to those faces, with
outline levels and keep-with-next, so the navigation pane, outline view and a table of
contents work. Every kind of paragraph has a named style (上年内容, 清单, 主送, 署名 …) that
carries its face, size and colour — runs carry no direct font formatting — so a clerk can
change or remove one kind at once. Fonts: see drafting/fonts.py.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from drafting import fonts
from drafting.context import BLANK, PROMPT_MARK
from drafting.fonts import Face

TITLE_FONT = fonts.TITLE.name
BODY_FONT = fonts.FANGSONG.name
H1_FONT = fonts.HEITI.name
H2_FONT = fonts.KAITI.name
PAGE_FONT = fonts.SONG.name
SIZE_ER = Pt(22)  # 二号
SIZE_SAN = Pt(16)  # 三号
SIZE_SI = Pt(14)  # 四号
LINE = Pt(28)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH = Mm(210 - 28 - 26)
CHAR = 16.0  # one character of 三号, in points
RED = RGBColor(0xFF, 0x00, 0x00)
GREY = RGBColor(0x80, 0x80, 0x80)


@dataclass(frozen=True)
class _Style:
    name: str  # the Word style ("Heading 1" is shown as 标题 1 in Chinese Word)
    face: Face
    size: Pt
    bold: bool = False
    align: str = "justify"  # justify, center, left, right
    first_line: float = 2.0  # first-line indent in characters
    left: float = 0.0  # left indent in characters
    outline: int | None = None  # outline level 0–8 (headings)
    line: Pt = LINE
    color: RGBColor | None = None


STYLES = {
    "title": _Style("Title", fonts.TITLE, SIZE_ER, align="center", first_line=0, line=Pt(36)),
    "h1": _Style("Heading 1", fonts.HEITI, SIZE_SAN, outline=0),
    "h2": _Style("Heading 2", fonts.KAITI, SIZE_SAN, outline=1),
    "h3": _Style("Heading 3", fonts.FANGSONG, SIZE_SAN, bold=True, outline=2),
    "h4": _Style("Heading 4", fonts.FANGSONG, SIZE_SAN, outline=3),
    "body": _Style("Normal", fonts.FANGSONG, SIZE_SAN),
    "item": _Style("条目", fonts.FANGSONG, SIZE_SAN),
    "subitem": _Style("下级条目", fonts.FANGSONG, SIZE_SAN, first_line=0, left=3),
    "check": _Style("清单", fonts.FANGSONG, SIZE_SAN, first_line=-1, left=3),
    "note": _Style("起草说明", fonts.KAITI, SIZE_SAN, color=GREY),
    "prior": _Style("上年内容", fonts.KAITI, SIZE_SI, line=Pt(24), color=GREY),
    "addressee": _Style("主送", fonts.FANGSONG, SIZE_SAN, align="left", first_line=0),
    "signature": _Style("署名", fonts.FANGSONG, SIZE_SAN, align="right", first_line=0),
    "date": _Style("成文日期", fonts.FANGSONG, SIZE_SAN, align="right", first_line=0),
    "remark": _Style("附注", fonts.FANGSONG, SIZE_SAN),
    "issuer": _Style("发文机关标志", fonts.TITLE, Pt(26), align="center", first_line=0, color=RED),
    "number": _Style("发文字号", fonts.FANGSONG, SIZE_SAN, align="left", first_line=0),
    "toc": _Style("目录说明", fonts.FANGSONG, SIZE_SAN, align="center", first_line=0),
}
_MARKERS = {
    "主送": "addressee",
    "落款": "signature",
    "日期": "date",
    "附注": "remark",
    "红头": "issuer",
    "文号": "number",
    "目录": "toc",
}
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def to_docx(markdown: str) -> bytes:
    """The .docx bytes for a Markdown draft."""
    document = Document()
    _page_setup(document)
    names = {s.name for s in document.styles}
    ids = {style.name: _define(document, style, names) for style in STYLES.values()}
    _font_table(document)
    blocks = blocks_of(markdown)
    indents = _signature_indents(blocks)
    first = document.paragraphs[0] if document.paragraphs else None
    for kind, text in blocks:
        paragraph = first if first is not None else document.add_paragraph()
        first = None
        _write(paragraph, kind, text, indents, ids)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blocks_of(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) for every non-empty line of the Markdown dialect in templates/README.md."""
    out = []
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if m := re.match(r"^(#{1,6})\s+(.*)$", line):
            level = len(m.group(1))
            kind = "title" if level == 1 else ("h1", "h2", "h3", "h4", "h4")[min(level - 2, 4)]
            out.append((kind, m.group(2)))
        elif m := re.match(r"^@(\S+)\s*(.*)$", line):
            out.append((_MARKERS.get(m.group(1), "body"), m.group(2)))
        elif line.startswith(">"):
            text = line.lstrip("> ")
            out.append(("prior" if text.startswith(f"【{PROMPT_MARK}") else "note", text))
        elif m := re.match(r"^\s*[-*]\s+\[[ xX]\]\s+(.*)$", line):
            out.append(("check", "□" + m.group(1)))
        elif m := re.match(r"^(\s*)[-*]\s+(.*)$", line):
            out.append(("subitem" if m.group(1) else "item", m.group(2)))
        else:
            out.append(("body", line.strip()))
    return out


def _write(
    paragraph: Paragraph, kind: str, text: str, indents: dict[str, float], ids: dict[str, str]
) -> None:
    style = STYLES[kind]
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = ids[style.name]  # = .style, faster
    if kind in indents:
        paragraph.paragraph_format.right_indent = Pt(indents[kind] * CHAR)
    if kind == "toc":
        _toc(paragraph)
        return
    if kind == "number":
        text = _number_line(paragraph, text)
    for piece in re.split(f"({re.escape(BLANK)}|\t)", text):
        if not piece:
            continue
        run = paragraph.add_run(piece)  # face, size and colour come from the style
        if piece == BLANK:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _number_line(paragraph: Paragraph, text: str) -> str:
    """文号 left (one character in), 签发人 right, a red rule under them (GB/T 9704 上行文)."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = Pt(CHAR)
    fmt.tab_stops.add_tab_stop(TEXT_WIDTH - Pt(CHAR), WD_TAB_ALIGNMENT.RIGHT)
    fmt.space_after = LINE
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="8" '
            'w:color="FF0000"/></w:pBdr>'
        )
    )
    return text.replace("｜", "\t", 1)


def _signature_indents(blocks: list[tuple[str, str]]) -> dict[str, float]:
    """Right indents (characters) of 署名 and 成文日期: GB/T 9704 7.3.5.2 (no seal).

    The date stands two characters from the right; the signature starts two characters
    before it. A signature longer than that moves the date left instead.
    """
    texts = dict((k, t) for k, t in blocks if k in ("signature", "date"))
    if not texts:
        return {}
    sig, date = len(texts.get("signature", "")), len(texts.get("date", ""))
    date_right = max(2.0, sig - date)
    return {"date": date_right, "signature": max(2.0, date_right + date + 2 - sig)}


def _toc(paragraph: Paragraph) -> None:
    """A table-of-contents field over the heading styles; Word fills it on 更新域 (F9)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)):
        run._element.append(_field_part(kind, text))
    shown = paragraph.add_run("（目录：在此处右键选择“更新域”生成）")
    set_font(shown, BODY_FONT, SIZE_SAN)
    paragraph.add_run()._element.append(_field_part("end", None))


def _field_part(kind: str | None, text: str | None) -> OxmlElement:
    if kind:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


def set_font(run, name: str, size: Pt, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """East-Asian face ``name`` with Times New Roman for Latin text, on one run."""
    run.font.size = size
    run.font.bold = bold
    _fonts(run._element.get_or_add_rPr(), name)


def _fonts(r_pr, name: str) -> None:  # type: ignore[no-untyped-def]
    r_fonts = r_pr.get_or_add_rFonts()
    for attr in list(r_fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del r_fonts.attrib[attr]  # a theme font would win over the named one
    r_fonts.set(qn("w:eastAsia"), name)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        r_fonts.set(qn(attr), fonts.LATIN)
    r_fonts.set(qn("w:hint"), "eastAsia")


def _define(document, style: _Style, names: set[str]) -> str:  # type: ignore[no-untyped-def]
    """Create or restyle one paragraph style; its style id."""
    styles = document.styles
    target = (
        styles[style.name]
        if style.name in names
        else styles.add_style(style.name, WD_STYLE_TYPE.PARAGRAPH)
    )
    if style.name != "Normal":
        target.base_style = styles["Normal"]
    element = target.element
    for old in element.findall(qn("w:pPr")) + element.findall(qn("w:rPr")):
        element.remove(old)
    font = target.font
    font.size = style.size
    font.bold = style.bold
    font.italic = False
    font.color.rgb = style.color or RGBColor(0, 0, 0)
    _fonts(element.get_or_add_rPr(), style.face.name)
    fmt = target.paragraph_format
    fmt.alignment = _ALIGN[style.align]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = style.line
    fmt.space_before = Pt(0)
    fmt.space_after = LINE if style.name == "Title" else Pt(0)
    fmt.first_line_indent = Pt(style.first_line * style.size.pt)
    fmt.left_indent = Pt(style.left * CHAR)
    fmt.widow_control = True
    if style.outline is not None:
        fmt.keep_with_next = True
        fmt.keep_together = True
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(style.outline))
        element.get_or_add_pPr().append(outline)
    if style.name in ("署名", "附注"):
        fmt.space_before = LINE  # 正文下空一行
    if style.name == "发文机关标志":
        fmt.space_before = Pt(100)  # 上行文: the mark about 80 mm from the top of the page
        fmt.line_spacing = Pt(style.size.pt * 1.3)
    return str(target.style_id)


def _font_table(document) -> None:  # type: ignore[no-untyped-def]
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = fonts.add_to_font_table(part.blob)


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
            for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
                run._element.append(_field_part(kind, text))
