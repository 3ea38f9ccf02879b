"""The GB/T 9704 faces, and the faces a stock office PC has in their place.

A .docx names fonts, it does not carry them. The standard names (仿宋_GB2312, 楷体_GB2312,
方正小标宋简体) are what reviewers expect to see in 字体, so they stay in every run's
``w:rFonts/@w:eastAsia``. A stock Windows PC (and WPS) has 仿宋, 楷体, 黑体, 宋体 and, with
Office, 华文中宋 instead; the font table lists those as ``w:altName`` of each standard face
(a comma-separated list, ISO/IEC 29500-1 §17.8.3.1: "when an application cannot locate a font
using the primary name … it should use each alternate name in turn"), together with the GB2312
character set (``w:charset 86``) and the family, which Word uses for its own substitution when
no alternate is found either. Digits and Latin letters use Times New Roman.

LibreOffice ignores ``w:altName``; the PDF converter (drafting/pdf.py) gives it a replacement
table instead, built from ``SUBSTITUTES`` and the fonts installed.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

LATIN = "Times New Roman"


@dataclass(frozen=True)
class Face:
    name: str  # the GB/T 9704 name written into the document
    alternates: tuple[str, ...]  # faces a stock Windows/WPS PC has, in order of preference
    family: str  # OOXML font family: roman (serif), modern (fixed), swiss (sans)
    look: str  # which open face stands in under LibreOffice: serif, sans, kai


FANGSONG = Face("仿宋_GB2312", ("仿宋", "FangSong", "华文仿宋", "STFangsong"), "modern", "serif")
KAITI = Face("楷体_GB2312", ("楷体", "KaiTi", "华文楷体", "STKaiti"), "modern", "kai")
HEITI = Face("黑体", ("SimHei", "微软雅黑", "Microsoft YaHei", "华文黑体"), "modern", "sans")
TITLE = Face("方正小标宋简体", ("华文中宋", "STZhongsong", "宋体", "SimSun"), "roman", "serif")
SONG = Face("宋体", ("SimSun", "NSimSun", "华文宋体", "STSong"), "roman", "serif")
# the shipped faces themselves, so a document whose fonts were changed to them still converts
SHIPPED = (
    Face("仿宋", ("FangSong",), "modern", "serif"),
    Face("楷体", ("KaiTi",), "modern", "kai"),
    Face("华文中宋", ("STZhongsong",), "roman", "serif"),
)
FACES = (FANGSONG, KAITI, HEITI, TITLE, SONG)

# open faces LibreOffice can use, best first (fonts-noto-cjk provides the Noto ones)
SUBSTITUTES = {
    "serif": ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体", "AR PL UMing CN"),
    "sans": ("Noto Sans CJK SC", "Source Han Sans SC", "思源黑体", "WenQuanYi Zen Hei"),
    "kai": ("AR PL UKai CN", "LXGW WenKai", "霞鹜文楷", "AR PL KaitiM GB"),
}


def add_to_font_table(font_table_xml: bytes) -> bytes:
    """The font table with an entry (alternates, GB2312 charset, family) for every face."""
    root = parse_xml(font_table_xml)
    have = {el.get(qn("w:name")) for el in root.findall(qn("w:font"))}
    for face in (*FACES, *SHIPPED):
        if face.name in have:
            continue
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{face.name}">'
                f'<w:altName w:val="{",".join(face.alternates)}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{face.family}"/>'
                '<w:pitch w:val="variable"/></w:font>'
            )
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def faces_by_look() -> dict[str, list[str]]:
    """Every face name the documents use (standard and shipped), grouped by how it looks."""
    out: dict[str, list[str]] = {}
    for face in (*FACES, *SHIPPED):
        for name in (face.name, *face.alternates):
            out.setdefault(face.look, []).append(name)
    return out
